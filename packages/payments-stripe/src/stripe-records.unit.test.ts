import { describe, expect, it } from 'vitest';
import type { RecordedRequest } from '@skillhouse/test-servers';
import { fakeStripePerTest, refundList, refundObject } from './fake-stripe-server.test-support.ts';

/**
 * The reconciliation's reads with the real SDK against a loopback server answering as Stripe does
 * (stripe-mock answers canned objects: no metadata, no failed refund, no reversal): the payment
 * intent's amount received and every refund page by page, and a withdrawal's transfers.
 */
const gatewayAnswering = fakeStripePerTest();
const paths = (requests: readonly RecordedRequest[]) => requests.map((sent) => `${sent.method} ${sent.path}`);
const intent = { id: 'pi_1', object: 'payment_intent', amount: 100_000, amount_received: 90_000, currency: 'inr', status: 'succeeded' };

describe('StripePaymentGateway.paymentRecord(paymentIntentId)', () => {
  it('reads the amount received and every refund, page by page, with its state and escrow', async () => {
    let pages = 0;
    const { gateway, requests } = await gatewayAnswering((sent) => {
      if (sent.path.startsWith('/v1/payment_intents/')) return { status: 200, body: intent };
      pages += 1;
      return pages === 1
        ? { status: 200, body: refundList([refundObject({ id: 're_2', amount: 5_000, status: 'failed', escrowId: 'e1' })], true) }
        : { status: 200, body: refundList([{ ...refundObject({ id: 're_1', amount: 3_000, status: 'succeeded' }), status: null }]) };
    });
    await expect(gateway.paymentRecord('pi_1')).resolves.toEqual({
      paymentIntentId: 'pi_1',
      amountReceivedPaise: 90_000,
      refunds: [
        { refundId: 're_2', amountPaise: 5_000, status: 'failed', escrowId: 'e1' },
        { refundId: 're_1', amountPaise: 3_000, status: 'pending', escrowId: null },
      ],
    });
    expect(paths(requests)).toEqual([
      'GET /v1/payment_intents/pi_1',
      'GET /v1/refunds?payment_intent=pi_1&limit=100',
      'GET /v1/refunds?payment_intent=pi_1&limit=100&starting_after=re_2',
    ]);
  });

  it('answers null for a payment intent Stripe does not have, and a PaymentGatewayError for a failure', async () => {
    const { gateway: missing } = await gatewayAnswering(() => ({
      status: 404,
      body: { error: { type: 'invalid_request_error', code: 'resource_missing', message: 'No such payment_intent' } },
    }));
    await expect(missing.paymentRecord('pi_gone')).resolves.toBeNull();
    const { gateway: failing } = await gatewayAnswering(() => ({ status: 500, body: { error: { type: 'api_error', message: 'down' } } }));
    await expect(failing.paymentRecord('pi_1')).rejects.toMatchObject({ code: 'PAYMENT.GATEWAY_FAILED' });
  });
});

describe('StripePaymentGateway.payoutRecords(withdrawalId)', () => {
  it("reads the withdrawal's transfer group, keeps its own transfers, with what was reversed", async () => {
    const transfer = (id: string, withdrawalId: string, reversed: number) => ({
      id,
      object: 'transfer',
      amount: 20_000,
      amount_reversed: reversed,
      currency: 'inr',
      transfer_group: 'withdrawal-w1',
      metadata: { withdrawalId },
    });
    const { gateway, requests } = await gatewayAnswering(() => ({
      status: 200,
      body: { object: 'list', url: '/v1/transfers', has_more: false, data: [transfer('tr_1', 'w1', 5_000), transfer('tr_x', 'w9', 0)] },
    }));
    await expect(gateway.payoutRecords('w1')).resolves.toEqual([{ payoutId: 'tr_1', amountPaise: 20_000, reversedPaise: 5_000 }]);
    expect(paths(requests)).toEqual(['GET /v1/transfers?transfer_group=withdrawal-w1&limit=100']);
  });
});
