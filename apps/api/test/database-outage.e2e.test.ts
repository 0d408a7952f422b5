import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  startFaultProxy,
  stripeRefundsMade,
  startRestartableFerretDb,
  type FaultProxy,
  type RestartableFerretDb,
} from '@skillhouse/test-servers';
import { ApiClient } from './support/api-client.ts';
import { freshDatabaseUri, stripeBackedSettings, type StripeBackedSettings } from './support/api-environment.ts';
import { startApiPair, stopApis, type RunningApi } from './support/api-process.ts';
import { expectBooksBalanced } from './support/books-audit.ts';
import { FAULT_TEST_SETTINGS } from './support/fault-settings.ts';
import { expectFinalAnswers, expectResolvedAsRequested, knownRecordsOf, prepareWorkload, runWorkload } from './support/fault-workload.ts';
import { TrafficLog } from './support/traffic.ts';

/**
 * The database killed (SIGKILL) while releases, refunds and payments are in flight on two API
 * processes, then started again on the same data and port: callers are told 503 with Retry-After
 * while it is away (never a bare 500), /readyz follows it within seconds, and once it is back every
 * retried request finishes, recovery closes what the crash left open and the books balance.
 */

/** /readyz must notice the database gone, and back, within this. */
const READINESS_NOTICE_MS = 8_000;
const OUTAGE_MS = 3_000;

let ferretdb: RestartableFerretDb;
let stripe: FaultProxy;
let settings: StripeBackedSettings;
let databaseUri: string;
let servers: RunningApi[] = [];
let apis: ApiClient[] = [];

beforeAll(async () => {
  ferretdb = await startRestartableFerretDb();
  stripe = await startFaultProxy(inject('stripeMockUrl'));
  databaseUri = freshDatabaseUri(ferretdb.url, 'dboutage');
  settings = stripeBackedSettings(databaseUri, `http://127.0.0.1:${stripe.port}`);
  const env = { ...settings.env, ...FAULT_TEST_SETTINGS };
  ({ servers, apis } = await startApiPair(env));
});

afterAll(async () => {
  await stopApis(servers);
  await stripe?.close();
  await ferretdb?.stop();
});

/** Polls /readyz until it answers `status`; resolves with how long that took. */
async function readinessBecomes(traffic: TrafficLog, api: ApiClient, status: number): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < 30_000) {
    if ((await traffic.request(api, 'GET', '/readyz')).status === status) return Date.now() - started;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`/readyz did not answer ${status} within 30 s`);
}

describe('the database killed while releases, refunds and payments are in flight', () => {
  it('answers 503 with Retry-After while it is away, recovers once it is back, and every escrow is resolved once, as asked', async () => {
    const workload = await prepareWorkload(apis[0]!, settings, { releases: 8, refunds: 8, payments: 8 });
    const traffic = new TrafficLog();

    const inFlight = runWorkload(traffic, workload, settings.webhookSecret, (index, tries) => apis[(index + tries) % apis.length]!);
    // Reads keep coming throughout: they must meet the outage too, and be told to retry.
    let reading = true;
    const reads = (async () => {
      while (reading) {
        await traffic.request(apis[1]!, 'GET', `/api/client/get-contracts/${workload.client.id}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    })();
    await new Promise((resolve) => setTimeout(resolve, 150));
    await ferretdb.kill();

    expect(await readinessBecomes(traffic, apis[0]!, 503)).toBeLessThan(READINESS_NOTICE_MS);
    await new Promise((resolve) => setTimeout(resolve, OUTAGE_MS));
    await ferretdb.restart();
    expect(await readinessBecomes(traffic, apis[0]!, 200)).toBeLessThan(READINESS_NOTICE_MS);
    expect(await readinessBecomes(traffic, apis[1]!, 200)).toBeLessThan(READINESS_NOTICE_MS);

    const answers = await inFlight;
    reading = false;
    await reads;

    expectFinalAnswers(answers);
    traffic.expectNoBare500();
    const outageAnswers = traffic.exchanges.filter((exchange) => exchange.code === 'SERVICE.DATABASE_UNAVAILABLE');
    expect(outageAnswers.length, `the outage was met (${JSON.stringify(traffic.statusCounts())})`).toBeGreaterThan(0);
    // Bounded: no request waited on the missing database much longer than the selection timeout.
    for (const exchange of outageAnswers) expect(exchange.ms).toBeLessThan(10_000);

    const state = await expectBooksBalanced(databaseUri, knownRecordsOf(workload), () => stripeRefundsMade(stripe.requests));
    expectResolvedAsRequested(state, workload);
  });
});
