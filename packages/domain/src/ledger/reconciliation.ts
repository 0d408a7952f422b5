import type { EscrowState } from '../escrow/escrow.ts';
import { paiseToInrText, type Paise } from '../money/money.ts';
import type {
  ProcessorPaymentRecord,
  ProcessorPayoutRecord,
  ProcessorRefund,
  ProcessorRefundStatus,
} from '../ports/payment-gateway.port.ts';
import type { Transfer, TransferKind } from './ledger.ts';
import type { Withdrawal } from './withdrawal.ts';

/** An amount as the operators read it in a difference's sentence: the fields carry the numbers. */
const inr = (paise: Paise): string => `₹${paiseToInrText(paise)}`;

/**
 * The reconciliation: what the ledger says the payment processor did, set beside what the processor
 * says it did, escrow by escrow and withdrawal by withdrawal. Pure: it reads both sides and lists
 * every difference; nothing here (or in its use case) corrects either side.
 */
export const RECONCILIATION_DIFFERENCE_KINDS = [
  'payment_missing_at_processor',
  'payment_amount_differs',
  'refund_missing_at_processor',
  'refund_unknown_to_ledger',
  'refund_state_differs',
  'refund_amount_differs',
  'refunded_total_differs',
  'payout_missing_at_processor',
  'payout_unknown_to_ledger',
  'payout_amount_differs',
  'payout_reversal_not_recorded',
  'payout_reversal_differs',
] as const;
export type ReconciliationDifferenceKind = (typeof RECONCILIATION_DIFFERENCE_KINDS)[number];

export interface ReconciliationDifference {
  readonly kind: ReconciliationDifferenceKind;
  readonly subject: 'escrow' | 'withdrawal';
  readonly subjectId: string;
  /** The processor's object it is about: the payment intent, a refund, a transfer. */
  readonly externalId: string | null;
  /** The amount the ledger records, when the difference is about an amount. */
  readonly ledgerPaise: Paise | null;
  /** The amount the processor reports, when it reports one. */
  readonly processorPaise: Paise | null;
  readonly message: string;
}

/** A refund in these states moved, or will move, the money; in the others it never will. */
const MOVING_REFUND_STATUSES: ReadonlySet<ProcessorRefundStatus> = new Set(['pending', 'requires_action', 'succeeded']);

export function refundMovesMoney(status: ProcessorRefundStatus): boolean {
  return MOVING_REFUND_STATUSES.has(status);
}

/** One subject's list of differences, and the function that adds one to it. */
function differencesOf(subject: ReconciliationDifference['subject'], subjectId: string) {
  const differences: ReconciliationDifference[] = [];
  const difference = (
    kind: ReconciliationDifferenceKind,
    externalId: string | null,
    ledgerPaise: Paise | null,
    processorPaise: Paise | null,
    message: string,
  ): void => {
    differences.push({ kind, subject, subjectId, externalId, ledgerPaise, processorPaise, message });
  };
  return { differences, difference };
}

function sumOf(transfers: readonly Transfer[], kind: TransferKind): Paise {
  return transfers.reduce((sum, transfer) => (transfer.kind === kind ? sum + transfer.amountPaise : sum), 0);
}

function movingTotal(refunds: readonly ProcessorRefund[]): Paise {
  return refunds.reduce((sum, refund) => (refundMovesMoney(refund.status) ? sum + refund.amountPaise : sum), 0);
}

/**
 * One escrow: its state (which refunds of ours it knows, and which it recorded failed), its
 * transfers (the money the ledger says came in and went back through the processor) and the
 * processor's record of its payment (null when the processor has none).
 *
 * - the payment: the processor received what `escrow:<id>:payment` holds;
 * - each refund of ours the escrow knows: the processor has it, failed or canceled when the escrow
 *   recorded it failed, moving money otherwise, for the client's share;
 * - a refund naming this escrow that moves money and that the escrow does not know;
 * - the total: what the ledger says went back through the processor (the client refunds, less those
 *   that failed, plus each retry sent and each refund made outside this service; a refund settled
 *   by hand went outside the processor) against the processor's refunds that move money.
 *
 * A refund of ours that failed and that the escrow never knew (the processor refused it as it was
 * made, and another was made after it) moved nothing and is no difference.
 */
