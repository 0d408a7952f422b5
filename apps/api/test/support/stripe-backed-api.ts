import { afterAll, beforeAll, inject } from 'vitest';
// The payments package's own test proxy: it shows what the API sent to stripe-mock.
import { startRecordingProxy, type RecordedRequest, type RecordingProxy } from '@skillhouse/test-servers';
import { ApiClient, newCaller, type Caller } from './api-client.ts';
import { freshDatabaseUri, stripeBackedSettings, type StripeBackedSettings } from './api-environment.ts';
import { startApi, type RunningApi } from './api-process.ts';
import { expectCleanAudit } from './books-audit.ts';

export interface StripeBackedApi {
  readonly api: ApiClient;
  /** The API's database. */
  readonly databaseUri: string;
  /** The secret the API checks Stripe's webhook signatures with. */
  readonly webhookSecret: string;
  /** A fresh client, freelancer and admin, each with a token the API accepts. */
  callers(): { client: Caller; freelancer: Caller; admin: Caller };
  /** Every request the API sent to Stripe so far, in order. */
  stripeRequests(): readonly RecordedRequest[];
}

/**
 * One API process for one test file, on a fresh database named after `databaseName`, with its Stripe
 * adapter on stripe-mock behind a recording proxy: started before the file's tests, stopped after
 * them, and the database then audited as the `audit` command does. Its fields exist inside tests
 * and hooks only.
 */
export function stripeBackedApi(databaseName: string): StripeBackedApi {
  let proxy: RecordingProxy | undefined;
  let server: RunningApi | undefined;
  let started: { proxy: RecordingProxy; databaseUri: string; settings: StripeBackedSettings; api: ApiClient } | undefined;
  beforeAll(async () => {
    proxy = await startRecordingProxy(inject('stripeMockUrl'));
    const databaseUri = freshDatabaseUri(inject('mongodbUri'), databaseName);
    const settings = stripeBackedSettings(databaseUri, `http://127.0.0.1:${proxy.port}`);
    server = await startApi(settings.env);
    started = { proxy, databaseUri, settings, api: new ApiClient(server.url) };
  });
  afterAll(async () => {
    await server?.stop();
    await proxy?.close();
    // Whatever the file's tests did, the books they left must balance.
    if (started !== undefined) await expectCleanAudit(started.databaseUri);
  }, 120_000);
  const running = () => {
    if (started === undefined) throw new Error(`the ${databaseName} API is not running: use it inside tests and hooks`);
    return started;
  };
  return {
    get api() {
      return running().api;
    },
    get databaseUri() {
      return running().databaseUri;
    },
    get webhookSecret() {
      return running().settings.webhookSecret;
    },
    callers() {
      const { jwtSecret } = running().settings;
      return {
        client: newCaller('client', jwtSecret),
        freelancer: newCaller('freelancer', jwtSecret),
        admin: newCaller('admin', jwtSecret),
      };
    },
    stripeRequests: () => running().proxy.requests,
  };
}
