import { describe, expect, it } from 'vitest';
import { freelancerPayoutTransferId, stripeKeyForClientRefund, type Actor } from '@skillhouse/domain';
import {
  advanceWork,
  createWorld,
  delivered,
  disputedBy,
  hireThroughPayment,
  people,
  spyOnRefunds,
  workedUpTo,
  type FundedHire,
  type World,
} from '../escrow-fixtures.test-support.ts';
import { expectRefusedChangingNothing, itGuardsTheContract } from './refusal.test-support.ts';

interface Decision {
  readonly actor?: Actor;
  readonly freelancerPayout?: unknown;
  readonly refundPlatformFee?: unknown;
  readonly note?: unknown;
}

function decide(world: World, contractId: unknown, decision: Decision = {}) {
  return world.service.decideDispute.execute({
    actor: decision.actor ?? people.admin,
    contractId,
    freelancerPayout: 'freelancerPayout' in decision ? decision.freelancerPayout : 135,
    refundPlatformFee: 'refundPlatformFee' in decision ? decision.refundPlatformFee : false,
    note: 'note' in decision ? decision.note : 'Partly delivered',
  });
}

function disputed(world: World, hire: FundedHire, opener: Actor = people.client): Promise<FundedHire> {
  return disputedBy(world, opener, hire);
}

