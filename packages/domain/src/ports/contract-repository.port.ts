import type { Contract, ContractEvent, ContractStatus } from '../contract/contract.ts';
import type { EscrowView } from '../escrow/escrow.ts';
import type { ListPosition, TimeWindow } from '../shared/page.ts';
import type { EventStream } from './event-stream.port.ts';

export interface ContractListQuery {
  readonly clientId?: string;
  readonly freelancerId?: string;
  readonly jobId?: string;
  readonly status?: ContractStatus;
  /** Contracts created in this window. */
  readonly created?: TimeWindow;
  /** Every list is bounded. */
  readonly limit: number;
  /** The contracts after this one, newest first by (createdAt, id): keyset paging. */
  readonly after?: ListPosition;
}

/** A listed contract with the view of the escrow funding it, kept in the contract's projection: a list is one query. */
export interface ContractListing {
  readonly contract: Contract;
  readonly escrow: EscrowView | null;
}

/**
 * Contracts are their event streams; the lists are answered from projections of those streams,
 * which may lag a write by a moment and are repaired by `reproject`. Decisions always read the stream.
 */
export interface ContractRepository extends EventStream<ContractEvent> {
  /** Newest first, each with its escrow's view as last projected (null: none attached, or not projected yet). */
  list(query: ContractListQuery): Promise<readonly ContractListing[]>;
  /**
   * Writes the projection of `contract`, a state the writer folded (or the fold of a stream prefix),
   * unless the stored one is at least as new: no read. With `escrow`, its view is written with it
   * (a contract a payment created is projected once, funded).
   */
  project(contract: Contract, escrow?: EscrowView): Promise<void>;
  /** Writes `escrow`'s view into the projection of the contract it funds, unless that holds a later one. */
  projectEscrow(escrow: EscrowView): Promise<void>;
  /** The projections of `contractIds` (at most LOOKUP_IDS_MAX), in the order asked, unknown ids skipped. */
  findMany(contractIds: readonly string[]): Promise<readonly Contract[]>;
  /** Rewrites the projection of one contract from its stream (recovery: the writer's state is lost). */
  reproject(contractId: string): Promise<void>;
  /**
   * Rewrites the projections of the streams appended to since `since`, at most `limit` of them, so
   * one left behind by a crash between an append and its reproject catches up. Returns how many.
   */
  reprojectRecordedSince(since: Date, limit: number): Promise<number>;
}
