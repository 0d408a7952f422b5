import type { DisputeStatus } from '../escrow/dispute.ts';
import type { Escrow, EscrowEvent, EscrowState, EscrowView } from '../escrow/escrow.ts';
import type { PageRequest, TimeWindow } from '../shared/page.ts';
import type { EventStream, StoredEvent } from './event-stream.port.ts';

/**
 * The lists of escrows the operators' queues read, each oldest first by its own time: open disputes
 * by when the dispute opened, auto-releases due by `by` by when the review ends, payments returned
 * whole and escrows still holding a contract's money (unresolved) by when they were funded, client
 * refunds that failed by when they failed, open chargebacks by when they opened.
 */
export type EscrowQueue =
  | { readonly kind: 'openDisputes' }
  | { readonly kind: 'autoReleaseDue'; readonly by: Date }
  | { readonly kind: 'returned' }
  | { readonly kind: 'held' }
  | { readonly kind: 'refundsFailed' }
  | { readonly kind: 'openChargebacks' };

/** Where a page of a queue starts: after the entry of this time and id (keyset paging, stable under inserts). */
export interface QueueCursor {
  readonly at: Date;
  readonly id: string;
}

export interface EscrowQueuePage {
  readonly items: readonly EscrowView[];
  /** Every escrow in the queue, not only this page's. */
  readonly total: number;
  /** Where the next page starts; null on the last page. */
  readonly next: QueueCursor | null;
}

export type ClaimResult<T> = { readonly outcome: 'claimed' } | { readonly outcome: 'alreadyClaimed'; readonly existing: T };

/** An escrow as claimed, with the events of its stream. */
export interface LoadedEscrow {
  readonly escrow: Escrow;
  readonly events: readonly StoredEvent<EscrowEvent>[];
}

/**
 * Escrows: the funding, claimed once per checkout session, and a stream of what happens to the money
 * next, keyed by (escrowId, sequence) like every stream. Decisions read the stream; the views are
 * projections for lists, the review timer and the operators' queues.
 */
export interface EscrowRepository extends EventStream<EscrowEvent> {
  /**
   * Inserts the escrow under its checkout session id: one escrow per session, whoever comes first.
   * A later claim is answered with the first escrow as its stored view shows it (read once, with
   * the refusal), so a duplicate delivery can see at once whether anything is left to do.
   */
  claim(escrow: Escrow): Promise<ClaimResult<EscrowView>>;
  findById(escrowId: string): Promise<Escrow | null>;
  /**
   * The escrow as claimed and its stream, in one call: what a decision on an escrow folds. The two
   * reads need not be one snapshot: the claim never changes.
   */
  load(escrowId: string): Promise<LoadedEscrow | null>;
  findByCheckoutSession(checkoutSessionId: string): Promise<Escrow | null>;
  /** The escrow a payment funded, named by the processor's payment intent (its own reports name the payment so). */
  findByPaymentIntent(paymentIntentId: string): Promise<Escrow | null>;
  /** Writes the view of `state`, unless the stored view is already at a later sequence. */
  project(state: EscrowState): Promise<void>;
  view(escrowId: string): Promise<EscrowView | null>;
  /** As ContractRepository.reprojectRecordedSince: rewrites the views of streams appended to since `since`. */
  reprojectRecordedSince(since: Date, limit: number): Promise<number>;
  /** `view` of each of `escrowIds` (at most LOOKUP_IDS_MAX), in the order asked, unknown ids skipped. */
  viewMany(escrowIds: readonly string[]): Promise<readonly EscrowView[]>;
  /**
   * A client's payments funded in `funded` (any time without it), newest first by (fundedAt, id),
   * one page: a payment returned whole shows here with its reason.
   */
  listByClient(clientId: string, page: PageRequest, funded?: TimeWindow): Promise<readonly EscrowView[]>;
  /** Every escrow funded in `funded`, oldest first by (fundedAt, id), one page: what the reconciliation walks. */
  listFunded(funded: TimeWindow, page: PageRequest): Promise<readonly EscrowView[]>;
  /** Unresolved escrows whose review period ended at or before `now`, earliest first, bounded: the review timer's work. */
  listReviewsLapsedBy(now: Date, limit: number): Promise<readonly EscrowView[]>;
  /**
   * Escrows funded at or before `fundedBy` whose payment is unfinished: matched to no contract and
   * not settled (claimed but not yet matched, or being returned), as the views say, earliest first,
   * bounded. The claim is the payment's journal entry: recovery finishes these.
   */
  listUnfinishedPayments(fundedBy: Date, limit: number): Promise<readonly EscrowView[]>;
  /** Escrows whose latest dispute is in `status`, oldest dispute first by (openedAt, id), one page. */
  listByDisputeStatus(status: DisputeStatus, page: PageRequest): Promise<readonly EscrowView[]>;
  /** One page of a queue, at most `limit` escrows after `after` (from the start when null), with the queue's size. */
  listQueue(queue: EscrowQueue, page: { readonly after: QueueCursor | null; readonly limit: number }): Promise<EscrowQueuePage>;
}
