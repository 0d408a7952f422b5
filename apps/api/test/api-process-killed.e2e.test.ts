import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startFaultProxy, stripeRefundsMade, type FaultProxy } from '@skillhouse/test-servers';
import { ApiClient } from './support/api-client.ts';
import { freshDatabaseUri, stripeBackedSettings, type StripeBackedSettings } from './support/api-environment.ts';
import { startApi, type RunningApi } from './support/api-process.ts';
import { expectBooksBalanced } from './support/books-audit.ts';
import { FAULT_TEST_SETTINGS } from './support/fault-settings.ts';
import { expectFinalAnswers, expectResolvedAsRequested, knownRecordsOf, prepareWorkload, runWorkload } from './support/fault-workload.ts';
import { TrafficLog } from './support/traffic.ts';

/**
 * One of two API processes killed (SIGKILL) with releases, refunds and payments in flight on it:
 * the other keeps serving, callers retry there, its recovery finishes whatever the dead one left
 * half-done, and every escrow is resolved once, as asked.
 */

let stripe: FaultProxy;
let settings: StripeBackedSettings;
let databaseUri: string;
let doomed: RunningApi;
let survivor: RunningApi;
let killed = false;

beforeAll(async () => {
  stripe = await startFaultProxy(inject('stripeMockUrl'));
  databaseUri = freshDatabaseUri(inject('mongodbUri'), 'apikilled');
  settings = stripeBackedSettings(databaseUri, `http://127.0.0.1:${stripe.port}`);
  const env = { ...settings.env, ...FAULT_TEST_SETTINGS };
  doomed = await startApi(env);
  survivor = await startApi(env);
});

afterAll(async () => {
  if (!killed) await doomed?.stop();
  await survivor?.stop();
  await stripe?.close();
});

describe('an API process killed mid-operation while a second keeps serving', () => {
  it('the second serves throughout, finishes what the first left open, and the books balance', async () => {
    const doomedApi = new ApiClient(doomed.url);
    const survivorApi = new ApiClient(survivor.url);
    const workload = await prepareWorkload(survivorApi, settings, { releases: 8, refunds: 8, payments: 8 });
    const traffic = new TrafficLog();
    const survivorTraffic = new TrafficLog();

    // First attempts all go to the process about to die; retries go to the survivor.
    const inFlight = runWorkload(traffic, workload, settings.webhookSecret, (_index, tries) => (tries === 0 ? doomedApi : survivorApi));
    let reading = true;
    const reads = (async () => {
      while (reading) {
        await survivorTraffic.request(survivorApi, 'GET', `/api/client/get-contracts/${workload.client.id}`);
        await survivorTraffic.request(survivorApi, 'GET', '/readyz');
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    })();
    await new Promise((resolve) => setTimeout(resolve, 120));
    await doomed.kill();
    killed = true;

    const answers = await inFlight;
    reading = false;
    await reads;

    expectFinalAnswers(answers);
    traffic.expectNoBare500();
    expect(
      traffic.exchanges.filter((exchange) => exchange.status === 'no answer').length,
      `the kill cut requests off (${JSON.stringify(traffic.statusCounts())})`,
    ).toBeGreaterThan(0);
    // The survivor never faltered: every read and probe answered 200.
    expect(survivorTraffic.statusCounts()).toEqual({ '200': survivorTraffic.exchanges.length });

    const state = await expectBooksBalanced(databaseUri, knownRecordsOf(workload), () => stripeRefundsMade(stripe.requests));
    expectResolvedAsRequested(state, workload);
  });
});
