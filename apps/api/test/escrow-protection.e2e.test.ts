import { describe, expect, it } from 'vitest';
import { multipartFile, tinyPng } from '../src/testing/media-samples.ts';
import { expectStatus, type Caller } from './support/api-client.ts';
import {
  advanceWork,
  contractOfJob,
  detailsOf,
  earningsOf,
  expectChronological,
  expectReleasedAfter,
  FUNDED_AND_DELIVERED_STEPS,
  fundedContract,
  historyOf,
  openDispute,
  payThroughWebhook,
  postJob,
  requestRelease,
  stepsOf,
  viewContract,
  type ContractDocument,
  type DisputeDocument,
  type EscrowDocument,
} from './support/marketplace-steps.ts';
import { stripeBackedApi } from './support/stripe-backed-api.ts';

/**
 * The escrow protects both sides, over HTTP: one API process on the real database with its Stripe
 * adapter on stripe-mock behind a recording proxy. Each test is one scenario of issue 9's "Done
 * when"; the expected amounts are worked out by hand from docs/domain-rules.md (10 % fee).
 */

const world = stripeBackedApi('escrow_protection');

/** The API asked Stripe, once, to refund `amountPaise` of the payment intent, under an idempotency key. */
function expectOneStripeRefund(paymentIntentId: string, amountPaise: string): void {
  const refunds = world
    .stripeRequests()
    .filter(
      (request) =>
        request.method === 'POST' &&
        request.path.split('?')[0] === '/v1/refunds' &&
        new URLSearchParams(request.body).get('payment_intent') === paymentIntentId,
    );
  expect(refunds).toHaveLength(1);
  expect(new URLSearchParams(refunds[0]!.body).get('amount')).toBe(amountPaise);
  expect(refunds[0]!.headers['idempotency-key']).toEqual(expect.any(String));
}

/** Fresh parties, and a contract of `amountPaise` paid through Stripe's webhook that its freelancer worked up to `status`. */
async function fundedAndWorked(amountPaise: number, status: 'Started' | 'Ongoing' | 'Completed') {
  const parties = world.callers();
  const { contract, payment } = await fundedContract(world.api, world.webhookSecret, parties.client, parties.freelancer, amountPaise);
  await advanceWork(world.api, parties.freelancer, contract._id, status);
  return { ...parties, contract, payment, contractId: contract._id };
}

/** An image the caller uploads through the media endpoint: its URL, for a dispute statement. */
async function uploadedImage(caller: Caller): Promise<string> {
  const response = await fetch(`${world.api.baseUrl}/api/media/upload`, {
    method: 'POST',
    headers: { authorization: `Bearer ${caller.token}` },
    body: multipartFile('media', 'delivered-dashboard.png', 'image/png', tinyPng()),
  });
  expect(response.status).toBe(200);
  const uploaded = (await response.json()) as { mediaUrl: string; mediaType: string };
  expect(uploaded.mediaType).toBe('image');
  return uploaded.mediaUrl;
}

