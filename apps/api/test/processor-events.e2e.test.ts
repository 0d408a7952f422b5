import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startRecordingProxy, type RecordedRequest, type RecordingProxy } from '@skillhouse/test-servers';
import { ApiClient, expectStatus, newCaller, type Caller } from './support/api-client.ts';
import { freshDatabaseUri, stripeBackedSettings, type StripeBackedSettings } from './support/api-environment.ts';
import { startApi, type RunningApi } from './support/api-process.ts';
import { expectCleanAudit } from './support/books-audit.ts';
import {
  advanceWork,
  contractOfJob,
  earningsOf,
  fundedContract,
  payThroughWebhook,
  postJob,
  requestRelease,
  viewContract,
  type EscrowDocument,
} from './support/marketplace-steps.ts';
import { checkoutCompletedEvent, deliverWebhook, stripeEvent } from './support/stripe-events.ts';

/**
 * What Stripe does on its own, over HTTP: one API process on the real database, its Stripe adapter
 * on stripe-mock behind a recording proxy, every report a signed webhook delivered twice (and a
 * chargeback's close before its opening). A failed client refund is retried by an admin, then
 * settled by hand; a chargeback freezes the escrow and, lost, resolves it; a refund made in the
 * Dashboard after a release is the platform's loss. Then the audit over the whole database.
 */

let proxy: RecordingProxy;
let settings: StripeBackedSettings;
let server: RunningApi;
let api: ApiClient;
let databaseUri: string;
let client: Caller;
let freelancer: Caller;
let admin: Caller;

beforeAll(async () => {
  proxy = await startRecordingProxy(inject('stripeMockUrl'));
  databaseUri = freshDatabaseUri(inject('mongodbUri'), 'processor');
  settings = stripeBackedSettings(databaseUri, `http://127.0.0.1:${proxy.port}`);
  server = await startApi(settings.env);
  api = new ApiClient(server.url);
  client = newCaller('client', settings.jwtSecret);
  freelancer = newCaller('freelancer', settings.jwtSecret);
  admin = newCaller('admin', settings.jwtSecret);
});

afterAll(async () => {
  await server?.stop();
  await proxy?.close();
});

function refundCreates(): RecordedRequest[] {
  return proxy.requests.filter((request) => request.method === 'POST' && request.path.split('?')[0] === '/v1/refunds');
}

/** Stripe's report, delivered twice as Stripe may: both acknowledged. */
async function deliverTwice(type: string, object: Record<string, unknown>): Promise<void> {
  const event = stripeEvent(type, object);
  for (let delivery = 0; delivery < 2; delivery += 1) {
    expect(await deliverWebhook(server.url, event, settings.webhookSecret), `${type}, delivery ${delivery + 1}`).toMatchObject({
      status: 200,
      body: { received: true },
    });
  }
}

async function escrowOf(contractId: string): Promise<EscrowDocument & { processor: Record<string, unknown> }> {
  const found = expectStatus<{ escrow: EscrowDocument & { processor: Record<string, unknown> } }>(
    await api.get(`/api/admin/contracts/${contractId}`, { as: admin }),
    200,
    'contract case',
  );
  return found.escrow;
}

async function queueCount(queue: string): Promise<number> {
  return expectStatus<{ count: number }>(await api.get(`/api/admin/queue/${queue}`, { as: admin }), 200, queue).count;
}

