import { describe, expect, it } from 'vitest';
import { DAY_MS, type Actor, type HistoryEntry } from '@skillhouse/domain';
import {
  createWorld,
  decideDisputeThrough,
  delivered,
  disputedBy,
  hexId,
  hireThroughPayment,
  people,
  reportChargeback,
  unfundedContract,
  workedUpTo,
  type FundedHire,
  type World,
} from '../escrow-fixtures.test-support.ts';

function history(world: World, contractId: unknown, actor: Actor = people.client) {
  return world.service.contractHistory.execute({ actor, contractId });
}

/** One line per entry: where it comes from, what happened, who did it. */
function lines(entries: readonly HistoryEntry[]): string[] {
  return entries.map((entry) => `${entry.source} ${entry.type} by ${entry.actor.role} ${entry.actor.id}`);
}

const CLIENT = `client ${people.client.userId}`;
const FREELANCER = `freelancer ${people.freelancer.userId}`;
const ADMIN = `admin ${people.admin.userId}`;
const SYSTEM = 'system system';

/** What every funded, delivered contract's history starts with. */
const HIRED_AND_DELIVERED = [
  `contract ContractCreated by ${CLIENT}`,
  `escrow ContractFunded by ${SYSTEM}`,
  `contract StatusChanged by ${FREELANCER}`,
  `contract StatusChanged by ${FREELANCER}`,
  `contract StatusChanged by ${FREELANCER}`,
  `escrow ReviewStarted by ${SYSTEM}`,
];

/** How a release ends a history, whoever approved it: the decision, the credit, the approval, the settlement. */
function releasedBy(approver: string): string[] {
  return [
    `escrow EscrowResolved by ${approver}`,
    `money WalletCredited by ${SYSTEM}`,
    `contract ReleaseApproved by ${approver}`,
    `escrow EscrowSettled by ${SYSTEM}`,
  ];
}

function expectInTimeOrder(entries: readonly HistoryEntry[]): void {
  const times = entries.map((entry) => entry.at.getTime());
  expect(times).toEqual([...times].sort((a, b) => a - b));
}

/** The whole history, in time order, entry by entry. */
function expectHistory(entries: readonly HistoryEntry[], expected: readonly string[]): void {
  expectInTimeOrder(entries);
  expect(lines(entries)).toEqual(expected);
}

/** The details of the first entry of a type: a test names the one it means. */
function detailsOf(entries: readonly HistoryEntry[], type: string): HistoryEntry['details'] | undefined {
  return entries.find((entry) => entry.type === type)?.details;
}

async function decidedDispute(world: World): Promise<FundedHire> {
  const hire = await delivered(world, 100_000);
  await world.service.openDispute.execute({ actor: people.client, contractId: hire.contractId, reason: 'quality', description: 'Blurry' });
  await world.service.addDisputeStatement.execute({ actor: people.client, contractId: hire.contractId, text: 'See the file' });
  await world.service.addDisputeStatement.execute({ actor: people.freelancer, contractId: hire.contractId, text: 'It matches the brief' });
  await decideDisputeThrough(world.service, hire.contractId, { freelancerPayout: 270, note: 'Partly usable' });
  return hire;
}

