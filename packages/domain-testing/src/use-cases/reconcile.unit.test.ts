import { describe, expect, it } from 'vitest';
import type { ReconciliationReport } from '@skillhouse/domain';
import { createWorld, hireThroughPayment, openingBalance, people, type World } from '../escrow-fixtures.test-support.ts';

const DAY_MS = 24 * 60 * 60 * 1_000;

/** A payment the processor received (the in-memory processor learns of it as Stripe holds it), refunded by an admin. */
async function refundedHire(world: World) {
  const hire = await hireThroughPayment(world, 50_000);
  world.ports.payments.recordPaymentReceived(`pi_${hire.checkoutSessionId}`, 50_000);
  const escrow = await world.service.refundEscrow.execute({
    actor: people.admin,
    contractId: hire.contractId,
    clientId: people.client.userId,
  });
  return { ...hire, paymentIntentId: `pi_${hire.checkoutSessionId}`, refundId: escrow.clientRefundId ?? '' };
}

/** A freelancer's withdrawal paid out by the processor, from a wallet opened with a balance. */
async function paidOutWithdrawal(world: World) {
  const { account } = await world.service.connectPayoutAccount.execute({ actor: people.freelancer });
  await world.service.recordPayoutAccountState.execute({
    accountId: account.accountId ?? '',
    payoutsEnabled: true,
    reportedAt: world.clock.now(),
  });
  await world.ports.ledger.record([openingBalance(people.freelancer.userId, 30_000, world.clock.now())]);
  return world.service.withdraw.execute({ actor: people.freelancer, amount: 200 });
}

const kinds = (report: ReconciliationReport) => report.differences.map((difference) => difference.kind).sort();

describe('Reconcile', () => {
  it('finds nothing when the processor did what the books say, and lists each thing it did on its own, changing nothing', async () => {
    const world = createWorld({ withdrawalMinPaise: 10_000 });
    const refunded = await refundedHire(world);
    const withdrawal = await paidOutWithdrawal(world);
    expect(withdrawal.status).toBe('paid_out');

    const clean = await world.service.reconcile.execute({ actor: people.admin });
    expect(clean).toMatchObject({ escrowsChecked: 1, withdrawalsChecked: 1, differences: [] });

    const transfersBefore = world.ports.ledger.transfers();
    const escrowBefore = await world.ports.escrows.view(refunded.escrowId);
    world.ports.payments.failRefund(refunded.refundId);
    world.ports.payments.refundOutside(refunded.paymentIntentId, 1_000);
    world.ports.payments.reversePayout(withdrawal.payoutId ?? '', 20_000);

    const report = await world.service.reconcile.execute({ actor: people.admin });
    expect(kinds(report)).toEqual(['payout_reversal_not_recorded', 'refund_state_differs', 'refunded_total_differs']);
    expect(report.differences).toContainEqual(
      expect.objectContaining({
        kind: 'refund_state_differs',
        subject: 'escrow',
        subjectId: refunded.escrowId,
        externalId: refunded.refundId,
      }),
    );
    expect(report.differences).toContainEqual(
      expect.objectContaining({
        kind: 'payout_reversal_not_recorded',
        subject: 'withdrawal',
        subjectId: withdrawal.id,
        processorPaise: 20_000,
      }),
    );
    expect(world.ports.ledger.transfers()).toStrictEqual(transfersBefore);
    await expect(world.ports.escrows.view(refunded.escrowId)).resolves.toStrictEqual(escrowBefore);
  });

  it('names a payment the processor does not hold', async () => {
    const world = createWorld();
    const hire = await hireThroughPayment(world);
    const report = await world.service.reconcile.execute({ actor: people.admin });
    expect(report.differences).toEqual([
      expect.objectContaining({
        kind: 'payment_missing_at_processor',
        subjectId: hire.escrowId,
        externalId: `pi_${hire.checkoutSessionId}`,
      }),
    ]);
  });

  it('looks at escrows funded and withdrawals requested since the time given (30 days back without one)', async () => {
    const world = createWorld({ withdrawalMinPaise: 10_000 });
    await hireThroughPayment(world);
    await paidOutWithdrawal(world);
    world.clock.advance(31 * DAY_MS);
    await expect(world.service.reconcile.execute({ actor: people.admin })).resolves.toMatchObject({
      escrowsChecked: 0,
      withdrawalsChecked: 0,
    });
    const since = new Date(world.clock.now().getTime() - 32 * DAY_MS);
    await expect(world.service.reconcile.execute({ actor: people.admin, since })).resolves.toMatchObject({
      since,
      escrowsChecked: 1,
      withdrawalsChecked: 1,
    });
  });

  it('is for admins, and fails whole when the processor cannot be reached', async () => {
    const world = createWorld();
    await refundedHire(world);
    await expect(world.service.reconcile.execute({ actor: people.client })).rejects.toMatchObject({ kind: 'forbidden' });
    world.ports.payments.failNext();
    await expect(world.service.reconcile.execute({ actor: people.admin })).rejects.toMatchObject({ code: 'PAYMENT.GATEWAY_FAILED' });
  });
});
