import { describe, expect, it } from 'vitest';
import { ValidationError } from '@skillhouse/domain';
import { StripeWebhookReader, WebhookSignatureInvalid } from './stripe-webhook-reader.ts';
import { signWebhookPayload } from './webhook-signature.ts';

/**
 * Each test signs a Stripe-shaped event with Stripe's real scheme (HMAC-SHA256 over
 * `<timestamp>.<body>`) and reads it back, so the reader's verification is exercised, not bypassed.
 */
const secret = 'whsec_test_reader_secret';
const reader = new StripeWebhookReader({ webhookSecret: secret });
const metadata = { jobId: '64f1a2b3c4d5e6f7a8b9c0d4', clientId: '64f1a2b3c4d5e6f7a8b9c0d5', freelancerId: '64f1a2b3c4d5e6f7a8b9c0d6' };

function sessionEvent(type: string, session: Record<string, unknown> = {}): string {
  return JSON.stringify({
    id: 'evt_1PqRsT',
    object: 'event',
    api_version: '2026-10-28.endive',
    created: 1_760_000_000,
    type,
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    data: {
      object: {
        id: 'cs_test_a1B2c3',
        object: 'checkout.session',
        mode: 'payment',
        status: 'complete',
        payment_status: 'paid',
        amount_total: 5_000_000,
        amount_subtotal: 5_000_000,
        currency: 'inr',
        payment_intent: 'pi_3PqRsT',
        metadata,
        ...session,
      },
    },
  });
}

function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

describe('StripeWebhookReader.read(rawBody, signatureHeader)', () => {
  it('turns a signed, paid checkout.session.completed into a paid checkout outcome', () => {
    const body = sessionEvent('checkout.session.completed');
    expect(reader.read(Buffer.from(body), signWebhookPayload(body, secret))).toEqual({
      kind: 'checkout',
      eventId: 'evt_1PqRsT',
      type: 'checkout.session.completed',
      outcome: {
        checkoutSessionId: 'cs_test_a1B2c3',
        paymentIntentId: 'pi_3PqRsT',
        amountPaidPaise: 5_000_000,
        currency: 'inr',
        paid: true,
        metadata,
      },
    });
  });

  it('reports a completed session that is not yet paid (a delayed payment method) as unpaid', () => {
    const body = sessionEvent('checkout.session.completed', { payment_status: 'unpaid', payment_intent: null });
    const read = reader.read(body, signWebhookPayload(body, secret));
    expect(read).toMatchObject({ kind: 'checkout', outcome: { paid: false, paymentIntentId: null } });
  });

  it('reads checkout.session.async_payment_succeeded as a paid checkout', () => {
    const body = sessionEvent('checkout.session.async_payment_succeeded');
    const read = reader.read(body, signWebhookPayload(body, secret));
    expect(read).toMatchObject({ kind: 'checkout', type: 'checkout.session.async_payment_succeeded', outcome: { paid: true, amountPaidPaise: 5_000_000 } });
  });

  it('takes the id of an expanded payment intent', () => {
    const body = sessionEvent('checkout.session.completed', { payment_intent: { id: 'pi_expanded', object: 'payment_intent' } });
    expect(reader.read(body, signWebhookPayload(body, secret))).toMatchObject({ outcome: { paymentIntentId: 'pi_expanded' } });
  });

  it('gives empty metadata, not a crash, when the session has none', () => {
    const body = sessionEvent('checkout.session.completed', { metadata: null });
    expect(reader.read(body, signWebhookPayload(body, secret))).toMatchObject({ outcome: { metadata: {} } });
  });

  it.each(['checkout.session.expired', 'checkout.session.async_payment_failed', 'payment_intent.succeeded'])('ignores %s', (type) => {
    const body = sessionEvent(type);
    expect(reader.read(body, signWebhookPayload(body, secret))).toEqual({ kind: 'ignored', eventId: 'evt_1PqRsT', type });
  });

  it('refuses a body signed with another secret', () => {
    const body = sessionEvent('checkout.session.completed');
    expect(() => reader.read(body, signWebhookPayload(body, 'whsec_someone_else'))).toThrow(WebhookSignatureInvalid);
  });

  it('refuses a body changed after signing', () => {
    const body = sessionEvent('checkout.session.completed');
    const tampered = body.replace('"amount_total":5000000', '"amount_total":5000001');
    expect(tampered).not.toBe(body);
    expect(() => reader.read(tampered, signWebhookPayload(body, secret))).toThrow(WebhookSignatureInvalid);
  });

  it.each([undefined, '', 'not-a-stripe-signature'])('refuses the signature header %j', (header) => {
    expect(() => reader.read(sessionEvent('checkout.session.completed'), header)).toThrow(WebhookSignatureInvalid);
  });

  it('refuses a signature older than the tolerance, and accepts one inside it', () => {
    const body = sessionEvent('checkout.session.completed');
    expect(() => reader.read(body, signWebhookPayload(body, secret, nowSeconds() - 301))).toThrow(WebhookSignatureInvalid);
    const strict = new StripeWebhookReader({ webhookSecret: secret, toleranceSeconds: 30 });
    expect(() => strict.read(body, signWebhookPayload(body, secret, nowSeconds() - 120))).toThrow(WebhookSignatureInvalid);
    expect(reader.read(body, signWebhookPayload(body, secret, nowSeconds() - 120))).toMatchObject({ kind: 'checkout' });
  });

  it('reports a refused signature as a validation error with a stable code and no echo of the header', () => {
    const body = sessionEvent('checkout.session.completed');
    const header = signWebhookPayload(body, 'whsec_someone_else');
    expect(() => reader.read(body, header)).toThrow(ValidationError);
    expect(() => reader.read(body, header)).toThrow(
      expect.objectContaining({ kind: 'validation', code: 'WEBHOOK.SIGNATURE_INVALID', message: expect.not.stringContaining(header) }),
    );
  });

  it('refuses a correctly signed body that is not JSON', () => {
    const body = 'not json';
    expect(() => reader.read(body, signWebhookPayload(body, secret))).toThrow(
      expect.objectContaining({ code: 'WEBHOOK.MALFORMED_PAYLOAD' }),
    );
  });
});

describe('new StripeWebhookReader(options)', () => {
  it.each([0, -1, 1.5])('refuses the tolerance %d, since Stripe reads 0 as "never too old"', (toleranceSeconds) => {
    expect(() => new StripeWebhookReader({ webhookSecret: secret, toleranceSeconds })).toThrow(/tolerance/);
  });

  it('refuses an empty secret', () => {
    expect(() => new StripeWebhookReader({ webhookSecret: ' ' })).toThrow(/secret/);
  });
});
