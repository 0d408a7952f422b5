import { Types, type Connection } from 'mongoose';
import type { ActivityFeed, FeedEvent, FeedRead } from './activity-feed.ts';

/**
 * How long after its `recordedAt` an event is surely visible to every reader. The stamp is taken by
 * the appending process just before its insert, so an event may become visible after one stamped
 * later by another process; the feed reads only up to `now - SETTLE_MS`, where the order by
 * (recordedAt, _id) no longer changes. The price: events arrive this much later. An insert that
 * takes longer than this after its stamp (a stalled process) is missed by live streams; the
 * contract's history still has it.
 */
export const FEED_SETTLE_MS = 1_000;

type Source = FeedEvent['source'];
const SOURCES: readonly { source: Source; rank: 'c' | 'e'; collection: string }[] = [
  { source: 'contract', rank: 'c', collection: 'contract_events' },
  { source: 'escrow', rank: 'e', collection: 'escrow_events' },
];

/** `<recordedAt ms, 15 digits>.<c|e>.<_id hex>`, or `<ms>.~` for "everything recorded up to ms": ordered as text. */
const POSITION_PATTERN = /^(\d{15})\.(?:([ce])\.([0-9a-f]{24})|~)$/;

interface Position {
  readonly ms: number;
  readonly rank: 'c' | 'e' | '~';
  readonly id: string | null;
}

function parsePosition(value: string): Position | null {
  const match = POSITION_PATTERN.exec(value);
  if (match === null) return null;
  const rank = (match[2] ?? '~') as Position['rank'];
  return { ms: Number(match[1]), rank, id: match[3] ?? null };
}

function formatPosition(ms: number, rank: 'c' | 'e' | '~', id: string | null): string {
  const time = String(ms).padStart(15, '0');
  return rank === '~' ? `${time}.~` : `${time}.${rank}.${id ?? ''}`;
}

interface StoredEvent {
  readonly _id: Types.ObjectId;
  readonly streamId: string;
  readonly sequence: number;
  readonly type: string;
  readonly data: Record<string, unknown>;
  readonly recordedAt: Date;
}

interface Parties {
  readonly clientId: string;
  readonly freelancerId: string;
  readonly contractId: string | null;
  readonly escrowId: string | null;
}

/**
 * The feed on MongoDB or FerretDB v1: `contract_events` and `escrow_events` read by (recordedAt,
 * _id) after a position, through their `recordedAt` index, merged into one order (contracts before
 * escrows within a millisecond). The parties come from the projections (`contracts`, `escrows`),
 * or from a contract's first event while its projection is not written yet.
 */
export class MongoActivityFeed implements ActivityFeed {
  constructor(
    private readonly connection: Connection,
    private readonly now: () => number = Date.now,
  ) {}

  async head(): Promise<string> {
    return formatPosition(this.now() - FEED_SETTLE_MS, '~', null);
  }

  isPosition(value: string): boolean {
    return parsePosition(value) !== null;
  }

  async readAfter(position: string, limit: number): Promise<FeedRead> {
    const after = parsePosition(position);
    if (after === null) throw new Error(`not a feed position: ${position}`);
    const horizon = this.now() - FEED_SETTLE_MS;
    if (after.ms >= horizon) return { events: [], position };
    const batches = await Promise.all(
      SOURCES.map(async (source) => ({ source, stored: await this.readSource(source, after, horizon, limit) })),
    );
    const merged = batches
      .flatMap(({ source, stored }) => stored.map((event) => ({ stored: event, source })))
      .map(({ stored, source }) => ({
        stored,
        source,
        id: formatPosition(stored.recordedAt.getTime(), source.rank, stored._id.toHexString()),
      }))
      .sort((left, right) => (left.id < right.id ? -1 : left.id > right.id ? 1 : 0))
      .slice(0, limit);
    // Fewer than `limit` from each collection: everything up to the horizon was read.
    const exhausted = batches.every((batch) => batch.stored.length < limit);
    const last = merged.at(-1);
    const next = exhausted ? formatPosition(horizon, '~', null) : (last?.id ?? position);
    const parties = await this.partiesOf(merged.map(({ stored, source }) => ({ source: source.source, streamId: stored.streamId })));
    const events: FeedEvent[] = merged.flatMap(({ stored, source, id }) => {
      const known = parties.get(`${source.source}:${stored.streamId}`);
      if (known === undefined) return [];
      return [{ id, source: source.source, type: stored.type, recordedAt: stored.recordedAt, data: stored.data, ...known }];
    });
    return { events, position: next };
  }

  private async readSource(source: (typeof SOURCES)[number], after: Position, horizon: number, limit: number): Promise<StoredEvent[]> {
    const at = new Date(after.ms);
    const upTo = { $lte: new Date(horizon) };
    let filter: Record<string, unknown>;
    if (after.rank === source.rank && after.id !== null) {
      filter = { $or: [{ recordedAt: { $gt: at, ...upTo } }, { recordedAt: at, _id: { $gt: new Types.ObjectId(after.id) } }] };
    } else if (after.rank !== '~' && after.rank < source.rank) {
      filter = { recordedAt: { $gte: at, ...upTo } };
    } else {
      filter = { recordedAt: { $gt: at, ...upTo } };
    }
    return this.connection.collection<StoredEvent>(source.collection).find(filter).sort({ recordedAt: 1, _id: 1 }).limit(limit).toArray();
  }

  /** The documents of `collection` with these ids, of the shape the caller names; no query for none. */
  private async findByIds<T extends { _id: string }>(collection: string, ids: readonly string[]): Promise<readonly T[]> {
    if (ids.length === 0) return [];
    return (await this.connection
      .collection<{ _id: string }>(collection)
      .find({ _id: { $in: [...ids] } })
      .toArray()) as T[];
  }

  /** `<source>:<streamId>` → the parties, read in one query per collection. */
  private async partiesOf(streams: readonly { source: Source; streamId: string }[]): Promise<Map<string, Parties>> {
    const found = new Map<string, Parties>();
    const idsOf = (source: Source) => [...new Set(streams.filter((stream) => stream.source === source).map((stream) => stream.streamId))];
    const contractIds = idsOf('contract');
    const [contracts, escrows] = await Promise.all([
      this.findByIds<{ _id: string; clientId: string; freelancerId: string; escrowId: string | null }>('contracts', contractIds),
      this.findByIds<{ _id: string; clientId: string; freelancerId: string; contractId: string | null }>('escrows', idsOf('escrow')),
    ]);
    const parties = (of: { clientId: string; freelancerId: string }, contractId: string | null, escrowId: string | null): Parties => ({
      clientId: of.clientId,
      freelancerId: of.freelancerId,
      contractId,
      escrowId,
    });
    for (const contract of contracts) found.set(`contract:${contract._id}`, parties(contract, contract._id, contract.escrowId));
    for (const escrow of escrows) found.set(`escrow:${escrow._id}`, parties(escrow, escrow.contractId, escrow._id));
    const unprojected = contractIds.filter((id) => !found.has(`contract:${id}`));
    if (unprojected.length > 0) {
      const created = await this.connection
        .collection<StoredEvent>('contract_events')
        .find({ streamId: { $in: unprojected }, sequence: 1 })
        .toArray();
      for (const event of created) {
        const { clientId, freelancerId, escrowId } = event.data;
        if (typeof clientId !== 'string' || typeof freelancerId !== 'string') continue;
        found.set(
          `contract:${event.streamId}`,
          parties({ clientId, freelancerId }, event.streamId, typeof escrowId === 'string' ? escrowId : null),
        );
      }
    }
    return found;
  }
}