describe('a dispute over work rushed to Completed', () => {
  it('is decided by an admin: 30 % of the earning to the freelancer, the rest but the fee back to the card', async () => {
    // Goal: a client whose freelancer marked the work Completed at once is not stuck. The client
    // disputes, both parties state their case, an admin gives the freelancer 30 % of the earning and
    // keeps the fee; the client's 70 % goes back through the gateway, the freelancer's wallet gets
    // 30 %, the contract ends Canceled from Completed, and the history shows every step and who took it.
    // ₹12,000: fee 1,200, earning 10,800; 30 % of it 3,240 to the freelancer, 7,560 to the client.
    const { client, freelancer, admin, contract, payment, contractId } = await fundedAndWorked(1_200_000, 'Completed');
    expect((await viewContract(world.api, contractId)).status).toBe('Completed');

    const opened = await openDispute(world.api, client, contractId, {
      reason: 'not_delivered',
      description: 'Marked Completed minutes after funding; nothing was delivered.',
    });
    expect(opened).toMatchObject({
      number: 1,
      status: 'open',
      openedBy: { _id: client.id, role: 'client' },
      reason: 'not_delivered',
      statements: [],
    });

    // The open dispute freezes the escrow: no release request while it stands.
    const frozen = await world.api.patch(`/api/client/release-fund/${contractId}`, { as: client });
    expect(frozen).toMatchObject({ status: 409, body: { code: 'ESCROW.IN_DISPUTE' } });

    const screenshot = await uploadedImage(freelancer);
    expectStatus(
      await world.api.post(`/api/contracts/${contractId}/dispute/statements`, {
        as: freelancer,
        json: { text: 'The dashboard skeleton was delivered; the screenshot shows it.', mediaUrls: [screenshot] },
      }),
      201,
      'freelancer statement',
    );
    const argued = expectStatus<{ dispute: DisputeDocument }>(
      await world.api.post(`/api/contracts/${contractId}/dispute/statements`, {
        as: client,
        json: { text: 'A skeleton is about a third of what was agreed.' },
      }),
      201,
      'client statement',
    ).dispute;
    expect(argued.statements).toEqual([
      expect.objectContaining({ by: { _id: freelancer.id, role: 'freelancer' }, mediaUrls: [screenshot] }),
      expect.objectContaining({
        by: { _id: client.id, role: 'client' },
        text: 'A skeleton is about a third of what was agreed.',
        mediaUrls: [],
      }),
    ]);
    const queue = expectStatus<{ count: number; data: { contractId: string }[] }>(
      await world.api.get('/api/admin/disputes?status=open', { as: admin }),
      200,
      'open disputes',
    );
    expect(queue.data.map((disputed) => disputed.contractId)).toContain(contractId);

    const decided = expectStatus<{ message: string; data: EscrowDocument }>(
      await world.api.put(`/api/admin/disputes/${contractId}/resolve`, {
        as: admin,
        json: { freelancerPayout: 3240, refundPlatformFee: false, note: 'A skeleton was delivered: 30 % of the earning.' },
      }),
      200,
      'dispute decision',
    );
    expect(decided.data).toMatchObject({
      _id: contract.escrowId,
      status: 'refunded',
      amount: 12000,
      platformFee: 1200,
      freelancerEarning: 10800,
      paymentIntentId: payment.paymentIntentId,
      resolution: {
        kind: 'dispute',
        clientRefund: 7560,
        freelancerPayout: 3240,
        platformFee: 1200,
        decidedBy: { _id: admin.id, role: 'admin' },
      },
      refund: { clientRefund: 7560, freelancerPayout: 3240, stripeRefundId: expect.stringMatching(/^re_/) },
    });

    // The client's 70 % went back through Stripe, once, on the payment intent, under an idempotency key.
    expectOneStripeRefund(payment.paymentIntentId, '756000');

    const wallet = await earningsOf(world.api, freelancer);
    expect(wallet.balance).toBe(3240);
    expect(wallet.entries).toEqual([expect.objectContaining({ amount: 3240, direction: 'credit', escrowId: contract.escrowId })]);

    const settled = await viewContract(world.api, contractId);
    expect(settled).toMatchObject({ status: 'Canceled', canceledFrom: 'Completed' });
    expect((settled['statusHistory'] as { status: string }[]).map((entry) => entry.status)).toEqual([
      'Pending',
      'Started',
      'Ongoing',
      'Completed',
      'Canceled',
    ]);
    const closed = expectStatus<{ dispute: DisputeDocument }>(
      await world.api.get(`/api/contracts/${contractId}/dispute`, { as: freelancer }),
      200,
      'dispute',
    ).dispute;
    expect(closed).toMatchObject({ status: 'resolved', closedAt: expect.any(String) });
    expect(closed.statements).toHaveLength(2);

    const history = await historyOf(world.api, client, contractId);
    const steps = stepsOf(history, { client, freelancer, admin });
    expect(steps.slice(0, 9)).toEqual([
      ...FUNDED_AND_DELIVERED_STEPS,
      'escrow DisputeOpened by client',
      'escrow DisputeStatementAdded by freelancer',
      'escrow DisputeStatementAdded by client',
    ]);
    // The decision first, then what follows from it. The wallet's credit is a ledger transfer booked
    // as of the decision (docs/ledger.md), so it sorts before the refund the processor sent after it.
    expect(steps.slice(9)).toEqual([
      'escrow EscrowResolved by admin',
      'money WalletCredited by system',
      'money ClientRefundSent by system',
      'contract DisputeSettled by admin',
      'escrow EscrowSettled by system',
    ]);
    expectChronological(history);
    expect(
      history
        .filter((entry) => entry.type === 'StatusChanged')
        .map((entry) => `${String(entry.details['from'])}→${String(entry.details['to'])}`),
    ).toEqual(['Pending→Started', 'Started→Ongoing', 'Ongoing→Completed']);
    expect(detailsOf(history, 'escrow', 'EscrowResolved')).toMatchObject({
      kind: 'dispute',
      clientRefund: 7560,
      freelancerPayout: 3240,
      platformFee: 1200,
    });
    expect(detailsOf(history, 'contract', 'DisputeSettled')).toMatchObject({ from: 'Completed', to: 'Canceled' });
    expect(detailsOf(history, 'money', 'ClientRefundSent')).toEqual({ refundId: decided.data.refund!.stripeRefundId, amount: 7560 });
    expect(detailsOf(history, 'money', 'WalletCredited')).toMatchObject({ amount: 3240, ownerId: freelancer.id });
  });
});

