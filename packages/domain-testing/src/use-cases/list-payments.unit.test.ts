import { describe, expect, it } from 'vitest';
import { PAYMENT_RETURN_REASONS, type Actor, type PaymentReturnReason, type User } from '@skillhouse/domain';
import {
  checkoutOutcome,
  createWorld,
  delivered,
  hexId,
  hireThroughPayment,
  openCheckout,
  people,
  postJob,
  type World,
} from '../escrow-fixtures.test-support.ts';

async function listPayments(world: World, actor: Actor = people.client) {
  return (await world.service.listPayments.execute({ actor })).items;
}

async function register(world: World, user: Omit<User, 'displayName'>): Promise<void> {
  await world.ports.users.save({ ...user, displayName: user.id });
}

/** The client opens a checkout to hire `freelancerId`; `beforePayment` happens before Stripe reports it paid. */
async function paidAfter(world: World, freelancerId: string, beforePayment: () => Promise<void>) {
  const { job, session } = await openCheckout(world, freelancerId);
  await beforePayment();
  const paid = await world.service.recordPayment.execute(checkoutOutcome(session.sessionId, { jobId: job.id, freelancerId }));
  return { job, paid };
}

describe('ListPayments', () => {
  it("a client's own payments, newest first, each with where its money stands", async () => {
    const world = createWorld();
    const first = await hireThroughPayment(world);
    const second = await delivered(world, 20_000);
    await world.service.refundEscrow.execute({ actor: people.client, contractId: first.contractId, clientId: people.client.userId });

    const payments = await listPayments(world);

    expect(payments.map((payment) => payment.id)).toEqual([second.escrowId, first.escrowId]);
    expect(payments[0]).toMatchObject({
      status: 'funded',
      amountPaise: 20_000,
      contractId: second.contractId,
      resolution: null,
      review: { round: 1 },
    });
    expect(payments[1]).toMatchObject({ status: 'refunded', resolution: { kind: 'refund', clientRefundPaise: 45_000 } });
  });

  it("does not show another client's payments", async () => {
    const world = createWorld();
    await hireThroughPayment(world);
    await expect(listPayments(world, people.otherClient)).resolves.toEqual([]);
  });

  it.each<[PaymentReturnReason, (world: World) => Promise<void>]>([
    ['freelancer_blocked', (world) => register(world, { id: people.freelancer.userId, role: 'freelancer', blocked: true })],
    ['not_a_freelancer', (world) => register(world, { id: people.freelancer.userId, role: 'client', blocked: false })],
  ])('a payment the hire can no longer take (%s) is returned whole, and the client sees why', async (reason, changeBeforePayment) => {
    const world = createWorld();
    const { job, paid } = await paidAfter(world, people.freelancer.userId, () => changeBeforePayment(world));

    expect(paid).toMatchObject({ outcome: 'recorded', escrow: { status: 'refunded', contractId: null } });
    const [payment] = await listPayments(world);
    expect(payment).toMatchObject({
      status: 'refunded',
      contractId: null,
      amountPaise: 50_000,
      resolution: {
        kind: 'return',
        reason,
        reasonDescription: PAYMENT_RETURN_REASONS[reason],
        clientRefundPaise: 50_000,
        freelancerPayoutPaise: 0,
        platformFeePaise: 0,
        decidedByRole: 'system',
      },
    });
    expect(world.ports.payments.refunds()).toEqual([expect.objectContaining({ amountPaise: 50_000, escrowId: payment!.id })]);
    expect(await world.ports.ledger.walletBalanceOf(people.freelancer.userId)).toBe(0);
    expect(await world.service.getJob.execute({ jobId: job.id })).toMatchObject({ status: 'Open', liveHire: null });
    expect(await world.ports.contracts.list({ jobId: job.id, limit: 10 })).toEqual([]);
  });

  it('a payment by which the client hires themselves is returned whole: self_hire', async () => {
    const world = createWorld();
    const job = await postJob(world);
    await world.service.recordPayment.execute(checkoutOutcome('cs_self', { jobId: job.id, freelancerId: people.client.userId }));
    const [payment] = await listPayments(world);
    expect(payment).toMatchObject({
      status: 'refunded',
      resolution: { kind: 'return', reason: 'self_hire', reasonDescription: PAYMENT_RETURN_REASONS.self_hire, clientRefundPaise: 50_000 },
    });
    expect((await world.service.getJob.execute({ jobId: job.id })).status).toBe('Open');
  });

  it('a payment for a job that does not exist is returned whole: unmatched', async () => {
    const world = createWorld();
    await world.service.recordPayment.execute(checkoutOutcome('cs_lost', { jobId: hexId('99') }));
    await expect(listPayments(world)).resolves.toEqual([
      expect.objectContaining({
        status: 'refunded',
        resolution: expect.objectContaining({ kind: 'return', reason: 'unmatched', reasonDescription: PAYMENT_RETURN_REASONS.unmatched }),
      }),
    ]);
  });

  it('a freelancer blocked after being paid keeps the funded contract: the check is made when the payment arrives', async () => {
    const world = createWorld();
    const hire = await hireThroughPayment(world);
    await register(world, { id: people.freelancer.userId, role: 'freelancer', blocked: true });
    await expect(listPayments(world)).resolves.toEqual([
      expect.objectContaining({ id: hire.escrowId, status: 'funded', contractId: hire.contractId }),
    ]);
  });

  it('answers a page at a time: the next page starts after the last payment of the page', async () => {
    const world = createWorld();
    const first = await hireThroughPayment(world);
    const latest = await hireThroughPayment(world);
    const page = await world.service.listPayments.execute({ actor: people.client, page: { limit: 1 } });
    expect(page.items).toEqual([expect.objectContaining({ id: latest.escrowId })]);
    expect(page.next).toEqual({ at: page.items[0]?.fundedAt, id: latest.escrowId });
    const next = await world.service.listPayments.execute({
      actor: people.client,
      page: { limit: 1, ...(page.next === null ? {} : { after: page.next }) },
    });
    expect(next).toEqual({ items: [expect.objectContaining({ id: first.escrowId })], next: null });
    await expect(world.service.listPayments.execute({ actor: people.client, page: { limit: 101 } })).rejects.toMatchObject({
      code: 'VALIDATION.INVALID_PAGE',
    });
  });

  it.each<[string, Actor]>([
    ['a freelancer', people.freelancer],
    ['an admin', people.admin],
  ])('refuses %s: 403 AUTH.ROLE_NOT_ALLOWED', async (_who, actor) => {
    const world = createWorld();
    await hireThroughPayment(world);
    await expect(listPayments(world, actor)).rejects.toMatchObject({ code: 'AUTH.ROLE_NOT_ALLOWED', kind: 'forbidden' });
  });
});
