import { describe, expect, it } from 'vitest';
import { createMarketplace, DAY_MS, PAYMENT_RETURN_REASONS, type Marketplace } from '@skillhouse/domain';
import {
  advanceWork,
  checkoutOutcome,
  createWorld,
  decideDisputeThrough,
  hireThroughPayment,
  openCheckout,
  people,
  unfundedContract,
  workedUpTo,
  type FundedHire,
  type World,
} from '../escrow-fixtures.test-support.ts';
import { expectInvariants } from '../escrow-invariants.test-support.ts';
import { recordsOf } from './refusal.test-support.ts';

/**
 * The scenarios of issue 9's "Done when", at the level of the domain: what the HTTP end-to-end tests
 * show over the wire, here on the use cases with the invariants of the model test checked at the end.
 */
async function expectInvariantsHold(world: World, hire: FundedHire): Promise<void> {
  expectInvariants(await recordsOf(world, hire), null);
}

/** A delivered hire, and two processes over the same ports that may both run the review timer. */
async function deliveredWithTwoProcesses(world: World) {
  const hire = await workedUpTo('Completed')(world);
  return { hire, processes: [world.service, createMarketplace(world.ports)] };
}

/** Each process runs the timer three times at once, as overlapping schedules would. */
function runTheTimerThreeTimesEach(processes: readonly Marketplace[]) {
  return Promise.all(processes.flatMap((process) => [process, process, process]).map((process) => process.releaseLapsedReviews.execute()));
}

