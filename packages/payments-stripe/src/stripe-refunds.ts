import type Stripe from 'stripe';
import { PaymentGatewayError, type RefundRequest } from '@skillhouse/domain';
import { paymentGatewayErrorFrom } from './stripe-error.ts';

/**
 * How many refunds of one payment intent are read, newest first, before giving up. A payment funds
 * one escrow and an escrow is refunded once, so a longer history is not ours to guess about.
 */
export const REFUND_SCAN_LIMIT = 1_000;

/** Statuses of a refund that moved, or will move, the money. `requires_action` completes later. */
const COUNTED_STATUSES: ReadonlySet<string> = new Set(['succeeded', 'pending', 'requires_action']);
/** Statuses of a refund that will never move the money: another refund must be made. */
const DEAD_STATUSES: ReadonlySet<string> = new Set(['failed', 'canceled']);

export interface EscrowRefunds {
  /** The newest refund of the escrow that is not failed or canceled, if any. */
  readonly standing: Stripe.Refund | null;
  /** The newest failed or canceled refund of the escrow, if any. */
  readonly latestDead: Stripe.Refund | null;
}

/**
 * The refunds Stripe holds for this escrow on its payment intent, found by `metadata.escrowId`.
 * This, not the idempotency key (kept by Stripe for 24 hours only), is what stops a recovery that
 * runs days after a crash from refunding the escrow a second time.
 */
export async function refundsOfEscrow(stripe: Stripe, request: RefundRequest): Promise<EscrowRefunds> {
  let standing: Stripe.Refund | null = null;
  let latestDead: Stripe.Refund | null = null;
  let scanned = 0;
  try {
    for await (const refund of stripe.refunds.list({ payment_intent: request.paymentIntentId, limit: 100 })) {
      scanned += 1;
      if (scanned > REFUND_SCAN_LIMIT) break;
      if (refund.metadata?.['escrowId'] !== request.escrowId) continue;
      if (refund.status !== null && DEAD_STATUSES.has(refund.status)) {
        latestDead ??= refund;
        continue;
      }
      standing = refund;
      break;
    }
  } catch (error) {
    throw paymentGatewayErrorFrom(error, 'look up the refunds of the payment');
  }
  if (standing === null && scanned > REFUND_SCAN_LIMIT) {
    throw new PaymentGatewayError('the payment has too many refunds to tell whether this escrow was refunded', {
      paymentIntentId: request.paymentIntentId,
      escrowId: request.escrowId,
      scanned: REFUND_SCAN_LIMIT,
    });
  }
  return { standing, latestDead };
}

/**
 * The key for creating the escrow's refund. After a failed or canceled refund the key must change:
 * within 24 hours Stripe would otherwise replay the dead refund's original (then still pending)
 * answer instead of refunding. Every retry that sees the same dead refund derives the same key.
 */
export function refundIdempotencyKey(request: RefundRequest, latestDead: Stripe.Refund | null): string {
  return latestDead === null ? request.idempotencyKey : `${request.idempotencyKey}-after-${latestDead.id}`;
}

/**
 * The refund's id when it moved, or will move, the money asked for. A failed or canceled refund, an
 * unknown status or another amount throws, so the domain leaves the operation open for recovery.
 */
export function countedRefundId(refund: Stripe.Refund, request: RefundRequest): string {
  const details = { refundId: refund.id, refundStatus: refund.status, escrowId: request.escrowId };
  if (refund.status === null || !COUNTED_STATUSES.has(refund.status)) {
    const failureReason = refund.failure_reason ?? undefined;
    throw new PaymentGatewayError(`the payment processor reports the refund as ${refund.status ?? 'without a status'}`, {
      ...details,
      ...(failureReason === undefined ? {} : { failureReason }),
    });
  }
  if (refund.amount !== request.amountPaise) {
    throw new PaymentGatewayError('the payment processor holds a refund of this escrow for another amount', {
      ...details,
      refundPaise: refund.amount,
      requestedPaise: request.amountPaise,
    });
  }
  return refund.id;
}
