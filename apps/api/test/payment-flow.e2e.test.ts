import { describe, expect, it } from 'vitest';
import type { RecordedRequest } from '@skillhouse/test-servers';
import { expectStatus } from './support/api-client.ts';
import {
  advanceWork,
  contractOfJob,
  earningsOf,
  fundedContractOfJob,
  payThroughWebhook,
  postJob,
  viewContract,
  type ContractDocument,
  type EscrowDocument,
} from './support/marketplace-steps.ts';
import { stripeBackedApi } from './support/stripe-backed-api.ts';

/**
 * The payment flow of payments-api.txt over HTTP, against one API process on the real database with
 * its Stripe adapter on stripe-mock (behind a recording proxy). Amounts are INR as the API shows them;
 * the expected numbers are worked out by hand from the documented rules (10 % fee, 15 % at Started).
 */

const world = stripeBackedApi('payment_flow');

function stripeCalls(method: string, path: string): URLSearchParams[] {
  return world
    .stripeRequests()
    .filter((request: RecordedRequest) => request.method === method && request.path.split('?')[0] === path)
    .map((request) => new URLSearchParams(request.body));
}

describe('payment, work, release and review', () => {
  it('takes a job from payment to the freelancer’s wallet and a review', async () => {
    const { client, freelancer, admin } = world.callers();

    // 1. The client posts a job and opens a Stripe Checkout for it.
    const jobId = await postJob(world.api, client, 50000);
    const checkout = expectStatus<{ id: string; url: string }>(
      await world.api.post(`/api/client/job/payment/${jobId}`, {
        as: client,
        json: { title: 'React Frontend Developer', rate: 50000, freelancerId: freelancer.id },
      }),
      200,
      'payment',
    );
    expect(checkout.id).toMatch(/^cs_/);
    expect(checkout.url).toMatch(/^https?:\/\//);
    const sessionCreates = stripeCalls('POST', '/v1/checkout/sessions').filter((params) => params.get('metadata[jobId]') === jobId);
    expect(sessionCreates).toHaveLength(1);
    expect(sessionCreates[0]!.get('line_items[0][price_data][unit_amount]')).toBe('5000000');
    expect(sessionCreates[0]!.get('line_items[0][price_data][currency]')).toBe('inr');
    expect(sessionCreates[0]!.get('metadata[clientId]')).toBe(client.id);
    expect(sessionCreates[0]!.get('metadata[freelancerId]')).toBe(freelancer.id);
    expect(await contractOfJob(world.api, jobId, client.id)).toBeNull();

    // 2–4. Stripe reports the payment: the escrow and the Pending contract appear, the job closes.
    const payment = await payThroughWebhook(world.api.baseUrl, world.webhookSecret, { jobId, client, freelancer, amountPaise: 5_000_000 });
    const created = await fundedContractOfJob(world.api, { jobId, client, freelancer, amount: 50000 });
    const contractId = created._id;
    expect(await viewContract(world.api, contractId)).toMatchObject({
      _id: contractId,
      status: 'Pending',
      escrowId: created.escrowId,
      escrow: { _id: created.escrowId, status: 'funded', amount: 50000, platformFee: 5000, freelancerEarning: 45000, refund: null },
    });
    const job = expectStatus<{ job: Record<string, unknown> }>(
      await world.api.get(`/api/client/job/job-details/${jobId}`),
      200,
      'job-details',
    ).job;
    expect(job).toMatchObject({ status: 'Closed', hiredFreelancerId: freelancer.id });

    // The freelancer does the work.
    await advanceWork(world.api, freelancer, contractId, 'Completed');
    const completed = await viewContract(world.api, contractId);
    expect(completed.status).toBe('Completed');
    expect((completed['statusHistory'] as { status: string }[]).map((entry) => entry.status)).toEqual([
      'Pending',
      'Started',
      'Ongoing',
      'Completed',
    ]);

    // 5. The client asks for the release; 6. an admin releases the escrow to the freelancer's wallet.
    const requested = expectStatus<{ message: string; contract: ContractDocument }>(
      await world.api.patch(`/api/client/release-fund/${contractId}`, { as: client }),
      200,
      'release-fund request',
    );
    expect(requested.contract.releaseFundStatus).toBe('Requested');
    const released = expectStatus<{ message: string; data: EscrowDocument }>(
      await world.api.put(`/api/admin/escrow/release-fund/${contractId}`, { as: admin }),
      200,
      'admin release',
    );
    expect(released.message).toEqual(expect.any(String));
    expect(released.data).toMatchObject({
      _id: created.escrowId,
      contractId,
      status: 'released',
      amount: 50000,
      platformFee: 5000,
      freelancerEarning: 45000,
      checkoutSessionId: payment.checkoutSessionId,
      paymentIntentId: payment.paymentIntentId,
      refund: null,
    });
    expect((await viewContract(world.api, contractId)).releaseFundStatus).toBe('Approved');

    const wallet = await earningsOf(world.api, freelancer);
    expect(wallet.balance).toBe(45000);
    expect(wallet.entries).toHaveLength(1);
    expect(wallet.entries[0]).toMatchObject({ amount: 45000, direction: 'credit', escrowId: created.escrowId });

    // A second release of the same escrow is refused and credits nothing.
    expect((await world.api.put(`/api/admin/escrow/release-fund/${contractId}`, { as: admin })).status).toBe(409);
    expect((await earningsOf(world.api, freelancer)).balance).toBe(45000);

    // The client reviews the freelancer; the review is listed.
    const review = { freelancerId: freelancer.id, contractId, rating: 5, description: 'Excellent work, delivered ahead of schedule.' };
    expectStatus(
      await world.api.post(`/api/client/review/rate-freelancer/${client.id}`, { as: client, json: review }),
      201,
      'rate-freelancer',
    );
    const reviews = expectStatus<Record<string, unknown>[]>(
      await world.api.get(`/api/client/review/show-reviews/${freelancer.id}`),
      200,
      'show-reviews',
    );
    expect(reviews).toHaveLength(1);
    expect(reviews[0]).toMatchObject({ rating: 5, description: review.description, clientId: client.id });
    expect(reviews[0]!['createdAt']).toEqual(expect.any(String));
  });
});

describe('refund', () => {
  it('refunds work stopped at Started: 15 % of the earning to the freelancer, the rest but the fee to the card', async () => {
    const { client, freelancer } = world.callers();
    // ₹1234.55: fee 123.455 → 123.46 (half-up), earning 1111.09, 15 % of it 166.6635 → 166.66,
    // client 1234.55 − 123.46 − 166.66 = 944.43.
    const jobId = await postJob(world.api, client, 1234.55);
    const payment = await payThroughWebhook(world.api.baseUrl, world.webhookSecret, { jobId, client, freelancer, amountPaise: 123_455 });
    const contract = await contractOfJob(world.api, jobId, client.id);
    expect(contract).toMatchObject({ status: 'Pending', amount: 1234.55 });
    const contractId = contract!._id;
    await advanceWork(world.api, freelancer, contractId, 'Started');

    const refundsBefore = stripeCalls('POST', '/v1/refunds').length;
    const refunded = expectStatus<{ message: string; data: EscrowDocument }>(
      await world.api.put(`/api/admin/escrow/refund-client/${contractId}/${client.id}`, {
        as: client,
        json: { cancelReason: 'freelancer_unresponsive', cancelReasonDescription: 'No reply for 14 days.' },
      }),
      200,
      'refund-client',
    );
    expect(refunded.data).toMatchObject({
      _id: contract!.escrowId,
      status: 'refunded',
      amount: 1234.55,
      platformFee: 123.46,
      freelancerEarning: 1111.09,
      paymentIntentId: payment.paymentIntentId,
      refund: { clientRefund: 944.43, freelancerPayout: 166.66, stripeRefundId: expect.stringMatching(/^re_/) },
    });

    // The client's share went back through Stripe, once, on the payment intent, with an idempotency key.
    const refundRequests = world.stripeRequests().filter((request) => request.method === 'POST' && request.path.startsWith('/v1/refunds'));
    expect(refundRequests).toHaveLength(refundsBefore + 1);
    const refundRequest = refundRequests.at(-1)!;
    const refundParams = new URLSearchParams(refundRequest.body);
    expect(refundParams.get('payment_intent')).toBe(payment.paymentIntentId);
    expect(refundParams.get('amount')).toBe('94443');
    expect(refundRequest.headers['idempotency-key']).toEqual(expect.any(String));

    expect(await viewContract(world.api, contractId)).toMatchObject({
      status: 'Canceled',
      canceledFrom: 'Started',
      cancelReason: 'freelancer_unresponsive',
      cancelReasonDescription: 'No reply for 14 days.',
    });
    const job = expectStatus<{ job: Record<string, unknown> }>(
      await world.api.get(`/api/client/job/job-details/${jobId}`),
      200,
      'job-details',
    ).job;
    expect(job['status']).toBe('Open');

    const wallet = await earningsOf(world.api, freelancer);
    expect(wallet.balance).toBe(166.66);
    expect(wallet.entries).toEqual([expect.objectContaining({ amount: 166.66, direction: 'credit', escrowId: contract!.escrowId })]);

    // Refunding again is refused: no second Stripe refund, no second credit.
    const again = await world.api.put(`/api/admin/escrow/refund-client/${contractId}/${client.id}`, { as: client, json: {} });
    expect(again.status).toBe(409);
    expect(world.stripeRequests().filter((request) => request.method === 'POST' && request.path.startsWith('/v1/refunds'))).toHaveLength(
      refundsBefore + 1,
    );
    expect((await earningsOf(world.api, freelancer)).balance).toBe(166.66);
  });
});
