import Stripe from 'stripe';
import {
  PaymentGatewayError,
  payoutTransferGroup,
  PROCESSOR_REFUND_STATUSES,
  type ProcessorPaymentRecord,
  type ProcessorPayoutRecord,
  type ProcessorRefund,
  type ProcessorRefundStatus,
} from '@skillhouse/domain';
import { paymentGatewayErrorFrom } from './stripe-error.ts';
import { REFUND_SCAN_LIMIT } from './stripe-refunds.ts';
import { TRANSFER_SCAN_LIMIT } from './stripe-payouts.ts';

/**
 * What Stripe holds of a payment and of a withdrawal's payout, read for the reconciliation: the
 * payment intent's amount received and every refund of it, and the transfers of a withdrawal's
 * transfer group. Reads only.
 */

/** The payment intent and its refunds, or null when Stripe has no such payment intent. */
export async function paymentRecordOf(stripe: Stripe, paymentIntentId: string): Promise<ProcessorPaymentRecord | null> {
  let intent: Stripe.PaymentIntent;
  try {
    intent = await stripe.paymentIntents.retrieve(paymentIntentId);
  } catch (error) {
    if (isMissing(error)) return null;
    throw paymentGatewayErrorFrom(error, 'read the payment');
  }
  const refunds: ProcessorRefund[] = [];
  try {
    for await (const refund of stripe.refunds.list({ payment_intent: paymentIntentId, limit: 100 })) {
      if (refunds.length === REFUND_SCAN_LIMIT) {
        throw new PaymentGatewayError('the payment has more refunds than the reconciliation reads', {
          paymentIntentId,
          scanned: REFUND_SCAN_LIMIT,
        });
      }
      refunds.push({
        refundId: refund.id,
        amountPaise: refund.amount,
        status: refundStatusOf(refund.status),
        escrowId: refund.metadata?.['escrowId'] ?? null,
      });
    }
  } catch (error) {
    if (error instanceof PaymentGatewayError) throw error;
    throw paymentGatewayErrorFrom(error, 'read the refunds of the payment');
  }
  return { paymentIntentId, amountReceivedPaise: intent.amount_received, refunds };
}

/** The transfers Stripe made for the withdrawal: its transfer group's, carrying its id in their metadata. */
export async function payoutRecordsOf(stripe: Stripe, withdrawalId: string): Promise<readonly ProcessorPayoutRecord[]> {
  const records: ProcessorPayoutRecord[] = [];
  try {
    let scanned = 0;
    for await (const transfer of stripe.transfers.list({ transfer_group: payoutTransferGroup(withdrawalId), limit: 100 })) {
      scanned += 1;
      if (scanned > TRANSFER_SCAN_LIMIT) break;
      if (transfer.metadata['withdrawalId'] !== withdrawalId) continue;
      records.push({ payoutId: transfer.id, amountPaise: transfer.amount, reversedPaise: transfer.amount_reversed });
    }
  } catch (error) {
    throw paymentGatewayErrorFrom(error, 'read the transfers of the withdrawal');
  }
  return records;
}

/** Stripe's refund statuses are the port's; a refund without one has not moved yet, but will. */
function refundStatusOf(status: string | null): ProcessorRefundStatus {
  return PROCESSOR_REFUND_STATUSES.find((known) => known === status) ?? 'pending';
}

function isMissing(error: unknown): boolean {
  return error instanceof Stripe.errors.StripeInvalidRequestError && error.code === 'resource_missing';
}