describe('DecideDispute', () => {
  it('30 % to the freelancer, fee kept: the client is refunded 70 % of the earning through the processor, the freelancer credited 30 %, the contract Canceled from Completed', async () => {
    const world = createWorld();
    const hire = await disputed(world, await delivered(world, 100_000));
    const requests = spyOnRefunds(world);

    const escrow = await decide(world, hire.contractId, {
      freelancerPayout: 270,
      refundPlatformFee: false,
      note: '  Two of three logos usable  ',
    });

    expect(escrow).toMatchObject({
      status: 'refunded',
      dispute: { status: 'resolved', closedAt: expect.any(Date) },
      resolution: {
        kind: 'dispute',
        contractId: hire.contractId,
        clientRefundPaise: 63_000,
        freelancerPayoutPaise: 27_000,
        platformFeePaise: 10_000,
        decidedBy: people.admin.userId,
        decidedByRole: 'admin',
        reason: 'dispute_decision',
        reasonDescription: 'Two of three logos usable',
      },
    });
    expect(requests).toEqual([
      {
        paymentIntentId: `pi_${hire.checkoutSessionId}`,
        amountPaise: 63_000,
        idempotencyKey: stripeKeyForClientRefund(hire.escrowId),
        escrowId: hire.escrowId,
      },
    ]);
    expect(world.ports.ledger.walletEntries()).toEqual([
      expect.objectContaining({
        ownerId: people.freelancer.userId,
        amountPaise: 27_000,
        direction: 'credit',
        transferId: freelancerPayoutTransferId(hire.escrowId, 'dispute'),
      }),
    ]);
    const { contract } = await world.service.contracts.view({ contractId: hire.contractId });
    expect(contract).toMatchObject({
      status: 'Canceled',
      cancellation: { from: 'Completed', by: people.admin.userId, byRole: 'admin', reason: 'dispute_decision', forRefund: false },
    });
    expect(contract.statusHistory.map((entry) => entry.status)).toEqual(['Pending', 'Started', 'Ongoing', 'Completed', 'Canceled']);
    expect((await world.service.getJob.execute({ jobId: hire.job.id })).status).toBe('Open');
  });

  it('the whole earning to the freelancer, fee kept: released to the freelancer, the contract stays Completed', async () => {
    const world = createWorld();
    const hire = await disputed(world, await delivered(world), people.freelancer);
    const escrow = await decide(world, hire.contractId, { freelancerPayout: '450.00' });
    expect(escrow).toMatchObject({
      status: 'released',
      resolution: { kind: 'dispute', clientRefundPaise: 0, freelancerPayoutPaise: 45_000, platformFeePaise: 5_000 },
    });
    expect(world.ports.payments.refunds()).toEqual([]);
    expect(await world.ports.ledger.walletBalanceOf(people.freelancer.userId)).toBe(45_000);
    const { contract } = await world.service.contracts.view({ contractId: hire.contractId });
    expect(contract).toMatchObject({ status: 'Completed', cancellation: null });
    expect((await world.service.getJob.execute({ jobId: hire.job.id })).status).toBe('Closed');
  });

  it('nothing to the freelancer, fee returned: the client gets every paisa back, the platform keeps nothing', async () => {
    const world = createWorld();
    const hire = await disputed(world, await delivered(world));
    const escrow = await decide(world, hire.contractId, { freelancerPayout: 0, refundPlatformFee: true });
    expect(escrow).toMatchObject({
      status: 'refunded',
      resolution: { clientRefundPaise: 50_000, freelancerPayoutPaise: 0, platformFeePaise: 0 },
    });
    expect(world.ports.payments.refunds()).toEqual([expect.objectContaining({ amountPaise: 50_000 })]);
    expect(world.ports.ledger.walletEntries()).toEqual([]);
  });

  it('the whole earning with the fee returned: the client gets the fee, the freelancer the earning, the contract stays Completed', async () => {
    const world = createWorld();
    const hire = await disputed(world, await delivered(world));
    const escrow = await decide(world, hire.contractId, { freelancerPayout: 450, refundPlatformFee: true });
    expect(escrow.resolution).toMatchObject({ clientRefundPaise: 5_000, freelancerPayoutPaise: 45_000, platformFeePaise: 0 });
    expect((await world.service.contracts.view({ contractId: hire.contractId })).contract.status).toBe('Completed');
  });

  it('a payout to the paisa: 0.01 INR', async () => {
    const world = createWorld();
    const hire = await disputed(world, await delivered(world));
    const escrow = await decide(world, hire.contractId, { freelancerPayout: 0.01 });
    expect(escrow.resolution).toMatchObject({ clientRefundPaise: 44_999, freelancerPayoutPaise: 1, platformFeePaise: 5_000 });
  });

  it('a dispute over live work ends it: Canceled from where it stood, or Completed when the freelancer gets the whole earning', async () => {
    const partial = createWorld();
    const partialHire = await hireThroughPayment(partial);
    await advanceWork(partial, partialHire.contractId, 'Started');
    await disputed(partial, partialHire, people.freelancer);
    await decide(partial, partialHire.contractId, { freelancerPayout: 100 });
    expect((await partial.service.contracts.view({ contractId: partialHire.contractId })).contract).toMatchObject({
      status: 'Canceled',
      cancellation: { from: 'Started' },
    });

    const whole = createWorld();
    const wholeHire = await hireThroughPayment(whole);
    await advanceWork(whole, wholeHire.contractId, 'Ongoing');
    await disputed(whole, wholeHire, people.freelancer);
    await decide(whole, wholeHire.contractId, { freelancerPayout: 450 });
    expect((await whole.service.contracts.view({ contractId: wholeHire.contractId })).contract.status).toBe('Completed');
  });

  it('a dispute over a canceled contract leaves it canceled as it was', async () => {
    const world = createWorld();
    const hire = await workedUpTo('Ongoing')(world);
    await world.service.cancelContract.execute({ actor: people.freelancer, contractId: hire.contractId, reason: 'too busy' });
    await disputed(world, hire);
    const escrow = await decide(world, hire.contractId, { freelancerPayout: 50 });
    expect(escrow.resolution).toMatchObject({ clientRefundPaise: 40_000, freelancerPayoutPaise: 5_000 });
    const { contract } = await world.service.contracts.view({ contractId: hire.contractId });
    expect(contract).toMatchObject({ status: 'Canceled', cancellation: { from: 'Ongoing', byRole: 'freelancer', reason: 'too busy' } });
  });

  it.each<[string, string, 'freelancerPayout' | 'refundPlatformFee' | 'note', unknown]>([
    ['a negative payout', 'VALIDATION.INVALID_SHARE', 'freelancerPayout', -1],
    ['a payout with three decimals', 'VALIDATION.INVALID_SHARE', 'freelancerPayout', 1.005],
    ['a payout that is not a number', 'VALIDATION.INVALID_SHARE', 'freelancerPayout', 'a lot'],
    ['no payout', 'VALIDATION.INVALID_SHARE', 'freelancerPayout', undefined],
    ['an infinite payout', 'VALIDATION.INVALID_SHARE', 'freelancerPayout', Number.POSITIVE_INFINITY],
    ['a payout larger than any payment', 'VALIDATION.AMOUNT_OUT_OF_RANGE', 'freelancerPayout', 10_000_000],
    ['a payout one paisa over the earning', 'VALIDATION.PAYOUT_OVER_EARNING', 'freelancerPayout', 450.01],
    ['a payout of the whole amount paid', 'VALIDATION.PAYOUT_OVER_EARNING', 'freelancerPayout', 500],
    ['a missing refundPlatformFee', 'VALIDATION.INVALID_BOOLEAN', 'refundPlatformFee', undefined],
    ['a refundPlatformFee that is the text "true"', 'VALIDATION.INVALID_BOOLEAN', 'refundPlatformFee', 'true'],
    ['a refundPlatformFee that is a number', 'VALIDATION.INVALID_BOOLEAN', 'refundPlatformFee', 1],
    ['no note', 'VALIDATION.INVALID_TEXT', 'note', undefined],
    ['a blank note', 'VALIDATION.INVALID_TEXT', 'note', '  '],
    ['a note over 2,000 characters', 'VALIDATION.INVALID_TEXT', 'note', 'x'.repeat(2_001)],
  ])('refuses %s: 400 %s naming %s, nothing changed', async (_what, code, field, value) => {
    const world = createWorld();
    const hire = await disputed(world, await delivered(world));
    await expectRefusedChangingNothing(world, hire, () => decide(world, hire.contractId, { [field]: value }), {
      code,
      kind: 'validation',
      fields: [field],
    });
  });

  itGuardsTheContract({
    setup: async (world) => disputed(world, await delivered(world)),
    act: (world, contractId, actor) => decide(world, contractId, { actor, freelancerPayout: 450 }),
    actor: people.admin,
    malformedId: 'zz',
    outsiders: [
      ['the client', people.client, 'AUTH.ROLE_NOT_ALLOWED'],
      ['the freelancer', people.freelancer, 'AUTH.ROLE_NOT_ALLOWED'],
    ],
  });

  it('refuses an escrow with no open dispute (none opened, or withdrawn): 409 DISPUTE.NOT_OPEN', async () => {
    const world = createWorld();
    const hire = await delivered(world);
    await expectRefusedChangingNothing(world, hire, () => decide(world, hire.contractId), { code: 'DISPUTE.NOT_OPEN', kind: 'conflict' });
    await disputed(world, hire);
    await world.service.withdrawDispute.execute({ actor: people.client, contractId: hire.contractId });
    await expectRefusedChangingNothing(world, hire, () => decide(world, hire.contractId), { code: 'DISPUTE.NOT_OPEN', kind: 'conflict' });
  });

  it('a second decision is a 409 ESCROW.ALREADY_RESOLVED and moves no more money', async () => {
    const world = createWorld();
    const hire = await disputed(world, await delivered(world));
    await decide(world, hire.contractId);
    await expectRefusedChangingNothing(world, hire, () => decide(world, hire.contractId, { freelancerPayout: 450 }), {
      code: 'ESCROW.ALREADY_RESOLVED',
      kind: 'conflict',
    });
    expect(world.ports.payments.refunds()).toHaveLength(1);
    expect(world.ports.ledger.walletEntries()).toHaveLength(1);
  });

  it('a decision the processor fails after it was claimed stays the decision: the retry finishes it, and a different second decision is refused', async () => {
    const world = createWorld();
    const hire = await disputed(world, await delivered(world));
    world.ports.payments.failNext();
    await expect(decide(world, hire.contractId, { freelancerPayout: 135 })).rejects.toMatchObject({ code: 'PAYMENT.GATEWAY_FAILED' });
    expect(await world.ports.escrows.view(hire.escrowId)).toMatchObject({
      status: 'funded',
      resolution: { kind: 'dispute', freelancerPayoutPaise: 13_500 },
    });

    await expect(decide(world, hire.contractId, { freelancerPayout: 450 })).rejects.toMatchObject({ code: 'ESCROW.ALREADY_RESOLVED' });

    expect(await world.ports.escrows.view(hire.escrowId)).toMatchObject({
      status: 'refunded',
      resolution: { clientRefundPaise: 31_500, freelancerPayoutPaise: 13_500 },
    });
    expect(world.ports.payments.refunds()).toEqual([expect.objectContaining({ amountPaise: 31_500 })]);
    expect(await world.ports.ledger.walletBalanceOf(people.freelancer.userId)).toBe(13_500);
  });
});
