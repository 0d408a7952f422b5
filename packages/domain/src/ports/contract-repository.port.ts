import type { Contract, ContractEvent, ContractStatus } from '../contract/contract.ts';
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

/**
 * Contracts are their event streams; the lists are answered from projections of those streams,
 * which may lag a write by a moment and are repaired by `reproject`. Decisions always read the stream.
 */
export interface ContractRepository extends EventStream<ContractEvent> {
  /** Newest first. */
  list(query: ContractListQuery): Promise<readonly Contract[]>;
  /** Rewrites the projection of one contract from its stream. */
  reproject(contractId: string): Promise<void>;
  /**
   * Rewrites the projections of the streams appended to since `since`, at most `limit` of them, so
   * one left behind by a crash between an append and its reproject catches up. Returns how many.
   */
  reprojectRecordedSince(since: Date, limit: number): Promise<number>;
}
