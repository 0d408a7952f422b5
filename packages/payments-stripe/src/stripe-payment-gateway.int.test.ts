import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { PaymentGatewayError } from '@skillhouse/domain';
import { freePort, startRecordingProxy, type RecordedRequest, type RecordingProxy } from '@skillhouse/test-servers';
import { checkoutIdempotencyKey, checkoutSessionParams } from './checkout-session-params.ts';
import { EXAMPLE_CHECKOUT_REQUEST } from './checkout-request.test-support.ts';
import { STRIPE_API_VERSION } from './stripe-client.ts';
import { StripePaymentGateway, type StripePaymentGatewayOptions } from './stripe-payment-gateway.ts';

/**
 * The gateway talks to the real stripe-mock, which validates every request against Stripe's OpenAPI
 * spec and answers with canned objects. A recording proxy in between shows what went on the wire.
 */
const clientUrl = 'https://skillhouse.example';
const request = EXAMPLE_CHECKOUT_REQUEST;

let proxy: RecordingProxy;

beforeAll(async () => {
  proxy = await startRecordingProxy(inject('stripeMockUrl'));
});
afterAll(async () => {
  await proxy.close();
});
beforeEach(() => {
  proxy.requests.length = 0;
});

function gateway(overrides: Partial<StripePaymentGatewayOptions> = {}): StripePaymentGateway {
  return new StripePaymentGateway({
    secretKey: 'sk_test_skillhouse',
    clientUrl,
    host: '127.0.0.1',
    port: proxy.port,
    protocol: 'http',
    maxNetworkRetries: 0,
    ...overrides,
  });
}

function onlyRequest(): RecordedRequest {
  expect(proxy.requests).toHaveLength(1);
  return proxy.requests[0]!;
}