describe('ContractHistory', () => {
  it('a decided dispute: every step of the contract, its escrow, its dispute and the money, in time order, each with who did it', async () => {
    const world = createWorld();
    const hire = await decidedDispute(world);

    const entries = await history(world, hire.contractId);

    expectInTimeOrder(entries);
    const steps = lines(entries);
    expect(steps.slice(0, 9)).toEqual([
      ...HIRED_AND_DELIVERED,
      `escrow DisputeOpened by ${CLIENT}`,
      `escrow DisputeStatementAdded by ${CLIENT}`,
      `escrow DisputeStatementAdded by ${FREELANCER}`,
    ]);
    expect(steps.slice(9).sort()).toEqual([
      `contract DisputeSettled by ${ADMIN}`,
      `escrow EscrowResolved by ${ADMIN}`,
      `escrow EscrowSettled by ${SYSTEM}`,
      `money ClientRefundSent by ${SYSTEM}`,
      `money WalletCredited by ${SYSTEM}`,
    ]);
    expect(steps.at(-1)).toBe(`escrow EscrowSettled by ${SYSTEM}`);
    expect(detailsOf(entries, 'EscrowResolved')).toMatchObject({
      kind: 'dispute',
      clientRefundPaise: 63_000,
      freelancerPayoutPaise: 27_000,
      platformFeePaise: 10_000,
      reasonDescription: 'Partly usable',
    });
    expect(detailsOf(entries, 'WalletCredited')).toMatchObject({
      ownerId: people.freelancer.userId,
      amountPaise: 27_000,
    });
    expect(detailsOf(entries, 'ClientRefundSent')).toEqual({
      refundId: world.ports.payments.refunds()[0]!.refundId,
      amountPaise: 63_000,
    });
    expect(detailsOf(entries, 'DisputeSettled')).toMatchObject({ from: 'Completed', to: 'Canceled' });
    expect(detailsOf(entries, 'DisputeOpened')).toMatchObject({ reason: 'quality', description: 'Blurry' });
  });

  it('a decided dispute: the decision comes before the contract ending that follows it', async () => {
    const world = createWorld();
    const hire = await decidedDispute(world);
    const types = (await history(world, hire.contractId)).map((entry) => entry.type);
    expect(types.indexOf('EscrowResolved')).toBeLessThan(types.indexOf('DisputeSettled'));
  });

  it('a release by the review timer is recorded as done by the system', async () => {
    const world = createWorld();
    const hire = await delivered(world);
    world.clock.advance(14 * DAY_MS);
    await world.service.releaseLapsedReviews.execute();

    const entries = await history(world, hire.contractId, people.freelancer);

    expectHistory(entries, [...HIRED_AND_DELIVERED, ...releasedBy(SYSTEM)]);
    expect(detailsOf(entries, 'EscrowResolved')).toMatchObject({
      kind: 'release',
      freelancerPayoutPaise: 45_000,
    });
  });

  it('a change request, a second delivery and an admin release, in order', async () => {
    const world = createWorld();
    const hire = await delivered(world);
    await world.service.requestChanges.execute({ actor: people.client, contractId: hire.contractId, note: 'Bigger letters' });
    await world.service.updateContractStatus.execute({ actor: people.freelancer, contractId: hire.contractId, status: 'Completed' });
    await world.service.requestRelease.execute({ actor: people.client, contractId: hire.contractId });
    await world.service.releaseEscrow.execute({ actor: people.admin, contractId: hire.contractId });

    const entries = await history(world, hire.contractId, people.admin);

    expectHistory(entries, [
      ...HIRED_AND_DELIVERED,
      `escrow ChangesRequested by ${CLIENT}`,
      `contract ChangesRequested by ${CLIENT}`,
      `contract StatusChanged by ${FREELANCER}`,
      `escrow ReviewStarted by ${SYSTEM}`,
      `contract ReleaseRequested by ${CLIENT}`,
      ...releasedBy(ADMIN),
    ]);
    expect(entries.filter((entry) => entry.type === 'ChangesRequested').map((entry) => entry.details)).toEqual([
      { round: 1, by: people.client.userId, note: 'Bigger letters' },
      { round: 1, by: people.client.userId, note: 'Bigger letters' },
    ]);
  });

  it('a freelancer who walked away and the client’s refund: the cancellation, then the refund, and no wallet credit', async () => {
    const world = createWorld();
    const hire = await workedUpTo('Ongoing')(world);
    await world.service.cancelContract.execute({ actor: people.freelancer, contractId: hire.contractId, reason: 'too busy' });
    await world.service.refundEscrow.execute({ actor: people.client, contractId: hire.contractId, clientId: people.client.userId });

    const entries = await history(world, hire.contractId);

    expectHistory(entries, [
      ...HIRED_AND_DELIVERED.slice(0, 4),
      `contract ContractCanceled by ${FREELANCER}`,
      `escrow EscrowResolved by ${CLIENT}`,
      `money ClientRefundSent by ${SYSTEM}`,
      `escrow EscrowSettled by ${SYSTEM}`,
    ]);
    expect(detailsOf(entries, 'EscrowResolved')).toMatchObject({
      kind: 'refund',
      stage: 'Ongoing',
      clientRefundPaise: 45_000,
      freelancerPayoutPaise: 0,
    });
  });

  it('a client refund the processor reported failed, retried, failed again and settled by hand: each step, its money, and who took it', async () => {
    const world = createWorld();
    const hire = await workedUpTo('Ongoing')(world);
    await world.service.refundEscrow.execute({ actor: people.admin, contractId: hire.contractId, clientId: people.client.userId });
    const failed = (reason: string) =>
      world.service.recordProcessorReport.execute({
        kind: 'refundFailed',
        refundId: world.ports.payments.refunds()[0]!.refundId,
        escrowId: hire.escrowId,
        paymentIntentId: null,
        reason,
        reportedAt: new Date(),
      });
    await failed('expired_or_canceled_card');
    await world.service.retryClientRefund.execute({ actor: people.admin, contractId: hire.contractId });
    await failed('lost_or_stolen_card');
    await world.service.settleRefundByHand.execute({ actor: people.admin, contractId: hire.contractId, note: 'NEFT ref 4411' });

    const entries = await history(world, hire.contractId);

    expectInTimeOrder(entries);
    expect(lines(entries).slice(-7)).toEqual([
      `money ClientRefundSent by ${SYSTEM}`,
      `escrow EscrowSettled by ${SYSTEM}`,
      `money ClientRefundFailed by ${SYSTEM}`,
      `escrow ClientRefundRetried by ${ADMIN}`,
      `money ClientRefundSent by ${SYSTEM}`,
      `money ClientRefundFailed by ${SYSTEM}`,
      `money ClientRefundSettledByHand by ${ADMIN}`,
    ]);
    // ₹500 stopped Ongoing by an admin: the client's share is what every refund step moved.
    const { clientRefundPaise } = detailsOf(entries, 'EscrowResolved') as { clientRefundPaise: number };
    expect(entries.filter((entry) => entry.type === 'ClientRefundFailed').map((entry) => entry.details)).toEqual([
      { refundId: expect.any(String), reason: 'expired_or_canceled_card', reportedAt: expect.any(Date), amountPaise: clientRefundPaise },
      { refundId: expect.any(String), reason: 'lost_or_stolen_card', reportedAt: expect.any(Date), amountPaise: clientRefundPaise },
    ]);
    expect(detailsOf(entries, 'ClientRefundSettledByHand')).toEqual({
      by: people.admin.userId,
      note: 'NEFT ref 4411',
      amountPaise: clientRefundPaise,
    });
  });

  it('a chargeback the platform lost on a funded escrow: the network’s steps, then the escrow resolved and the contract ended by the processor', async () => {
    const world = createWorld();
    const hire = await workedUpTo('Started')(world);
    await reportChargeback(world, hire, 'dp_1', 'opened');
    await reportChargeback(world, hire, 'dp_1', 'lost');

    const entries = await history(world, hire.contractId, people.admin);

    expectInTimeOrder(entries);
    const steps = lines(entries);
    expect(steps.slice(0, 6)).toEqual([
      ...HIRED_AND_DELIVERED.slice(0, 3),
      `escrow ChargebackOpened by ${SYSTEM}`,
      `money ChargebackClosed by ${SYSTEM}`,
      `escrow EscrowResolved by ${SYSTEM}`,
    ]);
    expect(steps.slice(6).sort()).toEqual([`contract EndedByProcessor by ${SYSTEM}`, `escrow EscrowSettled by ${SYSTEM}`]);
    expect(detailsOf(entries, 'ChargebackOpened')).toEqual({ disputeId: 'dp_1', amountPaise: 50_000 });
    expect(detailsOf(entries, 'ChargebackClosed')).toEqual({ disputeId: 'dp_1', amountPaise: 50_000, outcome: 'lost' });
    expect(detailsOf(entries, 'EscrowResolved')).toMatchObject({ kind: 'chargeback', clientRefundPaise: 50_000, freelancerPayoutPaise: 0 });
    expect(detailsOf(entries, 'EndedByProcessor')).toEqual({ from: 'Started', to: 'Canceled', reason: 'chargeback' });
  });

  it('a chargeback won stays a step of the escrow; a refund made outside this service is money', async () => {
    const world = createWorld();
    const hire = await delivered(world);
    await reportChargeback(world, hire, 'dp_2', 'opened');
    await reportChargeback(world, hire, 'dp_2', 'won');
    await world.service.recordProcessorReport.execute({
      kind: 'paymentRefunded',
      paymentIntentId: `pi_${hire.checkoutSessionId}`,
      refundedTotalPaise: 10_000,
      reportedAt: new Date(),
    });

    const entries = await history(world, hire.contractId, people.admin);

    expect(lines(entries).slice(HIRED_AND_DELIVERED.length, HIRED_AND_DELIVERED.length + 3)).toEqual([
      `escrow ChargebackOpened by ${SYSTEM}`,
      `escrow ChargebackClosed by ${SYSTEM}`,
      `money OutsideRefundRecorded by ${SYSTEM}`,
    ]);
    expect(detailsOf(entries, 'ChargebackClosed')).toEqual({ disputeId: 'dp_2', amountPaise: 50_000, outcome: 'won' });
    expect(detailsOf(entries, 'OutsideRefundRecorded')).toEqual({ amountPaise: 10_000, refundedTotalPaise: 10_000 });
    expect(detailsOf(entries, 'EscrowResolved')).toMatchObject({ kind: 'outside_refund', clientRefundPaise: 10_000 });
  });

  it('a withdrawn dispute shows its opening and its withdrawal by the opener', async () => {
    const world = createWorld();
    const hire = await delivered(world);
    await disputedBy(world, people.freelancer, hire, { reason: 'payment', description: 'Silent client' });
    await world.service.withdrawDispute.execute({ actor: people.freelancer, contractId: hire.contractId });
    expect(lines(await history(world, hire.contractId)).slice(-2)).toEqual([
      `escrow DisputeOpened by ${FREELANCER}`,
      `escrow DisputeWithdrawn by ${FREELANCER}`,
    ]);
  });

  it('a contract no payment funds has only its own events', async () => {
    const world = createWorld();
    const { contract } = await unfundedContract(world);
    expect(lines(await history(world, contract.id, people.freelancer))).toEqual([`contract ContractCreated by ${CLIENT}`]);
  });

  it.each<[string, Actor]>([
    ['another client', people.otherClient],
    ['another freelancer', people.otherFreelancer],
  ])('refuses %s: 403 CONTRACT.NOT_A_PARTY', async (_who, actor) => {
    const world = createWorld();
    const hire = await hireThroughPayment(world);
    await expect(history(world, hire.contractId, actor)).rejects.toMatchObject({ code: 'CONTRACT.NOT_A_PARTY', kind: 'forbidden' });
  });

  it('refuses a contract id that is not an id: 400 VALIDATION.INVALID_ID naming contractId', async () => {
    const world = createWorld();
    await expect(history(world, { $gt: '' })).rejects.toMatchObject({
      code: 'VALIDATION.INVALID_ID',
      kind: 'validation',
      details: { fields: { contractId: expect.any(String) } },
    });
  });

  it('answers 404 for an unknown contract', async () => {
    const world = createWorld();
    await expect(history(world, hexId('99'), people.admin)).rejects.toMatchObject({ code: 'CONTRACT.NOT_FOUND', kind: 'not_found' });
  });
});
