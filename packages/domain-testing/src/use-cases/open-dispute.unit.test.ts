import { describe, expect, it } from 'vitest';
import { DAY_MS, DISPUTE_REASONS, type Actor } from '@skillhouse/domain';
import {
  advanceWork,
  createWorld,
  decideDisputeThrough,
  delivered,
  hireThroughPayment,
  people,
  releaseRequested,
  workedUpTo,
  type FundedHire,
  type WorkStatus,
  type World,
} from '../escrow-fixtures.test-support.ts';
import { expectRefusedChangingNothing, itGuardsTheContract, recordsOf } from './refusal.test-support.ts';

function openDispute(
  world: World,
  contractId: unknown,
  actor: Actor = people.client,
  reason: unknown = 'quality',
  description: unknown = 'Not as agreed',
) {
  return world.service.openDispute.execute({ actor, contractId, reason, description });
}

describe('OpenDispute', () => {
  it('the client disputes a delivery: the dispute is open, with its reason, description and opener, and no money moves', async () => {
    const world = createWorld();
    const hire = await delivered(world);

    const dispute = await openDispute(world, hire.contractId, people.client, 'quality', '  The colours are wrong  ');

    expect(dispute).toEqual({
      number: 1,
      status: 'open',
      openedBy: people.client.userId,
      openedByRole: 'client',
      reason: 'quality',
      description: 'The colours are wrong',
      openedAt: expect.any(Date),
      statements: [],
      closedAt: null,
    });
    const { contract, escrow } = await world.service.contracts.view({ contractId: hire.contractId });
    expect(contract.status).toBe('Completed');
    expect(escrow).toMatchObject({ status: 'funded', resolution: null, dispute: { status: 'open', number: 1 } });
    expect(world.ports.ledger.walletEntries()).toEqual([]);
    expect(world.ports.payments.refunds()).toEqual([]);
  });

  it.each(DISPUTE_REASONS)('takes the reason %s', async (reason) => {
    const world = createWorld();
    const hire = await hireThroughPayment(world);
    await expect(openDispute(world, hire.contractId, people.freelancer, reason)).resolves.toMatchObject({
      reason,
      openedByRole: 'freelancer',
    });
  });

  it.each<WorkStatus | 'Pending'>(['Pending', 'Started', 'Ongoing', 'Completed'])(
    'either party may dispute a funded escrow whose work is %s',
    async (status) => {
      for (const opener of [people.client, people.freelancer]) {
        const world = createWorld();
        const hire = await hireThroughPayment(world);
        if (status !== 'Pending') await advanceWork(world, hire.contractId, status);
        await expect(openDispute(world, hire.contractId, opener)).resolves.toMatchObject({ status: 'open', openedBy: opener.userId });
      }
    },
  );

  it('a client whose freelancer walked away may dispute the canceled contract instead of refunding', async () => {
    const world = createWorld();
    const hire = await workedUpTo('Ongoing')(world);
    await world.service.cancelContract.execute({ actor: people.freelancer, contractId: hire.contractId });
    await expect(openDispute(world, hire.contractId, people.client, 'not_delivered')).resolves.toMatchObject({ status: 'open' });
  });

  it('the review period ended but the timer has not run yet: no dispute opens (409 ESCROW.REVIEW_LAPSED), and the timer then releases', async () => {
    for (const opener of [people.client, people.freelancer]) {
      const world = createWorld();
      const hire = await delivered(world);
      const { escrow } = await world.service.contracts.view({ contractId: hire.contractId });
      world.clock.set(escrow!.review!.endsAt);

      const endedAt = escrow!.review!.endsAt.toISOString();
      await expect(openDispute(world, hire.contractId, opener)).rejects.toMatchObject({ details: { reviewEndedAt: endedAt } });
      world.clock.set(escrow!.review!.endsAt);
      await expectRefusedChangingNothing(world, hire, () => openDispute(world, hire.contractId, opener), {
        code: 'ESCROW.REVIEW_LAPSED',
        kind: 'conflict',
      });

      await expect(world.service.releaseLapsedReviews.execute()).resolves.toMatchObject({ released: 1 });
      const after = await world.service.contracts.view({ contractId: hire.contractId });
      expect(after.escrow).toMatchObject({ dispute: null, resolution: { kind: 'release', decidedBy: 'system' } });
    }
  });

  it('a dispute opened the millisecond before the review ends wins: the timer then leaves the escrow alone', async () => {
    const world = createWorld();
    const hire = await delivered(world);
    const { escrow } = await world.service.contracts.view({ contractId: hire.contractId });
    world.clock.set(new Date(escrow!.review!.endsAt.getTime() - 1));

    await expect(openDispute(world, hire.contractId)).resolves.toMatchObject({ status: 'open' });
    world.clock.advance(DAY_MS);
    await expect(world.service.releaseLapsedReviews.execute()).resolves.toEqual({ due: 0, released: 0, failed: 0 });
    expect((await world.ports.escrows.view(hire.escrowId))?.resolution).toBeNull();
  });

  it('an open dispute freezes the escrow and the contract: no release request or approval, refund, status change or cancellation', async () => {
    const world = createWorld();
    const hire = await workedUpTo('Ongoing')(world);
    await openDispute(world, hire.contractId, people.freelancer, 'payment', 'The client asks for unpaid extras');
    const frozen = { code: 'ESCROW.IN_DISPUTE', kind: 'conflict' } as const;
    const { contractId } = hire;
    const { service } = world;
    for (const attempt of [
      () => service.updateContractStatus.execute({ actor: people.freelancer, contractId, status: 'Completed' }),
      () => service.cancelContract.execute({ actor: people.client, contractId }),
      () => service.updateContractStatus.execute({ actor: people.freelancer, contractId, status: 'Canceled' }),
      () => service.refundEscrow.execute({ actor: people.client, contractId, clientId: people.client.userId }),
      () => service.refundEscrow.execute({ actor: people.admin, contractId, clientId: people.client.userId }),
    ]) {
      await expectRefusedChangingNothing(world, hire, attempt, frozen);
    }
  });

  it('an open dispute on a Completed contract stops the release request, the admin release and the review timer', async () => {
    const world = createWorld();
    const hire = await delivered(world);
    await openDispute(world, hire.contractId, people.freelancer, 'unresponsive', 'No answer from the client');
    const frozen = { code: 'ESCROW.IN_DISPUTE', kind: 'conflict' } as const;
    await expectRefusedChangingNothing(
      world,
      hire,
      () => world.service.requestRelease.execute({ actor: people.client, contractId: hire.contractId }),
      frozen,
    );

    const requested = createWorld();
    const requestedHire = await releaseRequested(requested);
    await openDispute(requested, requestedHire.contractId);
    await expectRefusedChangingNothing(
      requested,
      requestedHire,
      () => requested.service.releaseEscrow.execute({ actor: people.admin, contractId: requestedHire.contractId }),
      frozen,
    );

    world.clock.advance(30 * DAY_MS);
    const before = await recordsOf(world, hire);
    await expect(world.service.releaseLapsedReviews.execute()).resolves.toEqual({ due: 0, released: 0, failed: 0 });
    expect(await recordsOf(world, hire)).toEqual(before);
  });

  it('a dispute may be opened again after a withdrawal: it is the escrow’s second', async () => {
    const world = createWorld();
    const hire = await delivered(world);
    await openDispute(world, hire.contractId);
    await world.service.withdrawDispute.execute({ actor: people.client, contractId: hire.contractId });
    await expect(openDispute(world, hire.contractId, people.freelancer, 'payment')).resolves.toMatchObject({
      number: 2,
      status: 'open',
      openedBy: people.freelancer.userId,
      statements: [],
    });
  });

  it.each<[string, string, 'reason' | 'description', unknown]>([
    ['no reason', 'VALIDATION.INVALID_REASON', 'reason', undefined],
    ['an unknown reason', 'VALIDATION.INVALID_REASON', 'reason', 'revenge'],
    ['a reason in capitals', 'VALIDATION.INVALID_REASON', 'reason', 'QUALITY'],
    ['no description', 'VALIDATION.INVALID_TEXT', 'description', undefined],
    ['a blank description', 'VALIDATION.INVALID_TEXT', 'description', ' \n '],
    ['a description over 5,000 characters', 'VALIDATION.INVALID_TEXT', 'description', 'x'.repeat(5_001)],
  ])('refuses %s: 400 %s naming %s, nothing changed', async (_what, code, field, value) => {
    const world = createWorld();
    const hire = await delivered(world);
    const claim = { reason: 'other', description: 'x', [field]: value };
    await expectRefusedChangingNothing(
      world,
      hire,
      () => world.service.openDispute.execute({ actor: people.client, contractId: hire.contractId, ...claim }),
      { code, kind: 'validation', fields: [field] },
    );
  });

  it('takes a description of exactly 5,000 characters', async () => {
    const world = createWorld();
    const hire = await delivered(world);
    await expect(openDispute(world, hire.contractId, people.client, 'other', 'x'.repeat(5_000))).resolves.toMatchObject({ status: 'open' });
  });

  itGuardsTheContract({
    setup: delivered,
    act: (world, contractId, actor) => openDispute(world, contractId, actor),
    actor: people.client,
    malformedId: '12345',
    outsiders: [
      ['an admin', people.admin, 'AUTH.ROLE_NOT_ALLOWED'],
      ['another client', people.otherClient, 'CONTRACT.NOT_A_PARTY'],
      ['another freelancer', people.otherFreelancer, 'CONTRACT.NOT_A_PARTY'],
      ["the client's id claiming to be a freelancer", { userId: people.client.userId, role: 'freelancer' }, 'CONTRACT.NOT_A_PARTY'],
    ],
  });

  it('refuses a second dispute while one is open: 409 DISPUTE.ALREADY_OPEN, by either party', async () => {
    const world = createWorld();
    const hire = await delivered(world);
    await openDispute(world, hire.contractId);
    for (const actor of [people.client, people.freelancer]) {
      await expectRefusedChangingNothing(world, hire, () => openDispute(world, hire.contractId, actor), {
        code: 'DISPUTE.ALREADY_OPEN',
        kind: 'conflict',
      });
    }
  });

  it.each<[string, (world: World) => Promise<FundedHire>]>([
    [
      'released by an admin',
      async (world) => {
        const hire = await releaseRequested(world);
        await world.service.releaseEscrow.execute({ actor: people.admin, contractId: hire.contractId });
        return hire;
      },
    ],
    [
      'released by the review timer',
      async (world) => {
        const hire = await delivered(world);
        world.clock.advance(14 * DAY_MS);
        await world.service.releaseLapsedReviews.execute();
        return hire;
      },
    ],
    [
      'refunded',
      async (world) => {
        const hire = await hireThroughPayment(world);
        await world.service.refundEscrow.execute({ actor: people.client, contractId: hire.contractId, clientId: people.client.userId });
        return hire;
      },
    ],
    [
      'decided on an earlier dispute',
      async (world) => {
        const hire = await delivered(world);
        await openDispute(world, hire.contractId);
        await decideDisputeThrough(world.service, hire.contractId, { freelancerPayout: 450, note: 'Delivered as agreed' });
        return hire;
      },
    ],
  ])('refuses an escrow already %s: 409 ESCROW.ALREADY_RESOLVED, nothing changed', async (_what, resolvedHire) => {
    const world = createWorld();
    const hire = await resolvedHire(world);
    for (const actor of [people.client, people.freelancer]) {
      await expectRefusedChangingNothing(world, hire, () => openDispute(world, hire.contractId, actor), {
        code: 'ESCROW.ALREADY_RESOLVED',
        kind: 'conflict',
      });
    }
  });
});
