import {
  assertLookupBound,
  evolveContract,
  isWithin,
  type Contract,
  type ContractEvent,
  type ContractListing,
  type ContractListQuery,
  type ContractRepository,
  type EscrowView,
} from '@skillhouse/domain';
import { IdsByTime } from './ids-by-time.ts';
import { InMemoryProjectedStream } from './in-memory-projected-stream.ts';

const INDEXED_FIELDS = ['clientId', 'freelancerId', 'jobId', 'status'] as const;
type IndexedField = (typeof INDEXED_FIELDS)[number];

/**
 * Lists answer from the projections, newest first through an index on each field a list filters by,
 * as the real store's indexes answer them: a list reads the index of its rarest filter and stops at
 * its limit, so it costs what its page costs, not what the store holds.
 */
export class InMemoryContractRepository extends InMemoryProjectedStream<ContractEvent, Contract> implements ContractRepository {
  private readonly newest = new IdsByTime();
  private readonly indexes: Record<IndexedField, Map<string, IdsByTime>> = {
    clientId: new Map(),
    freelancerId: new Map(),
    jobId: new Map(),
    status: new Map(),
  };

  /** The escrow views held with the projections, by contract id: as the real store keeps them in the contract's document. */
  private readonly escrowViews = new Map<string, EscrowView>();

  async list(query: ContractListQuery): Promise<readonly ContractListing[]> {
    const listings: ContractListing[] = [];
    for (const id of this.candidates(query).newestFirst(query.after)) {
      if (listings.length >= query.limit) break;
      const contract = this.projectionOf(id);
      if (contract !== undefined && matches(contract, query)) {
        listings.push({ contract, escrow: this.escrowViews.get(id) ?? null });
      }
    }
    return listings;
  }

  async project(contract: Contract, escrow?: EscrowView): Promise<void> {
    this.write(contract);
    if (escrow !== undefined) await this.projectEscrow(escrow);
  }

  /** Kept only with a projection to hold it, as an update of the real store's document would be. */
  async projectEscrow(escrow: EscrowView): Promise<void> {
    if (escrow.contractId === null || this.projectionOf(escrow.contractId) === undefined) return;
    if ((this.escrowViews.get(escrow.contractId)?.sequence ?? -1) >= escrow.sequence) return;
    this.escrowViews.set(escrow.contractId, escrow);
  }

  async findMany(contractIds: readonly string[]): Promise<readonly Contract[]> {
    assertLookupBound(contractIds, 'findMany');
    return contractIds.flatMap((id) => {
      const contract = this.projectionOf(id);
      return contract === undefined ? [] : [contract];
    });
  }

  async reproject(contractId: string): Promise<void> {
    this.rewrite(contractId);
  }

  async reprojectRecordedSince(_since: Date, limit: number): Promise<number> {
    return this.rewriteBehind(limit);
  }

  /** Only the events after the projection held: a reproject after one append folds one event. */
  protected fold(contractId: string, held: Contract | undefined): Contract | null {
    return this.eventsOf(contractId, held?.sequence).reduce<Contract | null>(evolveContract, held ?? null);
  }

  /** Every index is ordered by the creation time, which comes from the stream's first event and never changes. */
  protected indexed(next: Contract, previous: Contract | undefined): void {
    if (previous === undefined) this.newest.add(next.id, next.createdAt);
    for (const field of INDEXED_FIELDS) {
      if (previous?.[field] === next[field]) continue;
      if (previous !== undefined) this.indexes[field].get(previous[field])?.delete(previous.id, previous.createdAt);
      this.indexOf(field, next[field]).add(next.id, next.createdAt);
    }
  }

  /** The smallest index the query's filters select; the list reads it and checks the other filters. */
  private candidates(query: ContractListQuery): IdsByTime {
    let smallest = this.newest;
    for (const field of INDEXED_FIELDS) {
      const value = query[field];
      if (value === undefined) continue;
      const index = this.indexes[field].get(value);
      if (index === undefined) return NOTHING;
      if (index.size < smallest.size) smallest = index;
    }
    return smallest;
  }

  private indexOf(field: IndexedField, value: string): IdsByTime {
    let index = this.indexes[field].get(value);
    if (index === undefined) {
      index = new IdsByTime();
      this.indexes[field].set(value, index);
    }
    return index;
  }
}

const NOTHING = new IdsByTime();

function matches(contract: Contract, query: ContractListQuery): boolean {
  return (
    (query.clientId === undefined || contract.clientId === query.clientId) &&
    (query.freelancerId === undefined || contract.freelancerId === query.freelancerId) &&
    (query.jobId === undefined || contract.jobId === query.jobId) &&
    (query.status === undefined || contract.status === query.status) &&
    isWithin(contract.createdAt, query.created)
  );
}
