import { describe, expect, it } from 'vitest';
import { createWorld, checkoutOutcome, hexId, hireThroughPayment, people, postJob, type World } from '../escrow-fixtures.test-support.ts';

/** A payment for another client's job: it funds nothing and goes back whole, then Stripe reports that refund failed. */
async function returnedPaymentWithFailedRefund(world: World) {
  const job = await postJob(world, people.otherClient);
  const paid = await world.service.recordPayment.execute(checkoutOutcome('cs_returned', { jobId: job.id }));
  if (paid.outcome !== 'recorded') throw new Error(`the payment was ${paid.outcome}`);
  const { id: escrowId, paymentIntentId, clientRefundId } = paid.escrow;
  expect(paid.escrow).toMatchObject({ contractId: null, resolution: { kind: 'return' } });
  world.ports.payments.failStandingRefund(clientRefundId!);
  await world.service.recordProcessorReport.execute({
    kind: 'refundFailed',
    refundId: clientRefundId!,
    escrowId,
    paymentIntentId,
    reason: 'lost_card',
    reportedAt: world.clock.now(),
  });
  return paid.escrow;
}

describe('a failed client refund of a payment returned whole (no contract)', () => {
  it('an admin retries it by the escrow’s id: a new refund of the whole payment is sent', async () => {
    const world = createWorld();
    const returned = await returnedPaymentWithFailedRefund(world);

    const retried = await world.service.retryClientRefund.execute({ actor: people.admin, escrowId: returned.id });

    expect(retried).toMatchObject({ refundFailure: null, clientRefundsSent: 2 });
    const refunds = world.ports.payments.refunds().filter((refund) => refund.escrowId === returned.id);
    expect(refunds.map((refund) => refund.amountPaise)).toEqual([returned.amountPaise]);
  });

  it('an admin settles it by hand by the escrow’s id: recorded, nothing sent', async () => {
    const world = createWorld();
    const returned = await returnedPaymentWithFailedRefund(world);
    const refundsBefore = world.ports.payments.refunds().length;

    const settled = await world.service.settleRefundByHand.execute({ actor: people.admin, escrowId: returned.id, note: 'NEFT ref 4411' });

    expect(settled.refundFailure).toBeNull();
    expect(settled.refundSettledByHand).toMatchObject({ by: people.admin.userId, note: 'NEFT ref 4411' });
    expect(world.ports.payments.refunds()).toHaveLength(refundsBefore);
  });

  it('an escrow id that names no escrow is 404, and one that is not an id is refused before anything is read', async () => {
    const world = createWorld();
    await expect(world.service.retryClientRefund.execute({ actor: people.admin, escrowId: hexId('e') })).rejects.toMatchObject({
      code: 'ESCROW.NOT_FOUND',
    });
    await expect(world.service.settleRefundByHand.execute({ actor: people.admin, escrowId: 'nope', note: 'x' })).rejects.toMatchObject({
      code: 'VALIDATION.INVALID_ID',
    });
  });
});

describe('a client refund the processor refuses for good when it is sent (a disputed charge, one already refunded)', () => {
  async function refusedRefund(world: World) {
    const hire = await hireThroughPayment(world);
    world.ports.payments.refuseNextRefund('charge_disputed');
    const refunded = await world.service.refundEscrow.execute({
      actor: people.admin,
      contractId: hire.contractId,
      clientId: people.client.userId,
    });
    return { hire, refunded };
  }

  it('is recorded as a failed refund no refund names: the escrow is settled, shown in the failed-refunds queue, and nothing is retried by itself', async () => {
    const world = createWorld();
    const { hire, refunded } = await refusedRefund(world);

    expect(refunded).toMatchObject({
      status: 'refunded',
      clientRefundsSent: 1,
      refundFailure: { refundId: null, reason: 'charge_disputed' },
    });
    expect(world.ports.payments.refunds()).toEqual([]);
    const queue = await world.service.listAdminQueue.execute({ actor: people.admin, queue: 'failed-refunds' });
    expect(queue.entries.map((entry) => entry.escrow.id)).toEqual([hire.escrowId]);
    await expect(world.service.recoverInterruptedOperations.execute({ graceMs: 0 })).resolves.toMatchObject({ failed: 0 });
    expect(world.ports.payments.refunds()).toEqual([]);
    const history = await world.service.contractHistory.execute({ actor: people.client, contractId: hire.contractId });
    expect(history.filter((entry) => entry.type === 'ClientRefundRefused')).toMatchObject([
      { source: 'money', details: { reason: 'charge_disputed', amountPaise: refunded.resolution!.clientRefundPaise } },
    ]);
    await expect(world.service.auditBooks.execute({ actor: people.admin })).resolves.toMatchObject({ violations: [] });
  });

  it('an admin retries it once the processor would make it: one refund is sent, and the books balance', async () => {
    const world = createWorld();
    const { hire, refunded } = await refusedRefund(world);

    const retried = await world.service.retryClientRefund.execute({ actor: people.admin, contractId: hire.contractId });

    expect(retried).toMatchObject({ refundFailure: null, clientRefundsSent: 2 });
    expect(world.ports.payments.refunds().map((refund) => refund.amountPaise)).toEqual([refunded.resolution!.clientRefundPaise]);
    await expect(world.service.auditBooks.execute({ actor: people.admin })).resolves.toMatchObject({ violations: [] });
  });

  it('or settles it by hand: nothing sent, and the books balance', async () => {
    const world = createWorld();
    const { hire } = await refusedRefund(world);

    const settled = await world.service.settleRefundByHand.execute({
      actor: people.admin,
      contractId: hire.contractId,
      note: 'IMPS ref 99',
    });

    expect(settled).toMatchObject({ refundFailure: null, refundSettledByHand: { note: 'IMPS ref 99' } });
    expect(world.ports.payments.refunds()).toEqual([]);
    await expect(world.service.auditBooks.execute({ actor: people.admin })).resolves.toMatchObject({ violations: [] });
  });
});
