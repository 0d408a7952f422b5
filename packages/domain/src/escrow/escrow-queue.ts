import type { EscrowQueue, QueueCursor } from '../ports/escrow-repository.port.ts';
import type { EscrowView } from './escrow.ts';

/**
 * Whether `view` is in `queue`, and the time the queue orders it by: the rules every adapter's
 * `listQueue` answers, written once (the in-memory adapter calls them; the conformance suite holds
 * the database adapter to them).
 */
export function inEscrowQueue(queue: EscrowQueue, view: EscrowView): boolean {
  switch (queue.kind) {
    case 'openDisputes':
      return view.dispute?.status === 'open';
    case 'autoReleaseDue':
      // As the review timer's list: unresolved, under review, no dispute or chargeback freezing it.
      return (
        view.resolution === null &&
        view.review !== null &&
        view.dispute?.status !== 'open' &&
        view.chargeback?.status !== 'open' &&
        view.review.endsAt <= queue.by
      );
    case 'returned':
      return view.resolution?.kind === 'return';
    case 'held':
      return view.resolution === null && view.contractId !== null;
    case 'refundsFailed':
      return view.refundFailure !== null;
    case 'openChargebacks':
      return view.chargeback?.status === 'open';
  }
}

/** The time `queue` orders `view` by (oldest first, then by id); only asked of a view in the queue. */
export function escrowQueueTime(queue: EscrowQueue, view: EscrowView): Date {
  switch (queue.kind) {
    case 'openDisputes':
      return view.dispute?.openedAt ?? view.fundedAt;
    case 'autoReleaseDue':
      return view.review?.endsAt ?? view.fundedAt;
    case 'returned':
    case 'held':
      return view.fundedAt;
    case 'refundsFailed':
      return view.refundFailure?.at ?? view.fundedAt;
    case 'openChargebacks':
      return view.chargeback?.openedAt ?? view.fundedAt;
  }
}

/** Keyset order: by time, then by id. Negative when `a` comes first. */
export function compareQueuePositions(a: QueueCursor, b: QueueCursor): number {
  const byTime = a.at.getTime() - b.at.getTime();
  if (byTime !== 0) return byTime;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}