export function reconcileEscrow(
  state: EscrowState,
  transfers: readonly Transfer[],
  processor: ProcessorPaymentRecord | null,
): ReconciliationDifference[] {
  const { escrow } = state;
  const { differences, difference } = differencesOf('escrow', escrow.id);

  const paidPaise = sumOf(transfers, 'payment_held');
  if (processor === null) {
    difference(
      'payment_missing_at_processor',
      escrow.paymentIntentId,
      paidPaise,
      null,
      'the ledger holds a payment the processor does not know',
    );
    return differences;
  }
  if (processor.amountReceivedPaise !== paidPaise) {
    difference(
      'payment_amount_differs',
      escrow.paymentIntentId,
      paidPaise,
      processor.amountReceivedPaise,
      `the ledger holds ${inr(paidPaise)} paid, the processor received ${inr(processor.amountReceivedPaise)}`,
    );
  }

  const refundById = new Map(processor.refunds.map((refund) => [refund.refundId, refund]));
  // A refund the processor refused to make names none: there is nothing of it at the processor to compare.
  const failedIds = new Set(state.refundFailures.flatMap((failure) => (failure.refundId === null ? [] : [failure.refundId])));
  for (const refundId of failedIds) {
    const refund = refundById.get(refundId);
    if (refund === undefined) {
      difference('refund_missing_at_processor', refundId, null, null, 'a refund the escrow recorded failed is unknown to the processor');
    } else if (refundMovesMoney(refund.status)) {
      difference(
        'refund_state_differs',
        refundId,
        0,
        refund.amountPaise,
        `the escrow recorded the refund failed, the processor says ${refund.status}`,
      );
    }
  }
  const sharePaise = state.resolution?.clientRefundPaise ?? 0;
  const standingId = state.clientRefundId !== null && !failedIds.has(state.clientRefundId) ? state.clientRefundId : null;
  if (standingId !== null) {
    const refund = refundById.get(standingId);
    if (refund === undefined) {
      difference('refund_missing_at_processor', standingId, sharePaise, null, "the escrow's client refund is unknown to the processor");
    } else if (!refundMovesMoney(refund.status)) {
      difference(
        'refund_state_differs',
        standingId,
        sharePaise,
        0,
        `the escrow counts the client refund as sent, the processor says ${refund.status}`,
      );
    } else if (refund.amountPaise !== sharePaise) {
      difference(
        'refund_amount_differs',
        standingId,
        sharePaise,
        refund.amountPaise,
        `the client's share is ${inr(sharePaise)}, the processor refunded ${inr(refund.amountPaise)}`,
      );
    }
  }
  for (const refund of processor.refunds) {
    if (refund.escrowId !== escrow.id || failedIds.has(refund.refundId) || refund.refundId === standingId) continue;
    if (!refundMovesMoney(refund.status)) continue;
    difference(
      'refund_unknown_to_ledger',
      refund.refundId,
      null,
      refund.amountPaise,
      `the processor holds a refund of this escrow (${refund.status}) the escrow does not know`,
    );
  }

  const ledgerOwn =
    sumOf(transfers, 'client_refund') + sumOf(transfers, 'client_refund_retried') - sumOf(transfers, 'client_refund_failed');
  const ledgerOutside = sumOf(transfers, 'outside_refund');
  const processorOwn = movingTotal(processor.refunds.filter((refund) => refund.escrowId === escrow.id));
  const processorOther = movingTotal(processor.refunds.filter((refund) => refund.escrowId !== escrow.id));
  if (ledgerOwn + ledgerOutside !== processorOwn + processorOther) {
    difference(
      'refunded_total_differs',
      escrow.paymentIntentId,
      ledgerOwn + ledgerOutside,
      processorOwn + processorOther,
      `refunded through the processor: the ledger says ${inr(ledgerOwn)} by this service and ${inr(ledgerOutside)} outside it, ` +
        `the processor ${inr(processorOwn)} naming this escrow and ${inr(processorOther)} not`,
    );
  }
  return differences;
}

/**
 * One withdrawal against the processor's transfers of its transfer group: the one the ledger paid it
 * out with is there, for its amount, reversed by as much as the ledger gave back to the wallet after
 * the payout (all of it, part of it, or nothing); any other transfer that still
 * carries money is one the ledger does not know (a payout sent and not recorded, or sent twice).
 */
export function reconcileWithdrawal(withdrawal: Withdrawal, payouts: readonly ProcessorPayoutRecord[]): ReconciliationDifference[] {
  const { differences, difference } = differencesOf('withdrawal', withdrawal.id);

  for (const payout of payouts) {
    if (payout.payoutId === withdrawal.payoutId || payout.reversedPaise >= payout.amountPaise) continue;
    difference(
      'payout_unknown_to_ledger',
      payout.payoutId,
      null,
      payout.amountPaise - payout.reversedPaise,
      `the processor sent a transfer for this withdrawal (${withdrawal.status} in the ledger) the ledger does not record`,
    );
  }
  if (withdrawal.payoutId === null) return differences;
  const payout = payouts.find((candidate) => candidate.payoutId === withdrawal.payoutId);
  if (payout === undefined) {
    difference(
      'payout_missing_at_processor',
      withdrawal.payoutId,
      withdrawal.amountPaise,
      null,
      "the ledger's payout is unknown to the processor",
    );
    return differences;
  }
  if (payout.amountPaise !== withdrawal.amountPaise) {
    difference(
      'payout_amount_differs',
      payout.payoutId,
      withdrawal.amountPaise,
      payout.amountPaise,
      `the ledger paid out ${inr(withdrawal.amountPaise)}, the processor's transfer is of ${inr(payout.amountPaise)}`,
    );
  }
  if (withdrawal.returnedPaise === 0 && payout.reversedPaise > 0) {
    difference(
      'payout_reversal_not_recorded',
      payout.payoutId,
      0,
      payout.reversedPaise,
      `the processor reversed ${inr(payout.reversedPaise)} of the payout; the ledger counts it paid out`,
    );
  } else if (withdrawal.returnedPaise !== payout.reversedPaise) {
    difference(
      'payout_reversal_differs',
      payout.payoutId,
      withdrawal.returnedPaise,
      payout.reversedPaise,
      `the ledger gave ${inr(withdrawal.returnedPaise)} of the payout back to the wallet, the processor reversed ${inr(payout.reversedPaise)} of ${inr(payout.amountPaise)}`,
    );
  }
  return differences;
}
