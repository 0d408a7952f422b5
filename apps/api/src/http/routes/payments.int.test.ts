import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { signWebhookPayload } from '@skillhouse/payments-stripe';
import { freePort } from '@skillhouse/test-servers';
import {
  checkoutEvent,
  freshId,
  Marketplace,
  startIntegrationApi,
  uniqueSessionId,
  type IntegrationApi,
} from '../../testing/integration-api.ts';
import { request } from '../../testing/test-server.ts';
import { contractSchema, escrowSchema } from '../schemas.ts';

/**
 * The payment flow over real HTTP, on FerretDB and stripe-mock: opening a Checkout, and Stripe's
 * signed webhook events creating (exactly once) or not creating the escrow and the contract.
 * stripe-mock answers every create with one canned session, so webhook events carry our own ids.
 */
let api: IntegrationApi;
let market: Marketplace;
const clientId = freshId();
const freelancerId = freshId();

beforeAll(async () => {
  api = await startIntegrationApi('payments');
  market = new Marketplace(api);
});
afterAll(() => api.close());

const contractOf = async (jobId: string) => (await request(api.url, 'GET', `/api/client/is-created/${jobId}/${clientId}`)).body.contract;
const contractsOfClient = async () => (await request(api.url, 'GET', `/api/client/get-contracts/${clientId}`)).body.count as number;

