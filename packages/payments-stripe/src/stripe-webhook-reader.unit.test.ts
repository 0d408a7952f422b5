import { describe, expect, it } from 'vitest';
import { ValidationError } from '@skillhouse/domain';
import { checkoutSessionEvent, type CheckoutSessionEventFields } from './checkout-session-event.ts';
import { StripeWebhookReader } from './stripe-webhook-reader.ts';
import { WebhookSignatureInvalid } from './webhook.errors.ts';
import { signWebhookPayload } from './webhook-signature.ts';

/**
 * Each test signs a Stripe-shaped event with Stripe's real scheme (HMAC-SHA256 over
 * `<timestamp>.<body>`) and reads it back, so the reader's verification is exercised, not bypassed.
 */
const secret = 'whsec_test_reader_secret';
const reader = new StripeWebhookReader({ webhookSecret: secret });
const metadata = { jobId: '64f1a2b3c4d5e6f7a8b9c0d4', clientId: '64f1a2b3c4d5e6f7a8b9c0d5', freelancerId: '64f1a2b3c4d5e6f7a8b9c0d6' };

const paidSession: CheckoutSessionEventFields = {
  eventId: 'evt_1PqRsT',
  sessionId: 'cs_test_a1B2c3',
  paymentIntentId: 'pi_3PqRsT',
  amountPaise: 5_000_000,
  metadata,
  created: new Date('2025-10-09T08:53:20Z'),
};

function sessionEvent(fields: Partial<CheckoutSessionEventFields> = {}): string {
  return JSON.stringify(checkoutSessionEvent({ ...paidSession, ...fields }));
}

function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

