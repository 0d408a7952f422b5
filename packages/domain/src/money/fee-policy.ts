import { assert, assertNever } from '../shared/domain-error.ts';
import { applyBasisPoints, assertPaise, BASIS_POINTS_WHOLE, type Paise } from './money.ts';

export interface FeeSplit {
  readonly amountPaise: Paise;
  readonly platformFeePaise: Paise;
  readonly freelancerEarningPaise: Paise;
}

export const PLATFORM_FEE_BPS_DEFAULT = 1_000;

export function requireBasisPoints(value: number, what: string): number {
  assert(Number.isSafeInteger(value) && value >= 0 && value <= BASIS_POINTS_WHOLE, `${what} must be 0..10000 basis points`);
  return value;
}

/** The platform keeps `platformFeeBps` of what the client paid; the rest is the freelancer's. */
export function splitPlatformFee(amountPaise: Paise, platformFeeBps: number): FeeSplit {
  assertPaise(amountPaise, 'amount');
  const platformFeePaise = applyBasisPoints(amountPaise, platformFeeBps);
  const freelancerEarningPaise = amountPaise - platformFeePaise;
  assert(freelancerEarningPaise >= 0, 'fee cannot exceed the amount');
  return { amountPaise, platformFeePaise, freelancerEarningPaise };
}

/** The stage of the work when an escrow is refunded decides the freelancer's part. */
export const REFUND_STAGES = ['Pending', 'Started', 'Ongoing'] as const;
export type RefundStage = (typeof REFUND_STAGES)[number];

/** What share of the freelancer's earning they keep when the work stops at each stage, in basis points. */
export type RefundSplitPolicy = Readonly<Record<RefundStage, number>>;

export const REFUND_SPLIT_POLICY_DEFAULT: RefundSplitPolicy = { Pending: 0, Started: 1_500, Ongoing: 4_000 };

export interface RefundSplit {
  readonly clientRefundPaise: Paise;
  readonly freelancerPayoutPaise: Paise;
  readonly platformFeePaise: Paise;
}

/** Who stopped the work: a freelancer who walks away is not paid like one the client stopped. */
export type WorkStoppedBy = 'client' | 'freelancer' | 'admin';

/**
 * Refund split: the platform keeps its fee; the freelancer gets the stage's share of their earning
 * when the client or an admin stopped the work, and nothing when they stopped it themselves.
 */
export function splitRefund(fee: FeeSplit, stage: RefundStage, stoppedBy: WorkStoppedBy, policy: RefundSplitPolicy): RefundSplit {
  const shareBps = stoppedBy === 'freelancer' ? 0 : freelancerShareBps(stage, policy);
  const freelancerPayoutPaise = applyBasisPoints(fee.freelancerEarningPaise, shareBps);
  const clientRefundPaise = fee.amountPaise - fee.platformFeePaise - freelancerPayoutPaise;
  assert(clientRefundPaise >= 0, 'client refund cannot be negative');
  assert(
    clientRefundPaise + freelancerPayoutPaise + fee.platformFeePaise === fee.amountPaise,
    'refund split must add up to the amount paid',
  );
  return { clientRefundPaise, freelancerPayoutPaise, platformFeePaise: fee.platformFeePaise };
}

function freelancerShareBps(stage: RefundStage, policy: RefundSplitPolicy): number {
  switch (stage) {
    case 'Pending':
    case 'Started':
    case 'Ongoing':
      return requireBasisPoints(policy[stage], `refund share at ${stage}`);
    default:
      return assertNever(stage, 'refund stage');
  }
}