describe("the payment processor's own movements", () => {
  it('records a failed client refund, lets an admin retry it, and settle a second failure by hand', async () => {
    const { contract } = await fundedContract(api, settings.webhookSecret, client, freelancer, 1_000_000);
    const refunded = expectStatus<{ data: EscrowDocument }>(
      await api.put(`/api/admin/escrow/refund-client/${contract._id}/${client.id}`, { as: admin, json: {} }),
      200,
      'refund',
    ).data;
    const refundId = refunded.refund?.stripeRefundId;
    expect(refundId).toMatch(/^re_/);
    const failure = (id: string) => ({
      id,
      object: 'refund',
      amount: 900_000,
      status: 'failed',
      failure_reason: 'expired_or_canceled_card',
      payment_intent: refunded.paymentIntentId,
      metadata: { escrowId: refunded._id },
    });

    const failedBefore = await queueCount('failed-refunds');
    await deliverTwice('refund.failed', failure(refundId!));
    const failed = await escrowOf(contract._id);
    expect(failed.processor).toMatchObject({
      refundFailure: { refundId, reason: 'expired_or_canceled_card' },
      refundFailures: 1,
      refundRetries: 0,
    });
    expect(await queueCount('failed-refunds')).toBe(failedBefore + 1);

    // Only an admin retries, and only a failed refund.
    expect(await api.put(`/api/admin/escrow/refund-retry/${contract._id}`, { as: client })).toMatchObject({ status: 403 });
    const createsBefore = refundCreates().length;
    const retried = expectStatus<{ data: EscrowDocument & { processor: Record<string, unknown> } }>(
      await api.put(`/api/admin/escrow/refund-retry/${contract._id}`, { as: admin }),
      200,
      'retry',
    ).data;
    expect(retried.processor).toMatchObject({ refundFailure: null, refundFailures: 1, refundRetries: 1 });
    expect(refundCreates().length, 'the retry sent one new refund').toBe(createsBefore + 1);
    expect(await api.put(`/api/admin/escrow/refund-retry/${contract._id}`, { as: admin })).toMatchObject({
      status: 409,
      body: { code: 'ESCROW.REFUND_NOT_FAILED' },
    });
    expect(await queueCount('failed-refunds')).toBe(failedBefore);

    // stripe-mock answers every refund with the same canned id: the second failure names the retried refund.
    const retriedRefundId = retried.refund?.stripeRefundId;
    expect(retriedRefundId).toMatch(/^re_/);
    await deliverTwice('refund.updated', { ...failure(retriedRefundId!), status: 'canceled', failure_reason: null });
    expect(await api.put(`/api/admin/escrow/refund-settled/${contract._id}`, { as: admin, json: { note: '' } })).toMatchObject({
      status: 400,
    });
    const settled = expectStatus<{ data: EscrowDocument & { processor: Record<string, unknown> } }>(
      await api.put(`/api/admin/escrow/refund-settled/${contract._id}`, { as: admin, json: { note: 'NEFT ref 4471 to the client' } }),
      200,
      'settled by hand',
    ).data;
    expect(settled.processor).toMatchObject({
      refundFailure: null,
      refundFailures: 2,
      refundSettledByHand: { by: admin.id, note: 'NEFT ref 4471 to the client' },
    });
    expect(settled.status).toBe('refunded');
  });

  it('lets an admin retry, then settle by hand, the failed refund of a payment returned whole, by the escrow’s id (it funds no contract)', async () => {
    const { contract } = await fundedContract(api, settings.webhookSecret, client, freelancer, 500_000);
    // A second payment for the job already hired funds nothing and goes back whole.
    const second = await payThroughWebhook(server.url, settings.webhookSecret, {
      jobId: contract.jobId._id,
      client,
      freelancer,
      amountPaise: 500_000,
    });
    const payments = expectStatus<{ data: (EscrowDocument & { contractId: string | null })[] }>(
      await api.get('/api/client/payments?limit=100', { as: client }),
      200,
      'payments',
    ).data;
    const returned = payments.find((payment) => payment.checkoutSessionId === second.checkoutSessionId);
    expect(returned).toMatchObject({ contractId: null, status: 'refunded', refund: { clientRefund: 5_000 } });
    const failure = (refundId: string, status: 'failed' | 'canceled') => ({
      id: refundId,
      object: 'refund',
      amount: 500_000,
      status,
      failure_reason: status === 'failed' ? 'lost_or_stolen_card' : null,
      payment_intent: returned!.paymentIntentId,
      metadata: { escrowId: returned!._id },
    });
    await deliverTwice('refund.failed', failure(returned!.refund!.stripeRefundId!, 'failed'));

    const createsBefore = refundCreates().length;
    expect(await api.put(`/api/admin/escrows/${returned!._id}/refund-retry`, { as: client })).toMatchObject({ status: 403 });
    const retried = expectStatus<{ data: EscrowDocument & { processor: Record<string, unknown> } }>(
      await api.put(`/api/admin/escrows/${returned!._id}/refund-retry`, { as: admin }),
      200,
      'retry by escrow',
    ).data;
    expect(retried.processor).toMatchObject({ refundFailure: null, refundRetries: 1 });
    expect(refundCreates().length, 'the retry sent one new refund').toBe(createsBefore + 1);

    await deliverTwice('refund.updated', failure(retried.refund!.stripeRefundId!, 'canceled'));
    const settled = expectStatus<{ data: EscrowDocument & { processor: Record<string, unknown> } }>(
      await api.put(`/api/admin/escrows/${returned!._id}/refund-settled`, { as: admin, json: { note: 'Paid by NEFT, ref 5521' } }),
      200,
      'settled by escrow',
    ).data;
    expect(settled.processor).toMatchObject({
      refundFailure: null,
      refundFailures: 2,
      refundSettledByHand: { note: 'Paid by NEFT, ref 5521' },
    });
    expect(await api.put(`/api/admin/escrows/${contract._id}/refund-retry`, { as: admin })).toMatchObject({
      status: 404,
      body: { code: 'ESCROW.NOT_FOUND' },
    });
  });

  it('freezes an escrow under a chargeback, and resolves it when the chargeback is lost', async () => {
    const { contract, payment } = await fundedContract(api, settings.webhookSecret, client, freelancer, 2_000_000);
    await advanceWork(api, freelancer, contract._id, 'Completed');
    await requestRelease(api, client, contract._id);
    const dispute = {
      id: `du_${contract._id}`,
      object: 'dispute',
      amount: 2_000_000,
      currency: 'inr',
      charge: `ch_${contract._id}`,
      payment_intent: payment.paymentIntentId,
      reason: 'fraudulent',
    };
    await deliverTwice('charge.dispute.created', { ...dispute, status: 'needs_response' });
    expect((await escrowOf(contract._id)).processor).toMatchObject({ chargeback: { status: 'open', amount: 20000 } });
    expect(await api.put(`/api/admin/escrow/release-fund/${contract._id}`, { as: admin })).toMatchObject({
      status: 409,
      body: { code: 'ESCROW.IN_CHARGEBACK' },
    });
    expect(await queueCount('chargebacks')).toBeGreaterThanOrEqual(1);

    await deliverTwice('charge.dispute.closed', { ...dispute, status: 'lost' });
    const lost = await escrowOf(contract._id);
    expect(lost).toMatchObject({
      status: 'refunded',
      resolution: { kind: 'chargeback', clientRefund: 20000, freelancerPayout: 0, platformFee: 0 },
      processor: { chargeback: { status: 'lost' } },
    });
    expect((await viewContract(api, contract._id)).status).toBe('Canceled');
    // Nothing went back through a refund: the card network took it.
    expect(refundCreates().filter((request) => request.body.includes(payment.paymentIntentId))).toEqual([]);
  });

  it('unfreezes an escrow whose chargeback is won, even when the close comes first', async () => {
    const { contract, payment } = await fundedContract(api, settings.webhookSecret, client, freelancer, 500_000);
    const dispute = { id: `du_${contract._id}`, object: 'dispute', amount: 500_000, payment_intent: payment.paymentIntentId };
    await deliverTwice('charge.dispute.closed', { ...dispute, status: 'won' });
    await deliverTwice('charge.dispute.created', { ...dispute, status: 'needs_response' });
    expect((await escrowOf(contract._id)).processor).toMatchObject({ chargeback: { status: 'won' } });
    await advanceWork(api, freelancer, contract._id, 'Completed');
    await requestRelease(api, client, contract._id);
    expectStatus(await api.put(`/api/admin/escrow/release-fund/${contract._id}`, { as: admin }), 200, 'release');
  });

  it('records a refund made in the Dashboard after a release as the platform’s loss, once', async () => {
    const { contract, payment } = await fundedContract(api, settings.webhookSecret, client, freelancer, 300_000);
    await advanceWork(api, freelancer, contract._id, 'Completed');
    await requestRelease(api, client, contract._id);
    expectStatus(await api.put(`/api/admin/escrow/release-fund/${contract._id}`, { as: admin }), 200, 'release');
    const earned = (await earningsOf(api, freelancer)).balance;
    const charge = { id: `ch_${contract._id}`, object: 'charge', amount: 300_000, payment_intent: payment.paymentIntentId };
    await deliverTwice('charge.refunded', { ...charge, amount_refunded: 100_000 });
    // An older report arriving late changes nothing.
    await deliverTwice('charge.refunded', { ...charge, amount_refunded: 50_000 });
    const escrow = await escrowOf(contract._id);
    expect(escrow).toMatchObject({ status: 'released', resolution: { kind: 'release' }, processor: { outsideRefunded: 1000 } });
    expect((await earningsOf(api, freelancer)).balance, 'the freelancer keeps what was released').toBe(earned);
  });

  it('a chargeback that overtakes its checkout event is answered 409; redelivered after the checkout, it freezes the escrow', async () => {
    const jobId = await postJob(api, client, 3_000);
    const payment = checkoutCompletedEvent({ jobId, clientId: client.id, freelancerId: freelancer.id, amountPaise: 300_000 });
    const chargeback = stripeEvent('charge.dispute.created', {
      id: 'du_overtaking',
      object: 'dispute',
      amount: 300_000,
      payment_intent: payment.paymentIntentId,
      status: 'needs_response',
    });
    expect(await deliverWebhook(server.url, chargeback, settings.webhookSecret)).toMatchObject({
      status: 409,
      body: { code: 'WEBHOOK.PAYMENT_NOT_RECORDED_YET' },
    });

    expect(await deliverWebhook(server.url, payment.payload, settings.webhookSecret)).toMatchObject({ status: 200 });
    expect(await deliverWebhook(server.url, chargeback, settings.webhookSecret)).toMatchObject({ status: 200, body: { received: true } });
    const contract = (await contractOfJob(api, jobId, client.id))!;
    expect((await escrowOf(contract._id)).processor).toMatchObject({ chargeback: { status: 'open', disputeId: 'du_overtaking' } });
    expect(await api.put(`/api/admin/escrow/refund-client/${contract._id}/${client.id}`, { as: admin, json: {} })).toMatchObject({
      status: 409,
      body: { code: 'ESCROW.IN_CHARGEBACK' },
    });
  });

  it('acknowledges reports about payments and refunds it does not know, and refuses a signed malformed one', async () => {
    const unknown = [
      stripeEvent('charge.refunded', { id: 'ch_unknown', object: 'charge', amount_refunded: 100, payment_intent: 'pi_unknown' }),
      stripeEvent('refund.failed', { id: 're_unknown', object: 'refund', status: 'failed', payment_intent: 'pi_unknown', metadata: {} }),
      stripeEvent('checkout.session.expired', { id: 'cs_expired', object: 'checkout.session', metadata: {} }),
    ];
    for (const event of unknown) {
      expect(await deliverWebhook(server.url, event, settings.webhookSecret)).toMatchObject({
        status: 200,
        body: { received: true, ignored: expect.any(String) },
      });
    }
    // A chargeback names no checkout metadata: one on a payment not recorded yet may be ours, so Stripe is asked to deliver it again.
    const chargeback = stripeEvent('charge.dispute.created', {
      id: 'du_unknown',
      object: 'dispute',
      amount: 100,
      payment_intent: 'pi_unknown',
    });
    expect(await deliverWebhook(server.url, chargeback, settings.webhookSecret)).toMatchObject({
      status: 409,
      body: { code: 'WEBHOOK.PAYMENT_NOT_RECORDED_YET' },
    });
    const malformed = stripeEvent('charge.dispute.closed', { id: 'du_1', object: 'dispute', payment_intent: 'pi_1', status: 'lost' });
    expect(await deliverWebhook(server.url, malformed, settings.webhookSecret)).toMatchObject({
      status: 400,
      body: { code: 'WEBHOOK.MALFORMED' },
    });
  });

  it('leaves books the audit finds clean', async () => {
    await expectCleanAudit(databaseUri);
  }, 120_000);
});
