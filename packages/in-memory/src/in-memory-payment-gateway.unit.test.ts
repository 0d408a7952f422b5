import { describe, expect, it } from 'vitest';
import { PaymentGatewayError, type RefundOutcome, type RefundRequest } from '@skillhouse/domain';
import { InMemoryPaymentGateway } from './in-memory-payment-gateway.ts';

const request: RefundRequest = {
  paymentIntentId: 'pi_3PqRsT',
  amountPaise: 4_500_000,
  idempotencyKey: 'refund-escrow-64f1a2b3c4d5e6f7a8b9c0e1',
  escrowId: '64f1a2b3c4d5e6f7a8b9c0e1',
};

/** The refund's id, of a refund made (a refusal fails the test). */
function sent(outcome: RefundOutcome): { refundId: string } {
  if (outcome.outcome !== 'sent') throw new Error(`the refund was refused: ${outcome.reason}`);
  return outcome;
}

describe('InMemoryPaymentGateway.refundPayment(request)', () => {
  it('refunds an escrow once, even when the retry comes with another idempotency key (as after Stripe forgot it)', async () => {
    const gateway = new InMemoryPaymentGateway();
    const first = sent(await gateway.refundPayment(request));
    await expect(gateway.refundPayment({ ...request, idempotencyKey: 'refund-key-forgotten' })).resolves.toEqual(first);
    await expect(gateway.refundPayment(request)).resolves.toEqual(first);
    expect(gateway.refunds()).toEqual([
      { refundId: first.refundId, paymentIntentId: 'pi_3PqRsT', amountPaise: 4_500_000, escrowId: request.escrowId },
    ]);
  });

  it('refunds two escrows on the same payment intent separately', async () => {
    const gateway = new InMemoryPaymentGateway();
    const first = sent(await gateway.refundPayment(request));
    const second = sent(
      await gateway.refundPayment({
        ...request,
        escrowId: '64f1a2b3c4d5e6f7a8b9c0e2',
        idempotencyKey: 'refund-escrow-2',
        amountPaise: 100,
      }),
    );
    expect(second.refundId).not.toBe(first.refundId);
    expect(gateway.refunds().map((refund) => refund.amountPaise)).toEqual([4_500_000, 100]);
  });

  it('refuses a second refund of the escrow for another amount, or under its key for another escrow', async () => {
    const gateway = new InMemoryPaymentGateway();
    await gateway.refundPayment(request);
    await expect(gateway.refundPayment({ ...request, amountPaise: 4_000_000 })).rejects.toThrow(PaymentGatewayError);
    await expect(gateway.refundPayment({ ...request, escrowId: '64f1a2b3c4d5e6f7a8b9c0e2' })).rejects.toThrow(PaymentGatewayError);
    expect(gateway.refunds()).toHaveLength(1);
  });

  it('throws for a refund that comes back failed, counts no money, and makes a new refund on the retry', async () => {
    const gateway = new InMemoryPaymentGateway();
    gateway.failNextRefund();
    const failed = gateway.refundPayment(request);
    await expect(failed).rejects.toThrow(PaymentGatewayError);
    await expect(failed).rejects.toMatchObject({ details: { refundStatus: 'failed', escrowId: request.escrowId } });
    expect(gateway.refunds()).toEqual([]);
    const [dead] = gateway.failedRefunds();
    const retried = sent(await gateway.refundPayment(request));
    expect(retried.refundId).not.toBe(dead?.refundId);
    expect(gateway.refunds()).toEqual([expect.objectContaining({ refundId: retried.refundId, amountPaise: 4_500_000 })]);
    expect(gateway.failedRefunds()).toHaveLength(1);
  });

  it('answers a refund the processor refuses for good as refused, with the reason, again under its key, and records nothing', async () => {
    const gateway = new InMemoryPaymentGateway();
    gateway.refuseNextRefund('charge_disputed');
    await expect(gateway.refundPayment(request)).resolves.toEqual({ outcome: 'refused', reason: 'charge_disputed' });
    expect(gateway.refunds()).toEqual([]);
    // As Stripe keeps the answer under the idempotency key: the same key is refused again, a new one is tried anew.
    await expect(gateway.refundPayment(request)).resolves.toEqual({ outcome: 'refused', reason: 'charge_disputed' });
    expect(sent(await gateway.refundPayment({ ...request, idempotencyKey: 'refund-after-refusal' })).refundId).toMatch(/^re_/);
  });

  it('records nothing when the processor is unavailable', async () => {
    const gateway = new InMemoryPaymentGateway();
    gateway.failNext();
    await expect(gateway.refundPayment(request)).rejects.toThrow(PaymentGatewayError);
    expect(gateway.refunds()).toEqual([]);
    expect(gateway.failedRefunds()).toEqual([]);
  });
});