describe('POST /api/client/job/payment/:jobId', () => {
  const pay = (jobId: string, body: unknown, token = api.token('client', clientId)) =>
    request(api.url, 'POST', `/api/client/job/payment/${jobId}`, { token, json: body });
  const body = { title: 'React Frontend Developer', rate: 50000, freelancerId };

  it('opens a Stripe Checkout session: { id, url }', async () => {
    const jobId = await market.postJob(clientId);
    const response = await pay(jobId, body);
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ id: expect.stringMatching(/^cs_/), url: expect.stringMatching(/^https:\/\//) });
  });

  it('401 without a token, 403 for a freelancer, 403 for another client’s job', async () => {
    const jobId = await market.postJob(clientId);
    expect((await request(api.url, 'POST', `/api/client/job/payment/${jobId}`, { json: body })).status).toBe(401);
    expect((await pay(jobId, body, api.token('freelancer', freelancerId))).status).toBe(403);
    const other = await pay(jobId, body, api.token('client', freshId()));
    expect(other.status).toBe(403);
    expect(other.body.code).toBe('JOB.NOT_YOURS');
  });

  it('400 naming each bad field', async () => {
    const response = await pay('not-an-id', { title: 42, rate: '50000', freelancerId: 'bob' });
    expect(response.status).toBe(400);
    expect(Object.keys(response.body.details.fields).sort()).toEqual(['freelancerId', 'jobId', 'rate', 'title']);
  });

  it('404 for an unknown job, 409 for a job already hired', async () => {
    expect((await pay(freshId(), body)).status).toBe(404);
    const { jobId } = await market.fundedContract(clientId, freelancerId);
    const response = await pay(jobId, body);
    expect(response.status).toBe(409);
    expect(response.body.code).toBe('JOB.ALREADY_HIRED');
  });

  it('502 when Stripe cannot be reached', async () => {
    const unreachable = await startIntegrationApi('payments_down', { STRIPE_API_BASE: `http://127.0.0.1:${await freePort()}` });
    try {
      const client = unreachable.token('client', clientId);
      const job = await request(unreachable.url, 'POST', '/api/client/job/create-job', {
        token: client,
        json: { title: 'T', description: 'D', rate: 10 },
      });
      const response = await request(unreachable.url, 'POST', `/api/client/job/payment/${job.body.job._id}`, { token: client, json: body });
      expect(response.status).toBe(502);
      expect(response.body.code).toBe('PAYMENT.GATEWAY_FAILED');
    } finally {
      await unreachable.close();
    }
  });
});

describe('POST /webhook', () => {
  it('a paid checkout creates the funded escrow and the Pending contract', async () => {
    const jobId = await market.postJob(clientId);
    const sessionId = uniqueSessionId();
    const response = await api.deliver(checkoutEvent({ sessionId, amountPaise: 5_000_050, metadata: { jobId, clientId, freelancerId } }));
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ received: true });

    const contract = contractSchema.parse(await contractOf(jobId));
    expect(contract).toMatchObject({
      status: 'Pending',
      amount: 50000.5,
      jobId: { _id: jobId, status: 'Closed' },
      freelancerId: { _id: freelancerId },
    });

    // The escrow shows through the refund of that contract: amounts split exactly.
    const refunded = await request(api.url, 'PUT', `/api/admin/escrow/refund-client/${contract._id}/${clientId}`, {
      token: api.token('client', clientId),
    });
    const escrow = escrowSchema.parse(refunded.body.data);
    expect(escrow).toMatchObject({
      checkoutSessionId: sessionId,
      paymentIntentId: `pi_${sessionId}`,
      amount: 50000.5,
      platformFee: 5000.05,
      freelancerEarning: 45000.45,
    });
  });

  it('a duplicate delivery creates one escrow and one contract', async () => {
    const jobId = await market.postJob(clientId);
    const event = checkoutEvent({ sessionId: uniqueSessionId(), metadata: { jobId, clientId, freelancerId } });
    const before = await contractsOfClient();
    const answers = await Promise.all([api.deliver(event), api.deliver(event), api.deliver(event)]);
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200]);
    expect(await api.deliver(event)).toMatchObject({ status: 200 });
    expect(await contractsOfClient()).toBe(before + 1);
  });

  it('a paid async_payment_succeeded creates the contract too', async () => {
    const jobId = await market.postJob(clientId);
    const event = checkoutEvent({
      sessionId: uniqueSessionId(),
      type: 'checkout.session.async_payment_succeeded',
      metadata: { jobId, clientId, freelancerId },
    });
    expect((await api.deliver(event)).status).toBe(200);
    expect(await contractOf(jobId)).toMatchObject({ status: 'Pending' });
  });

  it.each([
    ['an unpaid completed session', { paymentStatus: 'unpaid' as const }],
    ['an expired session', { type: 'checkout.session.expired' as const, status: 'expired' as const, paymentStatus: 'unpaid' as const }],
    ['an async payment that failed', { type: 'checkout.session.async_payment_failed' as const, paymentStatus: 'unpaid' as const }],
  ])('%s creates nothing (200)', async (_case, options) => {
    const jobId = await market.postJob(clientId);
    const response = await api.deliver(
      checkoutEvent({ sessionId: uniqueSessionId(), metadata: { jobId, clientId, freelancerId }, ...options }),
    );
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ received: true, ignored: expect.any(String) });
    expect(await contractOf(jobId)).toBeNull();
  });

  it('other event types are acknowledged and ignored (200)', async () => {
    const event = { id: 'evt_other', object: 'event', type: 'customer.created', data: { object: { id: 'cus_1', object: 'customer' } } };
    const response = await api.deliver(event);
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ received: true, ignored: 'event type customer.created is not used' });
  });

  it('a paid session without our metadata is acknowledged and ignored (200)', async () => {
    const response = await api.deliver(checkoutEvent({ sessionId: uniqueSessionId(), metadata: {} }));
    expect(response.status).toBe(200);
    expect(response.body.ignored).toMatch(/cannot fund an escrow/);
  });

  it.each([
    ['missing', ''],
    ['forged', 't=1700000000,v1=0000000000000000000000000000000000000000000000000000000000000000'],
    ['made with another secret', null],
  ])('a %s signature is refused (400) and changes nothing', async (_case, signature) => {
    const jobId = await market.postJob(clientId);
    const event = checkoutEvent({ sessionId: uniqueSessionId(), metadata: { jobId, clientId, freelancerId } });
    const forgedSignature = signature ?? signWebhookPayload(JSON.stringify(event), 'whsec_someone_else');
    const response =
      forgedSignature === '' ? await request(api.url, 'POST', '/webhook', { json: event }) : await api.deliver(event, forgedSignature);
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('WEBHOOK.SIGNATURE_INVALID');
    expect(await contractOf(jobId)).toBeNull();
  });

  it('a body that is re-serialized after signing is refused (the raw bytes are what is verified)', async () => {
    const jobId = await market.postJob(clientId);
    const event = checkoutEvent({ sessionId: uniqueSessionId(), metadata: { jobId, clientId, freelancerId } });
    const signature = signWebhookPayload(JSON.stringify(event), api.webhookSecret);
    const response = await request(api.url, 'POST', '/webhook', {
      body: JSON.stringify(event, null, 2),
      headers: { 'content-type': 'application/json', 'stripe-signature': signature },
    });
    expect(response.status).toBe(400);
    expect(await contractOf(jobId)).toBeNull();
  });
});

