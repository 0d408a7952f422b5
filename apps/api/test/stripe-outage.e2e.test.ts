import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startFaultProxy, stripeRefundsMade, type FaultMode, type FaultProxy } from '@skillhouse/test-servers';
import { ApiClient } from './support/api-client.ts';
import { freshDatabaseUri, stripeBackedSettings, type StripeBackedSettings } from './support/api-environment.ts';
import { startApi, type RunningApi } from './support/api-process.ts';
import { expectBooksBalanced } from './support/books-audit.ts';
import { FAULT_TEST_SETTINGS } from './support/fault-settings.ts';
import { expectResolvedAsRequested, knownRecordsOf, prepareWorkload, type FaultWorkload } from './support/fault-workload.ts';
import { TrafficLog } from './support/traffic.ts';

/**
 * Stripe failing mid-refund, three ways (down, hanging, refunding and then losing its answer):
 * each refund is answered 502 PAYMENT.GATEWAY_FAILED within a bound (never a 500, never a hang),
 * releases go on, and once Stripe answers again recovery finishes every refund, once.
 */

/** STRIPE_TIMEOUT_MS (1 s) for each of the SDK's three attempts, with its back-off between them. */
const REFUND_ANSWER_BOUND_MS = 12_000;
const REFUNDS_PER_FAULT = 3;
const FAULTS: readonly FaultMode[] = ['refuse', 'hang', 'lose-answer'];

let stripe: FaultProxy;
let settings: StripeBackedSettings;
let databaseUri: string;
let server: RunningApi;

beforeAll(async () => {
  stripe = await startFaultProxy(inject('stripeMockUrl'));
  databaseUri = freshDatabaseUri(inject('mongodbUri'), 'stripeoutage');
  settings = stripeBackedSettings(databaseUri, `http://127.0.0.1:${stripe.port}`);
  server = await startApi({ ...settings.env, ...FAULT_TEST_SETTINGS });
});

afterAll(async () => {
  await server?.stop();
  await stripe?.close();
});

function isRefundCreation(method: string, path: string): boolean {
  return method === 'POST' && path.startsWith('/v1/refunds');
}

describe('Stripe down, hanging, or losing its answer mid-refund', () => {
  it('answers 502 within a bound, and recovery refunds each escrow once when Stripe is back', async () => {
    const api = new ApiClient(server.url);
    const workload: FaultWorkload = await prepareWorkload(api, settings, {
      releases: FAULTS.length,
      refunds: FAULTS.length * REFUNDS_PER_FAULT,
      payments: 0,
    });
    const traffic = new TrafficLog();
    const { admin, client } = workload;

    for (const [faultIndex, fault] of FAULTS.entries()) {
      // Losing the answer matters only for the refund itself: the look-up before it must get through for it to be made.
      stripe.setMode(fault, fault === 'lose-answer' ? isRefundCreation : undefined);
      const refunds = workload.refunds.slice(faultIndex * REFUNDS_PER_FAULT, (faultIndex + 1) * REFUNDS_PER_FAULT);
      const answers = await Promise.all([
        ...refunds.map(({ contract }) =>
          traffic.request(api, 'PUT', `/api/admin/escrow/refund-client/${contract._id}/${client.id}`, { as: admin, json: {} }),
        ),
        traffic.request(api, 'PUT', `/api/admin/escrow/release-fund/${workload.releases[faultIndex]!.contract._id}`, { as: admin }),
      ]);
      const release = answers.pop()!;
      expect(release.status, `a release needs no Stripe (${fault})`).toBe(200);
      for (const answer of answers) expect(answer, fault).toMatchObject({ status: 502, body: { code: 'PAYMENT.GATEWAY_FAILED' } });
    }
    stripe.setMode('pass');

    traffic.expectNoBare500();
    for (const exchange of traffic.exchanges) expect(exchange.ms, exchange.what).toBeLessThan(REFUND_ANSWER_BOUND_MS);
    const made = stripeRefundsMade(stripe.requests);
    expect(
      stripe.requests.some((request) => request.mode === 'lose-answer' && request.serverStatus === 200),
      'some refund was made at Stripe and its answer lost',
    ).toBe(true);

    const state = await expectBooksBalanced(databaseUri, knownRecordsOf(workload), () => stripeRefundsMade(stripe.requests));
    expectResolvedAsRequested(state, workload);
    // A refund made before its answer was lost is the one recovery found again: one per escrow, never two.
    expect(stripeRefundsMade(stripe.requests).length).toBe(workload.refunds.length);
    expect(made.length).toBeLessThan(workload.refunds.length);
  });
});