describe('issue 9 scenarios', () => {
  it('1. the freelancer rushes to Completed, the client disputes, both state their case, an admin gives the freelancer 30 % with the fee kept', async () => {
    const world = createWorld();
    const hire = await hireThroughPayment(world, 1_000_000);
    await advanceWork(world, hire.contractId, 'Completed');
    await world.service.openDispute.execute({
      actor: people.client,
      contractId: hire.contractId,
      reason: 'not_delivered',
      description: 'Marked done in seconds, nothing delivered',
    });
    await world.service.addDisputeStatement.execute({
      actor: people.client,
      contractId: hire.contractId,
      text: 'No files arrived',
      mediaUrls: ['https://media.example/inbox.png'],
    });
    await world.service.addDisputeStatement.execute({
      actor: people.freelancer,
      contractId: hire.contractId,
      text: 'Drafts were shared by mail',
    });

    // 10,000 INR paid: fee 1,000, earning 9,000; 30 % of the earning is 2,700 INR.
    const escrow = await decideDisputeThrough(world.service, hire.contractId, { freelancerPayout: 2_700, note: 'Drafts only' });

    expect(escrow.resolution).toMatchObject({
      kind: 'dispute',
      clientRefundPaise: 630_000,
      freelancerPayoutPaise: 270_000,
      platformFeePaise: 100_000,
    });
    expect(world.ports.payments.refunds()).toEqual([
      expect.objectContaining({ paymentIntentId: `pi_${hire.checkoutSessionId}`, amountPaise: 630_000 }),
    ]);
    expect(await world.ports.ledger.walletBalanceOf(people.freelancer.userId)).toBe(270_000);
    const { contract } = await world.service.contracts.view({ contractId: hire.contractId });
    expect(contract).toMatchObject({ status: 'Canceled', cancellation: { from: 'Completed', byRole: 'admin' } });

    const history = await world.service.contractHistory.execute({ actor: people.client, contractId: hire.contractId });
    const who = (type: string) => history.filter((entry) => entry.type === type).map((entry) => entry.actor.role);
    expect(who('StatusChanged')).toEqual(['freelancer', 'freelancer', 'freelancer']);
    expect(who('DisputeOpened')).toEqual(['client']);
    expect(who('DisputeStatementAdded')).toEqual(['client', 'freelancer']);
    expect(who('EscrowResolved')).toEqual(['admin']);
    expect(who('DisputeSettled')).toEqual(['admin']);
    expect(who('WalletCredited')).toEqual(['system']);
    expect(who('ClientRefundSent')).toEqual(['system']);
    await expectInvariantsHold(world, hire);
  });

  it('2. the freelancer delivers, the client is silent: once the period lapses the escrow is released by the system, once, with two processes running the timer', async () => {
    const world = createWorld();
    const { hire, processes } = await deliveredWithTwoProcesses(world);
    world.clock.advance(14 * DAY_MS - 1_000);
    const early = await Promise.all(processes.map((process) => process.releaseLapsedReviews.execute()));
    expect(early.map((report) => report.released)).toEqual([0, 0]);

    world.clock.advance(1_000);
    const runs = await runTheTimerThreeTimesEach(processes);

    expect(runs.every((report) => report.failed === 0)).toBe(true);
    expect(await world.ports.escrows.view(hire.escrowId)).toMatchObject({
      status: 'released',
      resolution: { kind: 'release', decidedBy: 'system', decidedByRole: 'system' },
    });
    expect(world.ports.ledger.walletEntries()).toEqual([
      expect.objectContaining({ ownerId: people.freelancer.userId, amountPaise: 45_000 }),
    ]);
    expect((await world.service.contracts.view({ contractId: hire.contractId })).contract).toMatchObject({
      status: 'Completed',
      releaseFundStatus: 'Approved',
    });
    await expectInvariantsHold(world, hire);
  });

  it('2. each release by the timer is reported once, by the run that made it', async () => {
    const world = createWorld();
    const { processes } = await deliveredWithTwoProcesses(world);
    world.clock.advance(14 * DAY_MS);
    const runs = await runTheTimerThreeTimesEach(processes);
    expect(runs.reduce((released, report) => released + report.released, 0)).toBe(1);
  });

  it('3. the client asks for changes, the freelancer delivers again, the client requests the release, an admin releases', async () => {
    const world = createWorld();
    const hire = await workedUpTo('Completed')(world);

    await expect(
      world.service.requestChanges.execute({ actor: people.client, contractId: hire.contractId, note: 'Add the tagline' }),
    ).resolves.toMatchObject({ status: 'Ongoing' });
    await world.service.updateContractStatus.execute({ actor: people.freelancer, contractId: hire.contractId, status: 'Completed' });
    await world.service.requestRelease.execute({ actor: people.client, contractId: hire.contractId });
    await expect(world.service.releaseEscrow.execute({ actor: people.admin, contractId: hire.contractId })).resolves.toMatchObject({
      status: 'released',
    });

    const { contract } = await world.service.contracts.view({ contractId: hire.contractId });
    expect(contract).toMatchObject({ status: 'Completed', releaseFundStatus: 'Approved', deliveries: 2, changeRequests: 1 });
    expect(contract.statusHistory.map((entry) => entry.status)).toEqual([
      'Pending',
      'Started',
      'Ongoing',
      'Completed',
      'Ongoing',
      'Completed',
    ]);
    expect(await world.ports.ledger.walletBalanceOf(people.freelancer.userId)).toBe(45_000);
    await expectInvariantsHold(world, hire);
  });

  it('4. a contract made with create-contract and never paid cannot start: 409 CONTRACT.NOT_FUNDED', async () => {
    const world = createWorld();
    const { contract } = await unfundedContract(world);

    await expect(
      world.service.acceptContract.execute({ actor: people.freelancer, contractId: contract.id, freelancerId: people.freelancer.userId }),
    ).rejects.toMatchObject({
      code: 'CONTRACT.NOT_FUNDED',
      kind: 'conflict',
    });
    await expect(
      world.service.updateContractStatus.execute({ actor: people.freelancer, contractId: contract.id, status: 'Started' }),
    ).rejects.toMatchObject({ code: 'CONTRACT.NOT_FUNDED' });
    expect((await world.service.contracts.view({ contractId: contract.id })).contract).toMatchObject({
      status: 'Pending',
      statusHistory: [{ status: 'Pending' }],
    });
    await expect(
      world.service.contracts.listForFreelancer({ freelancerId: people.freelancer.userId, status: 'Completed' }),
    ).resolves.toEqual({ items: [], next: null });
  });

  it('5. the freelancer is blocked after the checkout opened: the payment is returned whole, and the client sees why', async () => {
    const world = createWorld();
    const { job, session } = await openCheckout(world);
    await world.ports.users.save({ id: people.freelancer.userId, role: 'freelancer', displayName: 'Blocked freelancer', blocked: true });

    await world.service.recordPayment.execute(checkoutOutcome(session.sessionId, { jobId: job.id }));

    const [payment] = (await world.service.listPayments.execute({ actor: people.client })).items;
    expect(payment).toMatchObject({
      status: 'refunded',
      contractId: null,
      resolution: {
        kind: 'return',
        reason: 'freelancer_blocked',
        reasonDescription: PAYMENT_RETURN_REASONS.freelancer_blocked,
        clientRefundPaise: 50_000,
      },
    });
    expect(world.ports.payments.refunds()).toEqual([expect.objectContaining({ amountPaise: 50_000 })]);
    expect(await world.service.getJob.execute({ jobId: job.id })).toMatchObject({ status: 'Open', liveHire: null });
  });

  it('6. the freelancer cancels at Ongoing and the client refunds: the freelancer gets nothing', async () => {
    const world = createWorld();
    const hire = await workedUpTo('Ongoing')(world);
    await world.service.updateContractStatus.execute({
      actor: people.freelancer,
      contractId: hire.contractId,
      status: 'Canceled',
      reason: 'Moving on',
    });

    const escrow = await world.service.refundEscrow.execute({
      actor: people.client,
      contractId: hire.contractId,
      clientId: people.client.userId,
    });

    expect(escrow.resolution).toMatchObject({
      kind: 'refund',
      stage: 'Ongoing',
      clientRefundPaise: 45_000,
      freelancerPayoutPaise: 0,
      platformFeePaise: 5_000,
    });
    expect(await world.ports.ledger.walletBalanceOf(people.freelancer.userId)).toBe(0);
    expect(world.ports.payments.refunds()).toEqual([expect.objectContaining({ amountPaise: 45_000 })]);
    await expectInvariantsHold(world, hire);
  });
});