describe('a change request', () => {
  it('sends a delivery back to Ongoing; the second delivery is released by an admin at the client’s request', async () => {
    // Goal: during the review period the client can send the work back with a note instead of
    // paying for it; the contract returns to Ongoing and its review period is cleared; the freelancer
    // delivers again, the client asks for the release, an admin releases, and the freelancer is paid
    // once. The client reviews only once the escrow is released.
    // ₹5,000: fee 500, earning 4,500.
    const { client, freelancer, admin, contract, contractId } = await fundedAndWorked(500_000, 'Completed');
    expect((await viewContract(world.api, contractId)).reviewEndsAt).toEqual(expect.any(String));

    const sentBack = expectStatus<{ message: string; contract: ContractDocument }>(
      await world.api.patch(`/api/client/request-changes/${contractId}`, {
        as: client,
        json: { note: 'The charts do not render on mobile.' },
      }),
      200,
      'request-changes',
    ).contract;
    expect(sentBack).toMatchObject({ status: 'Ongoing', reviewEndsAt: null, changeRequests: 1, releaseFundStatus: 'NotRequested' });
    // Work sent back is not Completed: there is nothing to release yet.
    expect(await world.api.patch(`/api/client/release-fund/${contractId}`, { as: client })).toMatchObject({
      status: 409,
      body: { code: 'CONTRACT.RELEASE_NOT_ALLOWED' },
    });

    expectStatus(
      await world.api.put(`/api/freelancer/contract/update-status/${contractId}`, { as: freelancer, json: { status: 'Completed' } }),
      200,
      'second delivery',
    );
    const redelivered = await viewContract(world.api, contractId);
    expect(redelivered).toMatchObject({ status: 'Completed', reviewEndsAt: expect.any(String), changeRequests: 1 });
    expect((redelivered['statusHistory'] as { status: string }[]).map((entry) => entry.status).join('→')).toBe(
      'Pending→Started→Ongoing→Completed→Ongoing→Completed',
    );

    const review = { freelancerId: freelancer.id, contractId, rating: 4, description: 'Fixed the mobile charts after one round.' };
    expect(await world.api.post(`/api/client/review/rate-freelancer/${client.id}`, { as: client, json: review })).toMatchObject({
      status: 409,
      body: { code: 'REVIEW.CONTRACT_NOT_COMPLETED' },
    });

    await requestRelease(world.api, client, contractId);
    const released = expectStatus<{ data: EscrowDocument }>(
      await world.api.put(`/api/admin/escrow/release-fund/${contractId}`, { as: admin }),
      200,
      'admin release',
    ).data;
    expect(released).toMatchObject({
      _id: contract.escrowId,
      status: 'released',
      resolution: {
        kind: 'release',
        clientRefund: 0,
        freelancerPayout: 4500,
        platformFee: 500,
        decidedBy: { _id: admin.id, role: 'admin' },
      },
      refund: null,
    });
    expect(await viewContract(world.api, contractId)).toMatchObject({ status: 'Completed', releaseFundStatus: 'Approved' });
    const wallet = await earningsOf(world.api, freelancer);
    expect(wallet.balance).toBe(4500);
    expect(wallet.entries).toEqual([expect.objectContaining({ amount: 4500, direction: 'credit', escrowId: contract.escrowId })]);
    expectStatus(
      await world.api.post(`/api/client/review/rate-freelancer/${client.id}`, { as: client, json: review }),
      201,
      'rate-freelancer',
    );

    const history = await historyOf(world.api, admin, contractId);
    const steps = stepsOf(history, { client, freelancer, admin });
    expectReleasedAfter(
      steps,
      [
        ...FUNDED_AND_DELIVERED_STEPS,
        'escrow ChangesRequested by client',
        'contract ChangesRequested by client',
        'contract StatusChanged by freelancer',
        'escrow ReviewStarted by system',
        'contract ReleaseRequested by client',
      ],
      'admin',
    );
    expectChronological(history);
    expect(history.filter((entry) => entry.type === 'ChangesRequested').map((entry) => entry.details['note'])).toEqual([
      'The charts do not render on mobile.',
      'The charts do not render on mobile.',
    ]);
    expect(history.filter((entry) => entry.type === 'ReviewStarted').map((entry) => entry.details['round'])).toEqual([1, 2]);
  });
});

