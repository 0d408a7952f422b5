import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { paiseToInr } from '@skillhouse/domain';
// The payments package's own test proxy: it shows which refunds the API asked stripe-mock for.
import { startRecordingProxy, type RecordingProxy } from '@skillhouse/test-servers';
import { ApiClient, expectStatus, newCaller, type ApiResponse, type Caller } from './support/api-client.ts';
import { freshDatabaseUri, stripeBackedSettings, type StripeBackedSettings } from './support/api-environment.ts';
import { startApiPair, stopApis, type RunningApi } from './support/api-process.ts';
import { expectCleanAudit } from './support/books-audit.ts';
import {
  advanceWork,
  contractOfJob,
  earningsOf,
  fundedContract,
  postJob,
  requestRelease,
  viewContract,
  type ContractDocument,
  type EscrowDocument,
} from './support/marketplace-steps.ts';
import { checkoutCompletedEvent, deliverWebhook } from './support/stripe-events.ts';

/**
 * Two API processes on one database: whatever arrives at both at once, each payment is recorded once
 * and each escrow resolved once. Every race runs several times over fresh records.
 */

const ROUNDS = 5;

let proxy: RecordingProxy;
let settings: StripeBackedSettings;
let servers: RunningApi[] = [];
let apis: ApiClient[] = [];

/** The suite's database, audited at its end. */
let databaseUri: string;

beforeAll(async () => {
  proxy = await startRecordingProxy(inject('stripeMockUrl'));
  databaseUri = freshDatabaseUri(inject('mongodbUri'), 'races');
  settings = stripeBackedSettings(databaseUri, `http://127.0.0.1:${proxy.port}`);
  ({ servers, apis } = await startApiPair(settings.env));
});

afterAll(async () => {
  await stopApis(servers);
  await proxy?.close();
});

/** The refunds the API asked Stripe for on a payment intent: the amounts in paise. */
function stripeRefundsOf(paymentIntentId: string): string[] {
  return proxy.requests
    .filter((request) => request.method === 'POST' && request.path.startsWith('/v1/refunds'))
    .map((request) => new URLSearchParams(request.body))
    .filter((params) => params.get('payment_intent') === paymentIntentId)
    .map((params) => params.get('amount') ?? '');
}

/** The API process the i-th of a batch of parallel requests goes to: alternately one and the other. */
function apiFor(index: number): ApiClient {
  return apis[index % apis.length]!;
}

function caller(role: 'client' | 'freelancer' | 'admin'): Caller {
  return newCaller(role, settings.jwtSecret);
}

function statusesOf(responses: readonly ApiResponse[]): number[] {
  return responses.map((response) => response.status).sort((left, right) => left - right);
}

describe('the same checkout.session.completed delivered 20 times at once to two processes', () => {
  it.each(Array.from({ length: ROUNDS }, (_, round) => round + 1))('records one escrow and one contract (round %i)', async () => {
    const client = caller('client');
    const freelancer = caller('freelancer');
    const admin = caller('admin');
    const jobId = await postJob(apiFor(0), client, 2000);
    const event = checkoutCompletedEvent({ jobId, clientId: client.id, freelancerId: freelancer.id, amountPaise: 200_000 });

    const deliveries = await Promise.all(
      Array.from({ length: 20 }, (_, index) => deliverWebhook(apiFor(index).baseUrl, event.payload, settings.webhookSecret)),
    );
    expect(statusesOf(deliveries)).toEqual(Array(20).fill(200));

    const contract = await contractOfJob(apiFor(1), jobId, client.id);
    expect(contract).toMatchObject({ status: 'Pending', amount: 2000, freelancerId: { _id: freelancer.id } });
    expect(contract!.escrowId).toMatch(/^[0-9a-f]{24}$/);
    const clientContracts = expectStatus<{ count: number; data: ContractDocument[] }>(
      await apiFor(0).get(`/api/client/get-contracts/${client.id}`),
      200,
      'client get-contracts',
    );
    expect(clientContracts.count).toBe(1);
    expect(clientContracts.data.map((listed) => listed._id)).toEqual([contract!._id]);
    const freelancerContracts = expectStatus<ContractDocument[]>(
      await apiFor(1).get(`/api/freelancer/contract/get-contracts/${freelancer.id}`),
      200,
      'freelancer get-contracts',
    );
    expect(freelancerContracts.map((listed) => listed._id)).toEqual([contract!._id]);
    expect((await viewContract(apiFor(0), contract!._id)).escrowId).toBe(contract!.escrowId);

    // The one escrow is the session's: releasing it credits the earning once.
    await advanceWork(apiFor(0), freelancer, contract!._id, 'Completed');
    await requestRelease(apiFor(1), client, contract!._id);
    const released = expectStatus<{ data: EscrowDocument }>(
      await apiFor(0).put(`/api/admin/escrow/release-fund/${contract!._id}`, { as: admin }),
      200,
      'admin release',
    ).data;
    expect(released).toMatchObject({
      _id: contract!.escrowId,
      checkoutSessionId: event.checkoutSessionId,
      amount: 2000,
      platformFee: 200,
      freelancerEarning: 1800,
    });
    const wallet = await earningsOf(apiFor(1), freelancer);
    expect(wallet.balance).toBe(1800);
    expect(wallet.entries).toHaveLength(1);
  });
});

