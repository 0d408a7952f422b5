import { describe, expect, it } from 'vitest';
import { PaymentGatewayError, type RefundRequest } from '@skillhouse/domain';
import type { RecordedRequest } from '@skillhouse/test-servers';
import {
  fakeStripePerTest,
  refundList,
  refundObject,
  type FakeStripeAnswer,
  type GatewayOverFakeStripe,
} from './fake-stripe-server.test-support.ts';
import { REFUND_SCAN_LIMIT } from './stripe-refunds.ts';

/**
 * The real SDK against a loopback server that answers as Stripe would for states stripe-mock cannot
 * show: a refund of this escrow already on the payment intent, or a refund Stripe reports as failed.
 */
const escrowId = '64f1a2b3c4d5e6f7a8b9c0e1';
const request: RefundRequest = {
  paymentIntentId: 'pi_3PqRsT',
  amountPaise: 4_500_000,
  idempotencyKey: `refund-escrow-${escrowId}`,
  escrowId,
};
const otherEscrowsRefund = refundObject({ id: 're_other', amount: 500_000, status: 'succeeded', escrowId: '64f1a2b3c4d5e6f7a8b9c0ff' });
const createdRefund = refundObject({ id: 're_created', amount: 4_500_000, status: 'succeeded', escrowId });

interface StripeState {
  /** The pages GET /v1/refunds answers, in order. */
  readonly pages: readonly (readonly Record<string, unknown>[])[];
  /** What POST /v1/refunds answers. */
  readonly created?: FakeStripeAnswer;
}

const gatewayAnswering = fakeStripePerTest();

function gatewayOver(state: StripeState): Promise<GatewayOverFakeStripe> {
  let listed = 0;
  return gatewayAnswering((sent) => {
    if (sent.method === 'POST') return state.created ?? { status: 200, body: createdRefund };
    const page = state.pages[listed] ?? [];
    listed += 1;
    return { status: 200, body: refundList(page, listed < state.pages.length) };
  });
}

const methods = (requests: readonly RecordedRequest[]) => requests.map((sent) => sent.method);
const queryOf = (sent: RecordedRequest | undefined) => Object.fromEntries(new URL(sent?.path ?? '', 'http://stripe').searchParams);

describe('StripePaymentGateway.refundPayment(request) with refunds already on the payment intent', () => {
  it("reuses the refund that carries this escrow's id and sends no create, whatever became of the idempotency key", async () => {
    const earlier = refundObject({ id: 're_earlier', amount: 4_500_000, status: 'succeeded', escrowId });
    const { gateway, requests } = await gatewayOver({ pages: [[otherEscrowsRefund, earlier]] });
    await expect(gateway.refundPayment(request)).resolves.toEqual({ outcome: 'sent', refundId: 're_earlier' });
    expect(methods(requests)).toEqual(['GET']);
    expect(queryOf(requests[0])).toEqual({ payment_intent: 'pi_3PqRsT', limit: '100' });
  });

  it('reads further pages to find it', async () => {
    const earlier = refundObject({ id: 're_on_page_two', amount: 4_500_000, status: 'pending', escrowId });
    const { gateway, requests } = await gatewayOver({ pages: [[otherEscrowsRefund], [earlier]] });
    await expect(gateway.refundPayment(request)).resolves.toEqual({ outcome: 'sent', refundId: 're_on_page_two' });
    expect(methods(requests)).toEqual(['GET', 'GET']);
    expect(queryOf(requests[1])).toMatchObject({ payment_intent: 'pi_3PqRsT', starting_after: 're_other' });
  });

  it("creates the refund, with the key given, when only other escrows' refunds are there", async () => {
    const { gateway, requests } = await gatewayOver({ pages: [[otherEscrowsRefund]] });
    await expect(gateway.refundPayment(request)).resolves.toEqual({ outcome: 'sent', refundId: 're_created' });
    expect(methods(requests)).toEqual(['GET', 'POST']);
    expect(requests[1]?.headers['idempotency-key']).toBe(request.idempotencyKey);
    expect(Object.fromEntries(new URLSearchParams(requests[1]?.body))).toMatchObject({ 'metadata[escrowId]': escrowId, amount: '4500000' });
  });

  it.each(['failed', 'canceled'])(
    'makes a new refund under a key derived from a %s one, so Stripe cannot replay the dead refund',
    async (status) => {
      const dead = refundObject({ id: 're_dead', amount: 4_500_000, status, escrowId });
      const { gateway, requests } = await gatewayOver({ pages: [[dead]] });
      await expect(gateway.refundPayment(request)).resolves.toEqual({ outcome: 'sent', refundId: 're_created' });
      expect(methods(requests)).toEqual(['GET', 'POST']);
      expect(requests[1]?.headers['idempotency-key']).toBe(`${request.idempotencyKey}-after-re_dead`);
    },
  );

  it('prefers a standing refund over an older dead one', async () => {
    const standing = refundObject({ id: 're_retry', amount: 4_500_000, status: 'succeeded', escrowId });
    const dead = refundObject({ id: 're_dead', amount: 4_500_000, status: 'failed', escrowId });
    const { gateway, requests } = await gatewayOver({ pages: [[standing, dead]] });
    await expect(gateway.refundPayment(request)).resolves.toEqual({ outcome: 'sent', refundId: 're_retry' });
    expect(methods(requests)).toEqual(['GET']);
  });

  it("refuses, and creates nothing, when this escrow's refund is for another amount", async () => {
    const earlier = refundObject({ id: 're_earlier', amount: 4_000_000, status: 'succeeded', escrowId });
    const { gateway, requests } = await gatewayOver({ pages: [[earlier]] });
    const refused = gateway.refundPayment(request);
    await expect(refused).rejects.toThrow(PaymentGatewayError);
    await expect(refused).rejects.toMatchObject({ details: { refundId: 're_earlier', refundPaise: 4_000_000, requestedPaise: 4_500_000 } });
    expect(methods(requests)).toEqual(['GET']);
  });

  it(`refuses, and creates nothing, when more than ${REFUND_SCAN_LIMIT} refunds hide whether this escrow was refunded`, async () => {
    const page = Array.from({ length: 100 }, (_, index) => refundObject({ id: `re_many_${index}`, amount: 100, status: 'succeeded' }));
    const { gateway, requests } = await gatewayOver({ pages: Array.from({ length: REFUND_SCAN_LIMIT / 100 + 2 }, () => page) });
    await expect(gateway.refundPayment(request)).rejects.toThrow(PaymentGatewayError);
    expect(methods(requests)).toEqual(Array.from({ length: REFUND_SCAN_LIMIT / 100 + 1 }, () => 'GET'));
  });

  it('reports a failed look-up as a PaymentGatewayError and creates nothing', async () => {
    const { gateway, requests } = await gatewayAnswering(() => ({ status: 500, body: { error: { type: 'api_error', message: 'boom' } } }));
    const failed = gateway.refundPayment(request);
    await expect(failed).rejects.toThrow(PaymentGatewayError);
    await expect(failed).rejects.toMatchObject({ message: 'the payment processor failed: could not look up the refunds of the payment' });
    expect(methods(requests)).toEqual(['GET']);
  });
});