describe('a contract made with create-contract and never paid', () => {
  it('cannot start: approve answers 409 CONTRACT.NOT_FUNDED until its payment arrives', async () => {
    // Goal: the funding gate. Work cannot begin on a contract no escrow funds, whichever way the
    // freelancer tries to start it, and the contract never counts as completed work; once the
    // client pays for it, the same contract starts.
    const { client, freelancer } = world.callers();
    const jobId = await postJob(world.api, client, 3000);
    const created = expectStatus<{ contract: ContractDocument }>(
      await world.api.post(`/api/client/create-contract/${jobId}`, { as: client, json: { freelancerId: freelancer.id, amount: 3000 } }),
      201,
      'create-contract',
    ).contract;
    expect(created).toMatchObject({ status: 'Pending', escrowId: null });

    const approve = () => world.api.post(`/api/freelancer/contract/approve-contract/${created._id}/${freelancer.id}`, { as: freelancer });
    expect(await approve()).toMatchObject({ status: 409, body: { code: 'CONTRACT.NOT_FUNDED' } });
    expect(
      await world.api.put(`/api/freelancer/contract/update-status/${created._id}`, { as: freelancer, json: { status: 'Started' } }),
    ).toMatchObject({ status: 409, body: { code: 'CONTRACT.NOT_FUNDED' } });
    expect(await viewContract(world.api, created._id)).toMatchObject({ status: 'Pending', escrowId: null });
    expect(
      expectStatus<unknown[]>(await world.api.get(`/api/freelancer/contract/completed-works/${freelancer.id}`), 200, 'completed-works'),
    ).toEqual([]);

    await payThroughWebhook(world.api.baseUrl, world.webhookSecret, { jobId, client, freelancer, amountPaise: 300_000 });
    const funded = await viewContract(world.api, created._id);
    expect(funded).toMatchObject({ status: 'Pending', escrow: { status: 'funded', amount: 3000 } });
    expectStatus(await approve(), 200, 'approve-contract once funded');
    expect((await viewContract(world.api, created._id)).status).toBe('Started');
  });
});