describe('ten release approvals of one Requested contract at once on two processes', () => {
  it.each(Array.from({ length: ROUNDS }, (_, round) => round + 1))('release once: one 200, nine 409 (round %i)', async () => {
    const client = caller('client');
    const freelancer = caller('freelancer');
    const admins = [caller('admin'), caller('admin')];
    const { contract } = await fundedContract(apiFor(0), settings.webhookSecret, client, freelancer, 300_000);
    await advanceWork(apiFor(1), freelancer, contract._id, 'Completed');
    await requestRelease(apiFor(0), client, contract._id);

    const approvals = await Promise.all(
      Array.from({ length: 10 }, (_, index) =>
        apiFor(index).put(`/api/admin/escrow/release-fund/${contract._id}`, { as: admins[index % admins.length]! }),
      ),
    );
    expect(statusesOf(approvals)).toEqual([200, ...Array(9).fill(409)]);

    const wallet = await earningsOf(apiFor(1), freelancer);
    expect(wallet.balance).toBe(2700);
    expect(wallet.entries).toHaveLength(1);
    expect(await viewContract(apiFor(0), contract._id)).toMatchObject({ status: 'Completed', releaseFundStatus: 'Approved' });
  });
});

/** The freelancer's wallet after credits of these amounts, in INR as the API shows it. */
function balanceAfter(creditsPaise: readonly number[]): number {
  return paiseToInr(creditsPaise.reduce((total, credit) => total + credit, 0));
}

describe('release racing refund of one escrow on two processes', () => {
  // One client and one freelancer for every round: the freelancer's wallet sums all of them.
  let client: Caller;
  let freelancer: Caller;
  let admin: Caller;
  /** What each round's winning resolution credited the freelancer, in paise. */
  const credits: number[] = [];

  beforeAll(() => {
    client = caller('client');
    freelancer = caller('freelancer');
    admin = caller('admin');
  });

  it.each(Array.from({ length: ROUNDS }, (_, round) => round + 1))(
    'a Completed, Requested contract: exactly one of release and refund wins (round %i)',
    async (round) => {
      // ₹1000: fee 100, earning 900.
      const { contract, payment } = await fundedContract(apiFor(round), settings.webhookSecret, client, freelancer, 100_000);
      await advanceWork(apiFor(round), freelancer, contract._id, 'Completed');
      await requestRelease(apiFor(round), client, contract._id);

      const [release, refund] = await Promise.all([
        apiFor(round).put(`/api/admin/escrow/release-fund/${contract._id}`, { as: admin }),
        apiFor(round + 1).put(`/api/admin/escrow/refund-client/${contract._id}/${client.id}`, {
          as: round % 2 === 0 ? admin : client,
          json: {},
        }),
      ]);
      expect(statusesOf([release, refund])).toEqual([200, 409]);
      // Completed work is released, never refunded.
      expect(release.status).toBe(200);
      const escrow = (release.body as { data: EscrowDocument }).data;
      expect(escrow).toMatchObject({ status: 'released', freelancerEarning: 900, refund: null });
      expect(stripeRefundsOf(payment.paymentIntentId)).toEqual([]);
      credits.push(90_000);
      expect((await earningsOf(apiFor(round + 1), freelancer)).balance).toBe(balanceAfter(credits));
    },
  );

  it.each(Array.from({ length: ROUNDS }, (_, round) => round + 1))(
    'an Ongoing contract: completing the work races the refund, exactly one wins (round %i)',
    async (round) => {
      const { contract, payment } = await fundedContract(apiFor(round), settings.webhookSecret, client, freelancer, 100_000);
      await advanceWork(apiFor(round), freelancer, contract._id, 'Ongoing');

      const [completion, refund] = await Promise.all([
        apiFor(round).put(`/api/freelancer/contract/update-status/${contract._id}`, { as: freelancer, json: { status: 'Completed' } }),
        apiFor(round + 1).put(`/api/admin/escrow/refund-client/${contract._id}/${client.id}`, { as: admin, json: {} }),
      ]);
      expect(statusesOf([completion, refund])).toEqual([200, 409]);

      const settled = await viewContract(apiFor(round + 1), contract._id);
      if (refund.status === 200) {
        // Refunded at Ongoing: the freelancer keeps 40 % of 900; the work cannot be completed any more.
        expect(settled).toMatchObject({ status: 'Canceled', canceledFrom: 'Ongoing' });
        expect((refund.body as { data: EscrowDocument }).data).toMatchObject({
          status: 'refunded',
          refund: { clientRefund: 540, freelancerPayout: 360 },
        });
        expect(stripeRefundsOf(payment.paymentIntentId)).toEqual(['54000']);
        await expect(apiFor(round).patch(`/api/client/release-fund/${contract._id}`, { as: client })).resolves.toMatchObject({
          status: 409,
        });
        credits.push(36_000);
      } else {
        // Completed first: the escrow is still funded and is released as usual.
        expect(settled.status).toBe('Completed');
        await requestRelease(apiFor(round), client, contract._id);
        expectStatus(await apiFor(round + 1).put(`/api/admin/escrow/release-fund/${contract._id}`, { as: admin }), 200, 'admin release');
        expect(stripeRefundsOf(payment.paymentIntentId)).toEqual([]);
        credits.push(90_000);
      }
      const wallet = await earningsOf(apiFor(round), freelancer);
      expect(wallet.balance).toBe(balanceAfter(credits));
      expect(wallet.entries).toHaveLength(credits.length);
    },
  );
});

describe('the books', () => {
  // Bounded by the wait for the repair pass inside (90 s).
  it('are left clean, as the audit command finds them', async () => {
    await expectCleanAudit(databaseUri);
  }, 120_000);
});