describe("StripePaymentGateway.refundPayment(request) and the refund's status", () => {
  it.each(['failed', 'canceled'])('throws when Stripe reports the new refund as %s, so the operation stays open', async (status) => {
    const dead = refundObject({ id: 're_dead', amount: 4_500_000, status, escrowId, failureReason: 'expired_or_canceled_card' });
    const { gateway } = await gatewayOver({ pages: [[]], created: { status: 200, body: dead } });
    const refused = gateway.refundPayment(request);
    await expect(refused).rejects.toThrow(PaymentGatewayError);
    await expect(refused).rejects.toMatchObject({
      message: `the payment processor reports the refund as ${status}`,
      details: { refundId: 're_dead', refundStatus: status, failureReason: 'expired_or_canceled_card' },
    });
  });

  it.each(['succeeded', 'pending', 'requires_action'])('accepts a new refund that is %s', async (status) => {
    const created = refundObject({ id: `re_${status}`, amount: 4_500_000, status, escrowId });
    const { gateway } = await gatewayOver({ pages: [[]], created: { status: 200, body: created } });
    await expect(gateway.refundPayment(request)).resolves.toEqual({ outcome: 'sent', refundId: `re_${status}` });
  });

  it('accepts a reused refund that still requires action: it completes later', async () => {
    const earlier = refundObject({ id: 're_waiting', amount: 4_500_000, status: 'requires_action', escrowId });
    const { gateway } = await gatewayOver({ pages: [[earlier]] });
    await expect(gateway.refundPayment(request)).resolves.toEqual({ outcome: 'sent', refundId: 're_waiting' });
  });

  it('throws for a status it does not know, rather than count the refund as done', async () => {
    const odd = refundObject({ id: 're_odd', amount: 4_500_000, status: 'reversed', escrowId });
    const { gateway } = await gatewayOver({ pages: [[]], created: { status: 200, body: odd } });
    await expect(gateway.refundPayment(request)).rejects.toMatchObject({ details: { refundId: 're_odd', refundStatus: 'reversed' } });
  });

  const stripeRefusal = (code: string): FakeStripeAnswer => ({
    status: 400,
    body: { error: { type: 'invalid_request_error', code, message: `Refused: ${code}` } },
  });

  it.each(['charge_disputed', 'refund_disputed_payment', 'charge_already_refunded', 'amount_too_large'])(
    'answers a refund Stripe refuses for good (%s) as refused, with the code',
    async (code) => {
      const { gateway } = await gatewayOver({ pages: [[]], created: stripeRefusal(code) });
      await expect(gateway.refundPayment(request)).resolves.toEqual({ outcome: 'refused', reason: code });
    },
  );

  it.each(['parameter_missing', 'resource_missing', 'balance_insufficient'])(
    'throws for an invalid request that is ours to fix or may pass (%s), so it alerts and is retried',
    async (code) => {
      const { gateway } = await gatewayOver({ pages: [[]], created: stripeRefusal(code) });
      await expect(gateway.refundPayment(request)).rejects.toThrow(PaymentGatewayError);
    },
  );
});