describe('a payment for a freelancer blocked after the checkout opened', () => {
  it('funds nothing and goes back whole; the client sees it and why in their payments', async () => {
    // Goal: hiring is checked again when the money arrives. The checkout was opened while the
    // freelancer could be hired; an admin blocks them before the client pays; the payment creates no
    // contract, the whole amount (fee included) is refunded through the gateway, the freelancer gets
    // nothing, and GET /api/client/payments shows the client the returned payment with its reason.
    const { client, freelancer, admin } = world.callers();
    const jobId = await postJob(world.api, client, 8000);
    expectStatus(
      await world.api.post(`/api/client/job/payment/${jobId}`, {
        as: client,
        json: { title: 'React Frontend Developer', rate: 8000, freelancerId: freelancer.id },
      }),
      200,
      'payment (checkout opened)',
    );
    const blocked = expectStatus<{ user: Record<string, unknown> }>(
      await world.api.patch(`/api/admin/users/${freelancer.id}`, { as: admin, json: { blocked: true, role: 'freelancer' } }),
      200,
      'block the freelancer',
    );
    expect(blocked.user).toMatchObject({ _id: freelancer.id, blocked: true });

    const payment = await payThroughWebhook(world.api.baseUrl, world.webhookSecret, { jobId, client, freelancer, amountPaise: 800_000 });
    expect(await contractOfJob(world.api, jobId, client.id)).toBeNull();
    const job = expectStatus<{ job: Record<string, unknown> }>(
      await world.api.get(`/api/client/job/job-details/${jobId}`),
      200,
      'job-details',
    ).job;
    expect(job).toMatchObject({ status: 'Open', hiredFreelancerId: null });

    const payments = expectStatus<{ count: number; data: EscrowDocument[] }>(
      await world.api.get('/api/client/payments', { as: client }),
      200,
      'client payments',
    );
    expect(payments.count).toBe(1);
    expect(payments.data[0]).toMatchObject({
      checkoutSessionId: payment.checkoutSessionId,
      paymentIntentId: payment.paymentIntentId,
      contractId: null,
      status: 'refunded',
      amount: 8000,
      resolution: {
        kind: 'return',
        clientRefund: 8000,
        freelancerPayout: 0,
        platformFee: 0,
        decidedBy: { role: 'system' },
        reason: 'freelancer_blocked',
        reasonDescription: 'The freelancer was blocked before the payment arrived.',
      },
      refund: { clientRefund: 8000, freelancerPayout: 0, stripeRefundId: expect.stringMatching(/^re_/) },
    });
    expectOneStripeRefund(payment.paymentIntentId, '800000');
    const wallet = await earningsOf(world.api, admin, freelancer.id);
    expect(wallet).toMatchObject({ balance: 0, entries: [] });
  });
});

describe('work the freelancer walked away from', () => {
  it('is refunded to the client in full but the fee: the freelancer who stopped at Ongoing gets nothing', async () => {
    // Goal: refund shares depend on who stopped the work. A freelancer who cancels at Ongoing keeps
    // nothing of the escrow (stopped by the client it would be 40 %); the client's refund is the
    // amount less the platform fee, sent through the gateway, and the wallet stays empty.
    // ₹10,000: fee 1,000, earning 9,000, all of it back to the client.
    const { client, freelancer, admin, payment, contractId } = await fundedAndWorked(1_000_000, 'Ongoing');

    const canceled = expectStatus<{ contract: ContractDocument }>(
      await world.api.delete(`/api/client/cancel-contract/${contractId}`, {
        as: freelancer,
        json: { cancelReason: 'freelancer_withdrew', cancelReasonDescription: 'Took another engagement.' },
      }),
      200,
      'cancel-contract by the freelancer',
    ).contract;
    // Cancelling never refunds by itself: the escrow stays funded until the client asks.
    expect(canceled).toMatchObject({ status: 'Canceled', canceledFrom: 'Ongoing', escrow: { status: 'funded' } });

    const refunded = expectStatus<{ data: EscrowDocument }>(
      await world.api.put(`/api/admin/escrow/refund-client/${contractId}/${client.id}`, { as: client, json: {} }),
      200,
      'refund-client',
    ).data;
    expect(refunded).toMatchObject({
      status: 'refunded',
      resolution: {
        kind: 'refund',
        stage: 'Ongoing',
        clientRefund: 9000,
        freelancerPayout: 0,
        platformFee: 1000,
        decidedBy: { _id: client.id, role: 'client' },
      },
      refund: { clientRefund: 9000, freelancerPayout: 0, stripeRefundId: expect.stringMatching(/^re_/) },
    });
    expectOneStripeRefund(payment.paymentIntentId, '900000');
    expect(await earningsOf(world.api, freelancer)).toMatchObject({ balance: 0, entries: [] });

    const history = await historyOf(world.api, freelancer, contractId);
    expect(stepsOf(history, { client, freelancer, admin })).toEqual([
      'contract ContractCreated by client',
      'escrow ContractFunded by system',
      'contract StatusChanged by freelancer',
      'contract StatusChanged by freelancer',
      'contract ContractCanceled by freelancer',
      'escrow EscrowResolved by client',
      'money ClientRefundSent by system',
      'escrow EscrowSettled by system',
    ]);
    expect(detailsOf(history, 'escrow', 'EscrowResolved')).toMatchObject({
      kind: 'refund',
      stage: 'Ongoing',
      clientRefund: 9000,
      freelancerPayout: 0,
    });
  });
});