describe('StripePaymentGateway.createCheckoutSession(request)', () => {
  it('opens a Checkout Session and returns its id and page', async () => {
    const session = await gateway().createCheckoutSession(request);
    expect(session.sessionId).toMatch(/^cs_/);
    expect(session.url).toMatch(/^https:\/\//);
  });

  it('sends the INR line item, metadata, return URLs, pinned API version and content-derived idempotency key', async () => {
    await gateway().createCheckoutSession(request);
    const sent = onlyRequest();
    expect(sent.method).toBe('POST');
    expect(sent.path).toBe('/v1/checkout/sessions');
    expect(sent.headers['stripe-version']).toBe(STRIPE_API_VERSION);
    expect(sent.headers['idempotency-key']).toBe(checkoutIdempotencyKey(checkoutSessionParams(request, clientUrl)));
    expect(Object.fromEntries(new URLSearchParams(sent.body))).toEqual({
      mode: 'payment',
      'line_items[0][quantity]': '1',
      'line_items[0][price_data][currency]': 'inr',
      'line_items[0][price_data][unit_amount]': '5000000',
      'line_items[0][price_data][product_data][name]': 'React Frontend Developer',
      'metadata[jobId]': request.jobId,
      'metadata[clientId]': request.clientId,
      'metadata[freelancerId]': request.freelancerId,
      'metadata[jobRevision]': '1',
      'metadata[jobOpen]': 'true',
      'payment_intent_data[metadata][jobId]': request.jobId,
      'payment_intent_data[metadata][clientId]': request.clientId,
      'payment_intent_data[metadata][freelancerId]': request.freelancerId,
      'payment_intent_data[metadata][jobRevision]': '1',
      'payment_intent_data[metadata][jobOpen]': 'true',
      success_url: `${clientUrl}/client/jobs/home?session_id={CHECKOUT_SESSION_ID}`,
      cancel_url: `${clientUrl}/client/jobs/home?cancelled=true`,
    });
  });

  it('sends the same idempotency key for the same request twice, and another for another amount', async () => {
    await gateway().createCheckoutSession(request);
    await gateway().createCheckoutSession(request);
    await gateway().createCheckoutSession({ ...request, amountPaise: 5_000_100 });
    const keys = proxy.requests.map((sent) => sent.headers['idempotency-key']);
    expect(keys[0]).toBe(keys[1]);
    expect(keys[2]).not.toBe(keys[0]);
  });

  it("reports a request Stripe refuses as a PaymentGatewayError with Stripe's status, not its text", async () => {
    const refused = gateway().createCheckoutSession({ ...request, amountPaise: 1.5 });
    await expect(refused).rejects.toThrow(PaymentGatewayError);
    await expect(refused).rejects.toMatchObject({
      code: 'PAYMENT.GATEWAY_FAILED',
      message: 'the payment processor refused the request: could not open a checkout session',
      details: { stripeType: 'StripeInvalidRequestError', statusCode: 400 },
    });
  });

  it('reports rejected credentials without repeating the key', async () => {
    const secretKey = 'rk_not_a_valid_key_4242';
    const refused = gateway({ secretKey }).createCheckoutSession(request);
    await expect(refused).rejects.toThrow(PaymentGatewayError);
    await expect(refused).rejects.toMatchObject({ details: { statusCode: 401 }, message: expect.not.stringContaining(secretKey) });
    await expect(refused).rejects.toSatisfy((error: PaymentGatewayError) => !JSON.stringify(error.details).includes(secretKey));
  });

  it('reports an unreachable Stripe as a PaymentGatewayError', async () => {
    const closedPort = await freePort();
    const unreachable = gateway({ port: closedPort }).createCheckoutSession(request);
    await expect(unreachable).rejects.toThrow(PaymentGatewayError);
    await expect(unreachable).rejects.toMatchObject({ details: { stripeType: 'StripeConnectionError' } });
  });
});

describe('StripePaymentGateway.refundPayment(request)', () => {
  it("looks for the escrow's refund on the payment intent, then refunds the amount with the idempotency key given", async () => {
    const refund = await gateway().refundPayment({
      paymentIntentId: 'pi_3PqRsT',
      amountPaise: 4_500_000,
      idempotencyKey: 'refund-escrow-64f1a2b3c4d5e6f7a8b9c0e1',
      escrowId: '64f1a2b3c4d5e6f7a8b9c0e1',
    });
    expect(refund).toMatchObject({ outcome: 'sent', refundId: expect.stringMatching(/^re_/) });
    expect(proxy.requests.map(({ method, path }) => `${method} ${path.split('?')[0]!}`)).toEqual(['GET /v1/refunds', 'POST /v1/refunds']);
    const [listed, created] = proxy.requests as [RecordedRequest, RecordedRequest];
    expect(Object.fromEntries(new URL(listed.path, 'http://stripe').searchParams)).toEqual({ payment_intent: 'pi_3PqRsT', limit: '100' });
    expect(listed.headers['idempotency-key']).toBeUndefined();
    expect(created.headers['idempotency-key']).toBe('refund-escrow-64f1a2b3c4d5e6f7a8b9c0e1');
    expect(Object.fromEntries(new URLSearchParams(created.body))).toEqual({
      payment_intent: 'pi_3PqRsT',
      amount: '4500000',
      'metadata[escrowId]': '64f1a2b3c4d5e6f7a8b9c0e1',
    });
  });

  it('throws PaymentGatewayError for a refund request Stripe refuses as malformed: ours to fix, not a refusal for good', async () => {
    const refused = gateway().refundPayment({ paymentIntentId: 'pi_3PqRsT', amountPaise: 0.5, idempotencyKey: 'refund-x', escrowId: 'e' });
    await expect(refused).rejects.toThrow(PaymentGatewayError);
    await expect(refused).rejects.toMatchObject({ message: 'the payment processor refused the request: could not refund the payment' });
  });

  it('throws PaymentGatewayError for a refund Stripe could not be reached for: that may pass', async () => {
    const unreachable = new StripePaymentGateway({
      secretKey: 'sk_test_skillhouse',
      clientUrl,
      host: '127.0.0.1',
      port: await freePort(),
      protocol: 'http',
      maxNetworkRetries: 0,
    });
    const failed = unreachable.refundPayment({ paymentIntentId: 'pi_3PqRsT', amountPaise: 100, idempotencyKey: 'refund-y', escrowId: 'e' });
    await expect(failed).rejects.toThrow(PaymentGatewayError);
    await expect(failed).rejects.toMatchObject({ details: { stripeType: 'StripeConnectionError' } });
  });
});

describe('StripePaymentGateway: Connect payouts', () => {
  const payout = {
    withdrawalId: '64f1a2b3c4d5e6f7a8b9c0f1',
    userId: '64f1a2b3c4d5e6f7a8b9c0f2',
    accountId: 'acct_1PqRsTuVwXyZ',
    amountPaise: 250_000,
    idempotencyKey: 'withdrawal-64f1a2b3c4d5e6f7a8b9c0f1-payout',
    transferGroup: 'withdrawal-64f1a2b3c4d5e6f7a8b9c0f1',
  };

  it('creates an Express account for transfers with the idempotency key given', async () => {
    const { accountId } = await gateway().createPayoutAccount({ userId: payout.userId, idempotencyKey: 'payout-account-u1' });
    expect(accountId).toMatch(/^acct_/);
    const sent = onlyRequest();
    expect(`${sent.method} ${sent.path}`).toBe('POST /v1/accounts');
    expect(sent.headers['idempotency-key']).toBe('payout-account-u1');
    expect(Object.fromEntries(new URLSearchParams(sent.body))).toEqual({
      type: 'express',
      country: 'IN',
      'capabilities[transfers][requested]': 'true',
      'metadata[userId]': payout.userId,
    });
  });

  it('opens an onboarding account link returning to the web client', async () => {
    const { url } = await gateway().createOnboardingLink(payout.accountId);
    expect(url).toMatch(/^https:\/\//);
    const sent = onlyRequest();
    expect(`${sent.method} ${sent.path}`).toBe('POST /v1/account_links');
    expect(Object.fromEntries(new URLSearchParams(sent.body))).toEqual({
      account: payout.accountId,
      type: 'account_onboarding',
      return_url: `${clientUrl}/freelancer/payouts?onboarding=done`,
      refresh_url: `${clientUrl}/freelancer/payouts?onboarding=refresh`,
    });
  });

  it("looks for the withdrawal's transfer in its group, then transfers to the account with the withdrawal's key and group", async () => {
    const outcome = await gateway().sendPayout(payout);
    expect(outcome).toMatchObject({ outcome: 'sent', payoutId: expect.stringMatching(/^tr_/) });
    expect(proxy.requests.map(({ method, path }) => `${method} ${path.split('?')[0]!}`)).toEqual([
      'GET /v1/transfers',
      'POST /v1/transfers',
    ]);
    const [listed, created] = proxy.requests as [RecordedRequest, RecordedRequest];
    expect(Object.fromEntries(new URL(listed.path, 'http://stripe').searchParams)).toEqual({
      transfer_group: payout.transferGroup,
      limit: '100',
    });
    expect(created.headers['idempotency-key']).toBe(payout.idempotencyKey);
    expect(Object.fromEntries(new URLSearchParams(created.body))).toEqual({
      amount: '250000',
      currency: 'inr',
      destination: payout.accountId,
      transfer_group: payout.transferGroup,
      'metadata[withdrawalId]': payout.withdrawalId,
      'metadata[userId]': payout.userId,
    });
  });

  it('answers a transfer Stripe refuses as refused, and an unreachable Stripe as a PaymentGatewayError', async () => {
    await expect(gateway().sendPayout({ ...payout, amountPaise: 0.5 })).resolves.toMatchObject({ outcome: 'refused' });
    const unreachable = gateway({ port: await freePort() }).sendPayout(payout);
    await expect(unreachable).rejects.toThrow(PaymentGatewayError);
  });
});
