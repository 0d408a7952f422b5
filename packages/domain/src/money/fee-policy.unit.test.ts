import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AssertionFailed } from '../shared/domain-error.ts';
import { CHARGE_PAISE_MAX, CHARGE_PAISE_MIN } from './money.ts';
import {
  PLATFORM_FEE_BPS_DEFAULT,
  REFUND_SPLIT_POLICY_DEFAULT,
  splitPlatformFee,
  splitRefund,
  type RefundSplitPolicy,
  type RefundStage,
  type WorkStoppedBy,
} from './fee-policy.ts';

const amountArb = fc.integer({ min: CHARGE_PAISE_MIN, max: CHARGE_PAISE_MAX });
const bpsArb = fc.integer({ min: 0, max: 10_000 });
const stageArb = fc.constantFrom<RefundStage>('Pending', 'Started', 'Ongoing');
const policyArb: fc.Arbitrary<RefundSplitPolicy> = fc.record({ Pending: bpsArb, Started: bpsArb, Ongoing: bpsArb });
const stopperArb = fc.constantFrom<WorkStoppedBy>('client', 'admin', 'freelancer');

describe('splitPlatformFee', () => {
  it.each([45, 46, 50, 54])('keeps a 5 paise fee on %i paise at the default 10%% (half-up)', (amount) => {
    expect(splitPlatformFee(amount, PLATFORM_FEE_BPS_DEFAULT)).toEqual({
      amountPaise: amount,
      platformFeePaise: 5,
      freelancerEarningPaise: amount - 5,
    });
  });

  it.each([
    [44, 4],
    [55, 6],
    [50_000, 5_000],
    [99_999_999, 10_000_000],
  ])('keeps a fee of %i paise → %i at the default 10%%', (amount, fee) => {
    expect(splitPlatformFee(amount, PLATFORM_FEE_BPS_DEFAULT).platformFeePaise).toBe(fee);
  });

  it('keeps nothing at 0 bps and everything at 10000 bps', () => {
    expect(splitPlatformFee(12_345, 0)).toEqual({ amountPaise: 12_345, platformFeePaise: 0, freelancerEarningPaise: 12_345 });
    expect(splitPlatformFee(12_345, 10_000)).toEqual({ amountPaise: 12_345, platformFeePaise: 12_345, freelancerEarningPaise: 0 });
  });

  it('fee + earning = amount, both non-negative, for every chargeable amount and fee 0..10000 bps', () => {
    fc.assert(
      fc.property(amountArb, bpsArb, (amount, bps) => {
        const split = splitPlatformFee(amount, bps);
        expect(split.platformFeePaise + split.freelancerEarningPaise).toBe(amount);
        expect(split.platformFeePaise).toBeGreaterThanOrEqual(0);
        expect(split.freelancerEarningPaise).toBeGreaterThanOrEqual(0);
        expect(Number.isSafeInteger(split.platformFeePaise)).toBe(true);
      }),
      { numRuns: 2_000 },
    );
  });
});

describe('splitRefund', () => {
  const paid = splitPlatformFee(50_000, PLATFORM_FEE_BPS_DEFAULT);

  describe.each(['client', 'admin'] as const)('work stopped by the %s', (stoppedBy) => {
    it.each([
      ['Pending', 45_000, 0],
      ['Started', 38_250, 6_750],
      ['Ongoing', 27_000, 18_000],
    ] as const)(
      'with the default policy, at %s the client gets %i and the freelancer %i; the platform keeps 5000',
      (stage, client, freelancer) => {
        expect(splitRefund(paid, stage, stoppedBy, REFUND_SPLIT_POLICY_DEFAULT)).toEqual({
          clientRefundPaise: client,
          freelancerPayoutPaise: freelancer,
          platformFeePaise: 5_000,
        });
      },
    );

    it.each([
      ['Pending', 40_500, 4_500],
      ['Started', 22_500, 22_500],
      ['Ongoing', 0, 45_000],
    ] as const)(
      'with a custom policy (10%% / 50%% / 100%%), at %s the client gets %i and the freelancer %i',
      (stage, client, freelancer) => {
        const policy: RefundSplitPolicy = { Pending: 1_000, Started: 5_000, Ongoing: 10_000 };
        expect(splitRefund(paid, stage, stoppedBy, policy)).toEqual({
          clientRefundPaise: client,
          freelancerPayoutPaise: freelancer,
          platformFeePaise: 5_000,
        });
      },
    );
  });

  describe('work stopped by the freelancer', () => {
    it.each(['Pending', 'Started', 'Ongoing'] as const)(
      'at %s the freelancer keeps nothing: the client gets amount - platform fee',
      (stage) => {
        expect(splitRefund(paid, stage, 'freelancer', REFUND_SPLIT_POLICY_DEFAULT)).toEqual({
          clientRefundPaise: 45_000,
          freelancerPayoutPaise: 0,
          platformFeePaise: 5_000,
        });
      },
    );

    it('keeps nothing even under a policy that would give them everything', () => {
      const generous: RefundSplitPolicy = { Pending: 10_000, Started: 10_000, Ongoing: 10_000 };
      for (const stage of ['Pending', 'Started', 'Ongoing'] as const) {
        expect(splitRefund(paid, stage, 'freelancer', generous).freelancerPayoutPaise).toBe(0);
      }
    });
  });

  it('treats a share outside 0..10000 bps as a programming error', () => {
    expect(() => splitRefund(paid, 'Started', 'client', { ...REFUND_SPLIT_POLICY_DEFAULT, Started: 10_001 })).toThrow(AssertionFailed);
  });

  it('clientRefund + freelancerPayout + platformFee = amount, all non-negative, for every stage, stopper, policy and fee', () => {
    fc.assert(
      fc.property(amountArb, bpsArb, stageArb, stopperArb, policyArb, (amount, feeBps, stage, stoppedBy, policy) => {
        const fee = splitPlatformFee(amount, feeBps);
        const refund = splitRefund(fee, stage, stoppedBy, policy);
        expect(refund.clientRefundPaise + refund.freelancerPayoutPaise + refund.platformFeePaise).toBe(amount);
        expect(Math.min(refund.clientRefundPaise, refund.freelancerPayoutPaise, refund.platformFeePaise)).toBeGreaterThanOrEqual(0);
        expect(refund.platformFeePaise).toBe(fee.platformFeePaise);
        expect(refund.freelancerPayoutPaise).toBeLessThanOrEqual(fee.freelancerEarningPaise);
      }),
      { numRuns: 2_000 },
    );
  });

  it('the client and an admin stopping the work split it alike; a freelancer who stopped it gets nothing and the client at least as much', () => {
    fc.assert(
      fc.property(amountArb, bpsArb, stageArb, policyArb, (amount, feeBps, stage, policy) => {
        const fee = splitPlatformFee(amount, feeBps);
        const byClient = splitRefund(fee, stage, 'client', policy);
        const byFreelancer = splitRefund(fee, stage, 'freelancer', policy);
        expect(splitRefund(fee, stage, 'admin', policy)).toEqual(byClient);
        expect(byFreelancer.freelancerPayoutPaise).toBe(0);
        expect(byFreelancer.clientRefundPaise).toBe(fee.amountPaise - fee.platformFeePaise);
        expect(byFreelancer.clientRefundPaise).toBeGreaterThanOrEqual(byClient.clientRefundPaise);
      }),
      { numRuns: 1_000 },
    );
  });
});
