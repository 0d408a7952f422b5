import type { Escrow, EscrowResolution, EscrowState, ResolutionKind } from '../escrow/escrow.ts';
import type { RefundStage } from '../money/fee-policy.ts';
import { assertNever } from '../shared/domain-error.ts';
import { escrowAccount, PLATFORM_ACCOUNTS, walletAccount, type Transfer } from './ledger.ts';

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
 * their wallet, the client's share out through the processor. Shares of zero move nothing.
 */
export function resolutionTransfers(escrow: Escrow, resolution: EscrowResolution): Transfer[] {
  const { kind, contractId, decidedAt: at } = resolution;
  const from = escrowAccount(escrow.id);
  const common = { debitAccount: from, escrowId: escrow.id, contractId, withdrawalId: null, externalId: null, at };
  const transfers: Transfer[] = [
    {
      ...common,
      id: platformFeeTransferId(escrow.id, kind),
      creditAccount: PLATFORM_ACCOUNTS.platformFees,
      amountPaise: resolution.platformFeePaise,
      kind: 'platform_fee',
      description: 'Platform fee',
    },
    {
      ...common,
      id: freelancerPayoutTransferId(escrow.id, kind),
      creditAccount: walletAccount(escrow.freelancerId),
      amountPaise: resolution.freelancerPayoutPaise,
      kind: 'freelancer_payout',
      description: payoutDescription(kind, resolution.stage),
    },
    {
      ...common,
      id: clientRefundTransferId(escrow.id, kind),
      creditAccount: PLATFORM_ACCOUNTS.clientRefunds,
      amountPaise: resolution.clientRefundPaise,
      kind: 'client_refund',
      description: 'Refunded to the client',
    },
  ];
  return transfers.filter((transfer) => transfer.amountPaise > 0);
}

/** Every transfer an escrow in `state` must have: the payment from the start, the resolution's once it is settled. */
export function transfersDueFor(state: EscrowState): Transfer[] {
  const due = [paymentHeld(state.escrow)];
  if (state.resolution !== null && state.settledAt !== null) due.push(...resolutionTransfers(state.escrow, state.resolution));
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
    default:
      return assertNever(kind, 'resolution kind');
  }
}
