import type { Paise } from '../money/money.ts';
import type { RefundStage } from '../money/fee-policy.ts';

export type EscrowStatus = 'funded' | 'released' | 'refunded';

/**
 * The one escrow of a checkout session, claimed by inserting it under the session id. Its money
 * fields never change; `contractId` and the status are projections of what happened next.
 */
export interface Escrow {
  readonly id: string;
  readonly checkoutSessionId: string;
  readonly paymentIntentId: string;
  readonly jobId: string;
  readonly clientId: string;
  readonly freelancerId: string;
  readonly amountPaise: Paise;
  readonly platformFeePaise: Paise;
  readonly freelancerEarningPaise: Paise;
  /** The id a new contract gets if this payment has to create one; fixed at the claim so a replay reuses it. */
  readonly proposedContractId: string;
  readonly fundedAt: Date;
}

/**
 * How an escrow ends: released to the freelancer, refunded (split by the stage the work reached),
 * or returned whole because the payment could not be matched to a contract. Claimed once per
 * escrow under its id: the unique key that makes release and refund mutually exclusive.
 */
export const RESOLUTION_KINDS = ['release', 'refund', 'return'] as const;
export type ResolutionKind = (typeof RESOLUTION_KINDS)[number];

export interface EscrowResolution {
  readonly escrowId: string;
  readonly contractId: string | null;
  readonly kind: ResolutionKind;
  readonly stage: RefundStage | null;
  readonly clientRefundPaise: Paise;
  readonly freelancerPayoutPaise: Paise;
  readonly platformFeePaise: Paise;
  readonly decidedBy: string;
  readonly decidedAt: Date;
  readonly cancelReason: string | null;
  readonly cancelReasonDescription: string | null;
}

/** What has been done to finish a resolution; written after each step, so it is a projection. */
export interface ResolutionProgress {
  readonly stripeRefundId: string | null;
  readonly completedAt: Date | null;
}

/** The escrow as the API shows it: the claim, its contract and how it ended. */
export interface EscrowView extends Escrow {
  readonly contractId: string | null;
  readonly status: EscrowStatus;
  readonly resolution: (EscrowResolution & ResolutionProgress) | null;
}

export function escrowStatusOf(resolution: (EscrowResolution & ResolutionProgress) | null): EscrowStatus {
  if (resolution === null || resolution.completedAt === null) return 'funded';
  return resolution.kind === 'release' ? 'released' : 'refunded';
}

export function ledgerKeyForFreelancerPayout(escrowId: string, kind: ResolutionKind): string {
  return `escrow:${escrowId}:${kind}:freelancer`;
}

export function stripeKeyForClientRefund(escrowId: string): string {
  return `escrow-${escrowId}-client-refund`;
}
