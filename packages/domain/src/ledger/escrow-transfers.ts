import { refundsThroughProcessor, type Escrow, type EscrowResolution, type EscrowState, type ResolutionKind } from '../escrow/escrow.ts';
import type { RefundStage } from '../money/fee-policy.ts';
import { assertNever } from '../shared/domain-error.ts';
import type { Paise } from '../money/money.ts';
import { escrowAccount, PLATFORM_ACCOUNTS, walletAccount, type Transfer, type TransferKind } from './ledger.ts';

/**
 * The transfers an escrow's records imply, each under an id derived from the escrow and the record
 * that caused it: however often they are written (the live path, a retry, recovery, the
 * migration), each is recorded once. The payment held is never written: it is the claim.
 */

export function paymentTransferId(escrowId: string): string {
  return `escrow:${escrowId}:payment`;
}

/** The freelancer's share of a resolution; the same key the wallet entries had before the ledger. */
export function freelancerPayoutTransferId(escrowId: string, kind: ResolutionKind): string {
  return `escrow:${escrowId}:${kind}:freelancer`;
}

export function platformFeeTransferId(escrowId: string, kind: ResolutionKind): string {
  return `escrow:${escrowId}:${kind}:fee`;
}

export function clientRefundTransferId(escrowId: string, kind: ResolutionKind): string {
  return `escrow:${escrowId}:${kind}:client`;
}

/** The n-th client refund the processor reported failed (n from 1): the money is back at the processor. */
export function refundFailedTransferId(escrowId: string, failure: number): string {
  return `escrow:${escrowId}:refund-failed:${failure}`;
}

/** The n-th retry of a failed client refund (n from 1), once its refund was sent. */
export function refundRetriedTransferId(escrowId: string, retry: number): string {
  return `escrow:${escrowId}:refund-retried:${retry}`;
}

export function refundSettledByHandTransferId(escrowId: string): string {
  return `escrow:${escrowId}:refund-settled-by-hand`;
}

/**
 * The n-th outside refund recorded (n from 1). Not named by the processor's running total: that
 * total falls when a refund fails, so two outside refunds may be reported at the same total.
 */
export function outsideRefundTransferId(escrowId: string, outsideRefund: number): string {
  return `escrow:${escrowId}:outside-refund:${outsideRefund}`;
}

export function chargebackLostTransferId(escrowId: string, disputeId: string): string {
  return `escrow:${escrowId}:chargeback:${disputeId}:lost`;
}

/**
 * The payment the processor received, held in the escrow's account. It is the escrow's claim,
 * read as a transfer: the ledger derives it from each claim and never stores it (Ledger), so the
 * claim and its transfer are one record, and neither exists without the other.
 */
export function paymentHeld(escrow: Pick<Escrow, 'id' | 'amountPaise' | 'fundedAt'>): Transfer {
  return {
    id: paymentTransferId(escrow.id),
    debitAccount: PLATFORM_ACCOUNTS.processor,
    creditAccount: escrowAccount(escrow.id),
    amountPaise: escrow.amountPaise,
    kind: 'payment_held',
    escrowId: escrow.id,
    contractId: null,
    withdrawalId: null,
    externalId: null,
    description: 'Payment held in escrow',
    at: escrow.fundedAt,
  };
}

/**
 * A resolution empties the escrow's account: the fee to the platform, the freelancer's share to
 * their wallet, the client's share out through the processor. Shares of zero move nothing. Each
 * transfer is one whole literal: V8 (Node 20) takes microseconds to build an object spread from a
 * shared part and then given more fields, and this runs on every settlement.
 */
export function resolutionTransfers(escrow: Escrow, resolution: EscrowResolution): Transfer[] {
  const { kind } = resolution;
  const fromEscrow = (
    id: string,
    creditAccount: string,
    amountPaise: Paise,
    transferKind: TransferKind,
    description: string,
  ): Transfer => ({
    id,
    debitAccount: escrowAccount(escrow.id),
    creditAccount,
    amountPaise,
    kind: transferKind,
    escrowId: escrow.id,
    contractId: resolution.contractId,
    withdrawalId: null,
    externalId: null,
    description,
    at: resolution.decidedAt,
  });
  const clientShare = refundsThroughProcessor(kind)
    ? fromEscrow(
        clientRefundTransferId(escrow.id, kind),
        PLATFORM_ACCOUNTS.clientRefunds,
        resolution.clientRefundPaise,
        'client_refund',
        'Refunded to the client',
      )
    : // The processor already gave this back (an outside refund, a chargeback), at the platform's loss: the escrow covers it.
      fromEscrow(
        clientRefundTransferId(escrow.id, kind),
        PLATFORM_ACCOUNTS.platformLosses,
        resolution.clientRefundPaise,
        'loss_covered',
        kind === 'chargeback' ? 'Covers the chargeback' : 'Covers the refund made outside this service',
      );
  const transfers = [
    fromEscrow(
      platformFeeTransferId(escrow.id, kind),
      PLATFORM_ACCOUNTS.platformFees,
      resolution.platformFeePaise,
      'platform_fee',
      'Platform fee',
    ),
    fromEscrow(
      freelancerPayoutTransferId(escrow.id, kind),
      walletAccount(escrow.freelancerId),
      resolution.freelancerPayoutPaise,
      'freelancer_payout',
      payoutDescription(kind, resolution.stage),
    ),
    clientShare,
  ];
  return transfers.filter((transfer) => transfer.amountPaise > 0);
}

