import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ValidationError, type EscrowRepository } from '@skillhouse/domain';
import { checkoutSessionEvent, signWebhookPayload } from '@skillhouse/payments-stripe';
import { request, startTestServer, testId, type TestServer } from '../../testing/test-server.ts';

/**
 * How the webhook answers Stripe, with a store that fails once on demand: a failure on our side is
 * a 500 (Stripe retries, and the retry finishes the work); an event we can never use is a 200.
 */
describe('POST /webhook answers', () => {
  let api: TestServer;
  let failNextClaimWith: Error | null = null;
  const clientId = testId(1);
  const freelancerId = testId(2);

  beforeAll(async () => {
    api = await startTestServer(
      {},
      {
        adaptPorts: (ports) => {
          const escrows: EscrowRepository = Object.create(ports.escrows);
          escrows.claim = async (escrow) => {
            const failure = failNextClaimWith;
            if (failure !== null) {
              failNextClaimWith = null;
              throw failure;
            }
            return ports.escrows.claim(escrow);
          };
          return { ...ports, escrows };
        },
      },
    );
  });
  afterAll(() => api.close());

  function deliver(event: object, secret = api.config.payments.webhookSecret) {
    const payload = JSON.stringify(event);
    return request(api.url, 'POST', '/webhook', {
      body: payload,
      headers: { 'content-type': 'application/json', 'stripe-signature': signWebhookPayload(payload, secret) },
    });
  }

  async function paidEvent(sessionId: string) {
    const job = await request(api.url, 'POST', '/api/client/job/create-job', {
      token: api.token('client', clientId),
      json: { title: 'T', description: 'D', rate: 100 },
    });
    const jobId: string = job.body.job._id;
    const event = checkoutSessionEvent({
      eventId: `evt_${sessionId}`,
      sessionId,
      paymentIntentId: `pi_${sessionId}`,
      amountPaise: 10000,
      metadata: { jobId, clientId, freelancerId },
    });
    return { jobId, event };
  }

  it('500 when recording fails on our side, and the retry completes the work', async () => {
    const { jobId, event } = await paidEvent('cs_retry_1');
    failNextClaimWith = new Error('write concern timeout');
    const failed = await deliver(event);
    expect(failed.status).toBe(500);
    expect(failed.body).toEqual({ message: 'Internal Server Error', code: 'INTERNAL' });
    expect((await request(api.url, 'GET', `/api/client/is-created/${jobId}/${clientId}`)).body.contract).toBeNull();

    expect((await deliver(event)).status).toBe(200);
    expect((await request(api.url, 'GET', `/api/client/is-created/${jobId}/${clientId}`)).body.contract).toMatchObject({
      status: 'Pending',
    });
  });

  it('200 ignored for a paid session without our metadata', async () => {
    const event = checkoutSessionEvent({
      eventId: 'evt_foreign',
      sessionId: 'cs_foreign',
      paymentIntentId: 'pi_x',
      amountPaise: 500,
      metadata: {},
    });
    const response = await deliver(event);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ received: true, ignored: expect.stringContaining('cannot fund an escrow') });
  });

  it('500 for any other refusal from recording, so that Stripe retries', async () => {
    const { jobId, event } = await paidEvent('cs_other_refusal');
    failNextClaimWith = new ValidationError('VALIDATION.SOMETHING_ELSE', 'a refusal that is not about the session');
    const failed = await deliver(event);
    expect(failed.status).toBe(500);
    expect(failed.body).toEqual({ message: 'Internal Server Error', code: 'INTERNAL' });

    expect(await deliver(event)).toMatchObject({ status: 200, body: { received: true } });
    expect((await request(api.url, 'GET', `/api/client/is-created/${jobId}/${clientId}`)).body.contract).toMatchObject({
      status: 'Pending',
    });
  });

  it('400 for a signature made with another secret', async () => {
    const { event } = await paidEvent('cs_forged');
    const response = await deliver(event, 'whsec_not_ours');
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('WEBHOOK.SIGNATURE_INVALID');
  });

  /** Stripe's event about `object`, sent `ageSeconds` ago. */
  function stripeEvent(type: string, object: object, ageSeconds = 0) {
    return {
      id: `evt_${type}_${Math.random()}`,
      object: 'event',
      type,
      created: Math.floor(Date.now() / 1000) - ageSeconds,
      data: { object },
    };
  }

  it('409 for a refund that overtakes its checkout; redelivered after the checkout, it resolves the escrow: the client got it back, the freelancer nothing', async () => {
    const { jobId, event } = await paidEvent('cs_overtaken');
    const charge = {
      id: 'ch_overtaken',
      object: 'charge',
      payment_intent: 'pi_cs_overtaken',
      amount_refunded: 10000,
      metadata: { jobId, clientId, freelancerId },
    };
    const refunded = stripeEvent('charge.refunded', charge);

    const early = await deliver(refunded);
    expect(early).toMatchObject({ status: 409, body: { code: 'WEBHOOK.PAYMENT_NOT_RECORDED_YET' } });
    expect((await request(api.url, 'GET', `/api/client/is-created/${jobId}/${clientId}`)).body.contract).toBeNull();

    expect((await deliver(event)).status).toBe(200);
    expect(await deliver(refunded)).toMatchObject({ status: 200, body: { received: true } });
    const payments = await request(api.url, 'GET', '/api/client/payments', { token: api.token('client', clientId) });
    const escrow = payments.body.data.find((payment: { checkoutSessionId: string }) => payment.checkoutSessionId === 'cs_overtaken');
    expect(escrow).toMatchObject({ resolution: { kind: 'outside_refund', clientRefund: 100, freelancerPayout: 0 } });
  });

  it('409 for a chargeback on a payment not recorded yet; 200 ignored once Stripe has stopped redelivering, or for a charge labelled as another’s', async () => {
    const dispute = { id: 'dp_early', object: 'dispute', amount: 10000, payment_intent: 'pi_not_yet', status: 'needs_response' };
    expect(await deliver(stripeEvent('charge.dispute.created', dispute))).toMatchObject({
      status: 409,
      body: { code: 'WEBHOOK.PAYMENT_NOT_RECORDED_YET' },
    });
    const fourDays = 4 * 24 * 60 * 60;
    expect(await deliver(stripeEvent('charge.dispute.created', dispute, fourDays))).toMatchObject({
      status: 200,
      body: { received: true, ignored: expect.stringContaining('pi_not_yet') },
    });
    const foreign = { id: 'ch_foreign', object: 'charge', payment_intent: 'pi_foreign', amount_refunded: 500, metadata: { orderId: '42' } };
    expect(await deliver(stripeEvent('charge.refunded', foreign))).toMatchObject({
      status: 200,
      body: { received: true, ignored: expect.stringContaining('pi_foreign') },
    });
  });
});
