import { describe, expect, it } from 'vitest';
import { createMarketplace, DAY_MS, type Actor } from '@skillhouse/domain';
import {
  createWorld,
  decideDisputeThrough,
  delivered,
  disputedBy,
  hireThroughPayment,
  people,
  workedUpTo,
  type World,
} from '../escrow-fixtures.test-support.ts';
import { interceptPorts } from '../port-interception.test-support.ts';
import { expectRefusedChangingNothing, itGuardsTheContract } from './refusal.test-support.ts';

function withdraw(world: World, contractId: unknown, actor: Actor = people.client) {
  return world.service.withdrawDispute.execute({ actor, contractId });
}

describe('WithdrawDispute', () => {
  it('the opener withdraws: the dispute is withdrawn with its statements kept, and the escrow may move again', async () => {
    const world = createWorld();
    const hire = await disputedBy(world, people.client, await delivered(world));
    await world.service.addDisputeStatement.execute({
      actor: people.freelancer,
      contractId: hire.contractId,
      text: 'It matches the brief',
    });

    const withdrawn = await withdraw(world, hire.contractId);

    expect(withdrawn).toMatchObject({
      number: 1,
      status: 'withdrawn',
      openedBy: people.client.userId,
      closedAt: expect.any(Date),
      statements: [{ text: 'It matches the brief' }],
    });
    expect(await world.ports.escrows.view(hire.escrowId)).toMatchObject({
      status: 'funded',
      resolution: null,
      dispute: { status: 'withdrawn' },
    });
    await world.service.requestRelease.execute({ actor: people.client, contractId: hire.contractId });
    await expect(world.service.releaseEscrow.execute({ actor: people.admin, contractId: hire.contractId })).resolves.toMatchObject({
      status: 'released',
    });
  });

  it('a freelancer who opened it may withdraw it, and the work goes on', async () => {
    const world = createWorld();
    const hire = await workedUpTo('Started')(world);
    await disputedBy(world, people.freelancer, hire);
    await expect(withdraw(world, hire.contractId, people.freelancer)).resolves.toMatchObject({ status: 'withdrawn' });
    await expect(
      world.service.updateContractStatus.execute({ actor: people.freelancer, contractId: hire.contractId, status: 'Ongoing' }),
    ).resolves.toMatchObject({ status: 'Ongoing' });
  });

  it('a review period with more than three days left keeps its end', async () => {
    const world = createWorld();
    const hire = await delivered(world);
    const { review } = (await world.ports.escrows.view(hire.escrowId))!;
    await disputedBy(world, people.client, hire);
    world.clock.advance(5 * DAY_MS);
    await withdraw(world, hire.contractId);
    expect((await world.ports.escrows.view(hire.escrowId))?.review).toEqual(review);
  });

  it('a review period that ran out during the dispute resumes with exactly three days left', async () => {
    const world = createWorld();
    const hire = await delivered(world);
    await disputedBy(world, people.client, hire);
    world.clock.advance(20 * DAY_MS);
    const withdrawn = await withdraw(world, hire.contractId);
    const { review } = (await world.ports.escrows.view(hire.escrowId))!;
    expect(review!.endsAt.getTime() - withdrawn.closedAt!.getTime()).toBe(3 * DAY_MS);
  });

  it('a dispute over work not yet delivered leaves no review period behind', async () => {
    const world = createWorld();
    const hire = await disputedBy(world, people.client, await hireThroughPayment(world));
    await withdraw(world, hire.contractId);
    expect((await world.ports.escrows.view(hire.escrowId))?.review).toBeNull();
  });

  it('a refund held up by a dispute opened while it was under way goes ahead once the dispute is withdrawn', async () => {
    const world = createWorld();
    const hire = await workedUpTo('Ongoing')(world);
    // The freelancer's dispute lands between the refund's cancellation and its claim on the escrow.
    let disputeOpened = false;
    const racedPorts = interceptPorts(world.ports, async (port, method, call) => {
      const result = await call();
      if (port === 'contracts' && method === 'append' && !disputeOpened) {
        disputeOpened = true;
        await disputedBy(world, people.freelancer, hire, { reason: 'payment', description: 'I did the work' });
      }
      return result;
    });
    const refunding = createMarketplace(racedPorts);
    await expect(
      refunding.refundEscrow.execute({ actor: people.client, contractId: hire.contractId, clientId: people.client.userId }),
    ).rejects.toMatchObject({
      code: 'ESCROW.IN_DISPUTE',
    });
    expect((await world.service.contracts.view({ contractId: hire.contractId })).contract).toMatchObject({
      status: 'Canceled',
      cancellation: { forRefund: true, from: 'Ongoing' },
    });
    expect(await world.service.getJob.execute({ jobId: hire.job.id })).toMatchObject({ status: 'Open', liveHire: null });
    expect(world.ports.payments.refunds()).toEqual([]);

    await withdraw(world, hire.contractId, people.freelancer);

    expect(await world.ports.escrows.view(hire.escrowId)).toMatchObject({
      status: 'refunded',
      resolution: {
        kind: 'refund',
        stage: 'Ongoing',
        clientRefundPaise: 27_000,
        freelancerPayoutPaise: 18_000,
        decidedBy: people.client.userId,
      },
    });
    expect(world.ports.payments.refunds()).toEqual([expect.objectContaining({ amountPaise: 27_000 })]);
    expect(await world.ports.ledger.walletBalanceOf(people.freelancer.userId)).toBe(18_000);
  });

  it('refuses the other party: 403 DISPUTE.NOT_OPENER, nothing changed', async () => {
    const world = createWorld();
    const hire = await disputedBy(world, people.client, await delivered(world));
    await expectRefusedChangingNothing(world, hire, () => withdraw(world, hire.contractId, people.freelancer), {
      code: 'DISPUTE.NOT_OPENER',
      kind: 'forbidden',
    });
  });

  itGuardsTheContract({
    setup: async (world) => disputedBy(world, people.client, await delivered(world)),
    act: (world, contractId, actor) => withdraw(world, contractId, actor),
    actor: people.client,
    malformedId: 42,
    outsiders: [
      ['an admin', people.admin, 'AUTH.ROLE_NOT_ALLOWED'],
      ['another client', people.otherClient, 'CONTRACT.NOT_A_PARTY'],
      ['another freelancer', people.otherFreelancer, 'CONTRACT.NOT_A_PARTY'],
    ],
  });

  it('refuses when no dispute is open (none opened, already withdrawn, decided): 409 DISPUTE.NOT_OPEN', async () => {
    const world = createWorld();
    const hire = await delivered(world);
    await expectRefusedChangingNothing(world, hire, () => withdraw(world, hire.contractId), { code: 'DISPUTE.NOT_OPEN', kind: 'conflict' });

    await disputedBy(world, people.client, hire);
    await withdraw(world, hire.contractId);
    await expectRefusedChangingNothing(world, hire, () => withdraw(world, hire.contractId), { code: 'DISPUTE.NOT_OPEN', kind: 'conflict' });

    await disputedBy(world, people.client, hire);
    await decideDisputeThrough(world.service, hire.contractId, { freelancerPayout: 450, note: 'Delivered' });
    await expectRefusedChangingNothing(world, hire, () => withdraw(world, hire.contractId), { code: 'DISPUTE.NOT_OPEN', kind: 'conflict' });
  });
});