/**
 * The transfers of what the processor did on its own and of the admin's answers to a failed
 * refund: a failed refund's money back at the processor, owed to the client; each retry sent, or
 * the settlement by hand, paying it; each outside refund and a lost chargeback as the platform's
 * loss (an unresolved escrow's resolution then covers it, above).
 */
export function processorTransfers(state: EscrowState): Transfer[] {
  const { escrow, resolution } = state;
  const transfers: Transfer[] = [];
  const common = { escrowId: escrow.id, contractId: state.contractId, withdrawalId: null };
  const refundPaise = resolution?.clientRefundPaise ?? 0;
  state.refundFailures.forEach((failure, index) => {
    transfers.push({
      ...common,
      id: refundFailedTransferId(escrow.id, index + 1),
      debitAccount: PLATFORM_ACCOUNTS.clientRefunds,
      creditAccount: PLATFORM_ACCOUNTS.refundsFailed,
      amountPaise: refundPaise,
      kind: 'client_refund_failed',
      externalId: failure.refundId,
      description: `The client's refund failed: ${failure.reason}`,
      at: failure.at,
    });
  });
  // The first refund sent is the resolution's; each one after it follows a retry.
  state.refundRetries.slice(0, Math.max(0, state.clientRefundsSent - 1)).forEach((retry, index) => {
    transfers.push({
      ...common,
      id: refundRetriedTransferId(escrow.id, index + 1),
      debitAccount: PLATFORM_ACCOUNTS.refundsFailed,
      creditAccount: PLATFORM_ACCOUNTS.clientRefunds,
      amountPaise: refundPaise,
      kind: 'client_refund_retried',
      externalId: null,
      description: 'The client refund, sent again',
      at: retry.at,
    });
  });
  if (state.refundSettledByHand !== null) {
    transfers.push({
      ...common,
      id: refundSettledByHandTransferId(escrow.id),
      debitAccount: PLATFORM_ACCOUNTS.refundsFailed,
      creditAccount: PLATFORM_ACCOUNTS.clientRefunds,
      amountPaise: refundPaise,
      kind: 'client_refund_settled_by_hand',
      externalId: null,
      description: `The client refund, settled by hand: ${state.refundSettledByHand.note}`,
      at: state.refundSettledByHand.at,
    });
  }
  state.outsideRefundReports.forEach((report, index) => {
    transfers.push({
      ...common,
      id: outsideRefundTransferId(escrow.id, index + 1),
      debitAccount: PLATFORM_ACCOUNTS.platformLosses,
      creditAccount: PLATFORM_ACCOUNTS.clientRefunds,
      amountPaise: report.amountPaise,
      kind: 'outside_refund',
      externalId: null,
      description: 'Refunded to the client outside this service',
      at: report.at,
    });
  });
  const { chargeback } = state;
  if (chargeback?.status === 'lost' && chargeback.closedAt !== null) {
    transfers.push({
      ...common,
      id: chargebackLostTransferId(escrow.id, chargeback.disputeId),
      debitAccount: PLATFORM_ACCOUNTS.platformLosses,
      creditAccount: PLATFORM_ACCOUNTS.chargebacks,
      amountPaise: chargeback.amountPaise,
      kind: 'chargeback_lost',
      externalId: chargeback.disputeId,
      description: 'Taken back by the card network in a chargeback',
      at: chargeback.closedAt,
    });
  }
  return transfers.filter((transfer) => transfer.amountPaise > 0);
}

/**
 * Every transfer an escrow in `state` must have: the payment from the start, the resolution's once
 * it is settled, and those of the processor's own movements.
 */
export function transfersDueFor(state: EscrowState): Transfer[] {
  const due = [paymentHeld(state.escrow)];
  if (state.resolution !== null && state.settledAt !== null) due.push(...resolutionTransfers(state.escrow, state.resolution));
  due.push(...processorTransfers(state));
  return due;
}

function payoutDescription(kind: ResolutionKind, stage: RefundStage | null): string {
  switch (kind) {
    case 'release':
      return 'Escrow released';
    case 'dispute':
      return 'Dispute decided';
    case 'refund':
    case 'return':
      return `Partial payout on refund (work ${stage ?? 'stopped'})`;
    case 'outside_refund':
      return 'Paid from what a refund outside this service left';
    case 'chargeback':
      return 'Paid from what a chargeback left';
    default:
      return assertNever(kind, 'resolution kind');
  }
}