describe('StripeWebhookReader.read(rawBody, signatureHeader)', () => {
  it('turns a signed, paid checkout.session.completed into a paid checkout outcome', () => {
    const body = sessionEvent();
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
    const body = sessionEvent({ paymentStatus: 'unpaid', paymentIntentId: null });
    const read = reader.read(body, signWebhookPayload(body, secret));
    expect(read).toMatchObject({ kind: 'checkout', outcome: { paid: false, paymentIntentId: null } });
  });

  it('reads checkout.session.async_payment_succeeded as a paid checkout', () => {
    const body = sessionEvent({ type: 'checkout.session.async_payment_succeeded' });
    const read = reader.read(body, signWebhookPayload(body, secret));
    expect(read).toMatchObject({
      kind: 'checkout',
      type: 'checkout.session.async_payment_succeeded',
      outcome: { paid: true, amountPaidPaise: 5_000_000 },
    });
  });

  it('takes the id of an expanded payment intent', () => {
    const event = checkoutSessionEvent(paidSession);
    const body = JSON.stringify({
      ...event,
      data: { object: { ...event.data.object, payment_intent: { id: 'pi_expanded', object: 'payment_intent' } } },
    });
    expect(reader.read(body, signWebhookPayload(body, secret))).toMatchObject({ outcome: { paymentIntentId: 'pi_expanded' } });
  });

  it('gives empty metadata, not a crash, when the session has none', () => {
    const body = sessionEvent({ metadata: null });
    expect(reader.read(body, signWebhookPayload(body, secret))).toMatchObject({ outcome: { metadata: {} } });
  });

  it.each(['checkout.session.expired', 'checkout.session.async_payment_failed', 'payment_intent.succeeded'] as const)(
    'ignores %s',
    (type) => {
      const body = sessionEvent({ type });
      expect(reader.read(body, signWebhookPayload(body, secret))).toMatchObject({ kind: 'ignored', eventId: 'evt_1PqRsT', type });
    },
  );

  it('refuses a body signed with another secret', () => {
    const body = sessionEvent();
    expect(() => reader.read(body, signWebhookPayload(body, 'whsec_someone_else'))).toThrow(WebhookSignatureInvalid);
  });

  it('refuses a body changed after signing', () => {
    const body = sessionEvent();
    const tampered = body.replace('"amount_total":5000000', '"amount_total":5000001');
    expect(tampered).not.toBe(body);
    expect(() => reader.read(tampered, signWebhookPayload(body, secret))).toThrow(WebhookSignatureInvalid);
  });

  it.each([undefined, '', 'not-a-stripe-signature'])('refuses the signature header %j', (header) => {
    expect(() => reader.read(sessionEvent(), header)).toThrow(WebhookSignatureInvalid);
  });

  it('refuses a signature older than the tolerance, and accepts one inside it', () => {
    const body = sessionEvent();
    expect(() => reader.read(body, signWebhookPayload(body, secret, nowSeconds() - 301))).toThrow(WebhookSignatureInvalid);
    const strict = new StripeWebhookReader({ webhookSecret: secret, toleranceSeconds: 30 });
    expect(() => strict.read(body, signWebhookPayload(body, secret, nowSeconds() - 120))).toThrow(WebhookSignatureInvalid);
    expect(reader.read(body, signWebhookPayload(body, secret, nowSeconds() - 120))).toMatchObject({ kind: 'checkout' });
  });

  it('refuses a signature dated more than the tolerance in the future, and accepts one inside it', () => {
    const body = sessionEvent();
    for (const ahead of [301, 3600, 365 * 24 * 3600]) {
      expect(() => reader.read(body, signWebhookPayload(body, secret, nowSeconds() + ahead))).toThrow(WebhookSignatureInvalid);
    }
    expect(reader.read(body, signWebhookPayload(body, secret, nowSeconds() + 120))).toMatchObject({ kind: 'checkout' });
  });

  it('reports a refused signature as a validation error with a stable code and no echo of the header', () => {
    const body = sessionEvent();
    const header = signWebhookPayload(body, 'whsec_someone_else');
    expect(() => reader.read(body, header)).toThrow(ValidationError);
    expect(() => reader.read(body, header)).toThrow(
      expect.objectContaining({ kind: 'validation', code: 'WEBHOOK.SIGNATURE_INVALID', message: expect.not.stringContaining(header) }),
    );
  });

  it('refuses a correctly signed body that is not JSON', () => {
    const body = 'not json';
    expect(() => reader.read(body, signWebhookPayload(body, secret))).toThrow(expect.objectContaining({ code: 'WEBHOOK.MALFORMED' }));
  });

  const session = checkoutSessionEvent(paidSession).data.object;
  const event = checkoutSessionEvent(paidSession);
  it.each([
    ['null', null],
    ['an array', [event]],
    ['a string', 'checkout.session.completed'],
    ['an event without an id', { ...event, id: undefined }],
    ['an event without a type', { ...event, type: 42 }],
    ['an event without data', { ...event, data: undefined }],
    ['data: null', { ...event, data: null }],
    ['data.object: null', { ...event, data: { object: null } }],
    ['data.object a string', { ...event, data: { object: 'cs_test' } }],
    ['an ignored type without data', { id: 'evt_1', type: 'payment_intent.succeeded' }],
    ['a session without an id', { ...event, data: { object: { ...session, id: null } } }],
    ['an amount that is a string', { ...event, data: { object: { ...session, amount_total: '5000000' } } }],
    ['metadata that is a list', { ...event, data: { object: { ...session, metadata: ['jobId'] } } }],
    ['a metadata value that is a number', { ...event, data: { object: { ...session, metadata: { ...metadata, jobId: 7 } } } }],
    ['a payment intent that is a number', { ...event, data: { object: { ...session, payment_intent: 7 } } }],
  ])('refuses a correctly signed body that is %s as malformed', (_, payload) => {
    const body = JSON.stringify(payload);
    expect(() => reader.read(body, signWebhookPayload(body, secret))).toThrow(
      expect.objectContaining({ kind: 'validation', code: 'WEBHOOK.MALFORMED' }),
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

describe('StripeWebhookReader.read of what Stripe did on its own', () => {
  const created = nowSeconds();
  const event = (type: string, object: Record<string, unknown>) =>
    JSON.stringify({ id: 'evt_p1', object: 'event', type, created, data: { object } });
  const read = (body: string) => reader.read(body, signWebhookPayload(body, secret));
  const refund = { id: 're_1', object: 'refund', amount: 900, payment_intent: 'pi_1', metadata: { escrowId: 'e1' } };
  const dispute = { id: 'du_1', object: 'dispute', amount: 5_000, payment_intent: { id: 'pi_1' } };

  it.each([
    ['refund.failed', { ...refund, status: 'failed', failure_reason: 'lost_or_stolen_card' }, 'lost_or_stolen_card'],
    ['refund.updated', { ...refund, status: 'canceled', failure_reason: null }, 'canceled'],
  ])('reads %s of a refund that failed as a refundFailed report', (type, object, reason) => {
    expect(read(event(type, object))).toEqual({
      kind: 'processor',
      eventId: 'evt_p1',
      type,
      sentAt: new Date(created * 1_000),
      labelledByCheckout: null,
      report: {
        kind: 'refundFailed',
        refundId: 're_1',
        escrowId: 'e1',
        paymentIntentId: 'pi_1',
        reason,
        reportedAt: new Date(created * 1_000),
      },
    });
  });

  it('ignores a refund.updated of a refund that did not fail', () => {
    expect(read(event('refund.updated', { ...refund, status: 'succeeded' }))).toMatchObject({ kind: 'ignored' });
  });

  it("reads charge.refunded as the payment's running total of refunds, and whether the charge carries this service's checkout metadata", () => {
    const charge = { id: 'ch_1', object: 'charge', amount_refunded: 2_500, payment_intent: 'pi_1' };
    expect(read(event('charge.refunded', charge))).toMatchObject({
      sentAt: new Date(created * 1_000),
      labelledByCheckout: false,
      report: { kind: 'paymentRefunded', paymentIntentId: 'pi_1', refundedTotalPaise: 2_500, reportedAt: new Date(created * 1_000) },
    });
    const labelled = { ...charge, metadata: { jobId: 'j1', clientId: 'c1', freelancerId: 'f1', jobRevision: '1', jobOpen: 'true' } };
    expect(read(event('charge.refunded', labelled))).toMatchObject({ labelledByCheckout: true });
    expect(read(event('charge.refunded', { ...charge, metadata: { jobId: 'j1', clientId: 'c1' } }))).toMatchObject({
      labelledByCheckout: false,
    });
    expect(read(event('charge.dispute.created', dispute))).toMatchObject({ labelledByCheckout: null, sentAt: new Date(created * 1_000) });
  });

  it("reads transfer.reversed as the transfer's running total of reversals, with the withdrawal it paid", () => {
    const transfer = { id: 'tr_1', object: 'transfer', amount: 40_000, amount_reversed: 15_000, metadata: { withdrawalId: 'w1' } };
    expect(read(event('transfer.reversed', transfer))).toEqual({
      kind: 'transferReversed',
      eventId: 'evt_p1',
      type: 'transfer.reversed',
      transferId: 'tr_1',
      withdrawalId: 'w1',
      reversedPaise: 15_000,
    });
  });

  it.each([
    ['won', true],
    ['warning_closed', true],
    ['lost', false],
  ])('reads a dispute closed %s', (status, won) => {
    expect(read(event('charge.dispute.closed', { ...dispute, status }))).toMatchObject({
      report: { kind: 'chargebackClosed', paymentIntentId: 'pi_1', disputeId: 'du_1', amountPaise: 5_000, won },
    });
  });

  it.each([
    ['a charge.refunded without amount_refunded', event('charge.refunded', { id: 'ch_1', payment_intent: 'pi_1' })],
    ['a charge.refunded without payment_intent', event('charge.refunded', { id: 'ch_1', amount_refunded: 1 })],
    ['a dispute without an amount', event('charge.dispute.created', { id: 'du_1', payment_intent: 'pi_1' })],
    ['a dispute closed in an unknown status', event('charge.dispute.closed', { ...dispute, status: 'under_review' })],
    ['a refund without an id', event('refund.failed', { status: 'failed' })],
    [
      'an event dated past what a date can hold',
      JSON.stringify({ id: 'evt_p3', type: 'account.updated', created: 1e20, data: { object: { id: 'acct_1', payouts_enabled: true } } }),
    ],
    [
      'an event dated with a fraction of a second',
      JSON.stringify({ id: 'evt_p4', type: 'account.updated', created: 1.5, data: { object: { id: 'acct_1', payouts_enabled: true } } }),
    ],
    ['a transfer.reversed without amount_reversed', event('transfer.reversed', { id: 'tr_1', metadata: { withdrawalId: 'w1' } })],
    [
      'a transfer.reversed with a fractional amount_reversed',
      event('transfer.reversed', { id: 'tr_1', amount_reversed: 1.5, metadata: {} }),
    ],
    [
      'a charge.refunded without its time',
      JSON.stringify({ id: 'evt_p2', type: 'charge.refunded', data: { object: { amount_refunded: 1, payment_intent: 'pi_1' } } }),
    ],
  ])('refuses %s as malformed', (_, body) => {
    expect(() => read(body)).toThrow(expect.objectContaining({ code: 'WEBHOOK.MALFORMED' }));
  });
});