describe('GET /api/client/payments', () => {
  const paymentList = z.object({ count: z.number().int(), data: z.array(escrowSchema) });
  const paymentsOf = async (payerId: string) => {
    const response = await request(api.url, 'GET', '/api/client/payments', { token: api.token('client', payerId) });
    expect(response.status).toBe(200);
    return paymentList.parse(response.body);
  };

  it('{ count, data: Escrow[] }: the caller’s payments only, newest first', async () => {
    const payer = freshId();
    const first = await market.fundedContract(payer, freelancerId);
    const second = await market.fundedContract(payer, freelancerId, 1_234_550);
    await market.fundedContract(freshId(), freelancerId);
    const { count, data } = await paymentsOf(payer);
    expect(count).toBe(2);
    expect(data.map((escrow) => [escrow.contractId, escrow.clientId, escrow.amount, escrow.status, escrow.resolution])).toEqual([
      [second.contractId, payer, 12345.5, 'funded', null],
      [first.contractId, payer, 50000, 'funded', null],
    ]);
    expect(await paymentsOf(freshId())).toEqual({ count: 0, data: [] });
  });

  it('a payment for a freelancer blocked after the checkout opened funds nothing and shows as returned whole, with why', async () => {
    const payer = freshId();
    const blockedFreelancer = freshId();
    const jobId = await market.postJob(payer);
    const admin = api.token('admin', freshId());
    const blocked = await request(api.url, 'PATCH', `/api/admin/users/${blockedFreelancer}`, {
      token: admin,
      json: { blocked: true, role: 'freelancer' },
    });
    expect(blocked.status).toBe(200);
    const sessionId = uniqueSessionId();
    const delivered = await api.deliver(
      checkoutEvent({ sessionId, metadata: { jobId, clientId: payer, freelancerId: blockedFreelancer } }),
    );
    expect(delivered.status).toBe(200);

    expect((await request(api.url, 'GET', `/api/client/is-created/${jobId}/${payer}`)).body).toEqual({ contract: null });
    expect((await request(api.url, 'GET', `/api/client/job/job-details/${jobId}`)).body.job.status).toBe('Open');
    const { data } = await paymentsOf(payer);
    expect(data).toMatchObject([
      {
        jobId,
        contractId: null,
        freelancerId: blockedFreelancer,
        checkoutSessionId: sessionId,
        amount: 50000,
        status: 'refunded',
        resolution: {
          kind: 'return',
          clientRefund: 50000,
          freelancerPayout: 0,
          platformFee: 0,
          decidedBy: { _id: 'system', role: 'system' },
          reason: 'freelancer_blocked',
          reasonDescription: expect.stringMatching(/blocked/),
        },
        refund: { clientRefund: 50000, freelancerPayout: 0, stripeRefundId: expect.stringMatching(/^re_/) },
      },
    ]);
    const wallet = await request(api.url, 'GET', `/api/freelancer/wallet/earnings/${blockedFreelancer}`, { token: admin });
    expect(wallet.body.balance).toBe(0);
  });

  it('401; 403 for a freelancer or an admin', async () => {
    expect((await request(api.url, 'GET', '/api/client/payments')).status).toBe(401);
    for (const token of [api.token('freelancer', freshId()), api.token('admin', freshId())]) {
      const refused = await request(api.url, 'GET', '/api/client/payments', { token });
      expect(refused.status).toBe(403);
      expect(refused.body.code).toBe('AUTH.ROLE_NOT_ALLOWED');
    }
  });
});
