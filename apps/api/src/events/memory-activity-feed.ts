import type { ContractEvent, ContractRepository, EscrowEvent, EscrowRepository } from '@skillhouse/domain';
import type { ActivityFeed, FeedEvent, FeedRead } from './activity-feed.ts';

interface Recorded {
  readonly source: 'contract' | 'escrow';
  readonly streamId: string;
  readonly type: string;
  readonly data: Readonly<Record<string, unknown>>;
  readonly recordedAt: Date;
}

const POSITION_DIGITS = 12;
const POSITION_PATTERN = /^\d{12}$/;

function positionOf(index: number): string {
  return String(index).padStart(POSITION_DIGITS, '0');
}

/**
 * The embedded default's feed: one process holds every stream, so each append is numbered as it
 * happens. `record` wraps the in-memory repositories' appends; the parties of an event are read
 * from its contract's first event or its escrow.
 */
export class MemoryActivityFeed implements ActivityFeed {
  private readonly log: Recorded[] = [];

  constructor(
    private readonly contracts: ContractRepository,
    private readonly escrows: EscrowRepository,
  ) {
    this.recordAppends(contracts, 'contract');
    this.recordAppends(escrows, 'escrow');
  }

  async head(): Promise<string> {
    return positionOf(this.log.length);
  }

  isPosition(value: string): boolean {
    return POSITION_PATTERN.test(value) && Number(value) <= this.log.length;
  }

  async readAfter(position: string, limit: number): Promise<FeedRead> {
    const from = Number(position);
    const slice = this.log.slice(from, from + limit);
    const events: FeedEvent[] = [];
    for (const [offset, recorded] of slice.entries()) {
      const event = await this.feedEvent(recorded, positionOf(from + offset + 1));
      if (event !== null) events.push(event);
    }
    return { events, position: positionOf(from + slice.length) };
  }

  private recordAppends(repository: ContractRepository | EscrowRepository, source: Recorded['source']): void {
    const append = repository.append.bind(repository) as (
      id: string,
      expected: number,
      event: ContractEvent | EscrowEvent,
    ) => ReturnType<typeof repository.append>;
    Object.assign(repository, {
      append: async (streamId: string, expectedSequence: number, event: ContractEvent | EscrowEvent) => {
        const result = await append(streamId, expectedSequence, event);
        if (result.outcome === 'appended') {
          this.log.push({
            source,
            streamId,
            type: event.type,
            data: structuredClone(event.data) as Record<string, unknown>,
            recordedAt: new Date(),
          });
        }
        return result;
      },
    });
  }

  private async feedEvent(recorded: Recorded, id: string): Promise<FeedEvent | null> {
    const base = { id, source: recorded.source, type: recorded.type, recordedAt: recorded.recordedAt, data: recorded.data };
    if (recorded.source === 'escrow') {
      const [escrow, view] = await Promise.all([this.escrows.findById(recorded.streamId), this.escrows.view(recorded.streamId)]);
      if (escrow === null) return null;
      const contractId = view?.contractId ?? null;
      return { ...base, contractId, escrowId: escrow.id, clientId: escrow.clientId, freelancerId: escrow.freelancerId };
    }
    const [created] = await this.contracts.read(recorded.streamId);
    if (created?.event.type !== 'ContractCreated') return null;
    const { clientId, freelancerId, escrowId } = created.event.data;
    return { ...base, contractId: recorded.streamId, escrowId, clientId, freelancerId };
  }
}
