import { randomBytes } from 'node:crypto';
import { expect, inject } from 'vitest';
import {
  checkoutSessionEvent,
  signWebhookPayload,
  type CheckoutSessionEvent,
  type CheckoutSessionEventFields,
} from '@skillhouse/payments-stripe';
import { fileScoped } from './file-scoped.ts';
import { request, startTestServer, type TestResponse, type TestServer } from './test-server.ts';

/** `base` with its database replaced by `dbName`: each test file gets a database of its own. */
export function withDatabaseName(base: string, dbName: string): string {
  const match = /^(mongodb(?:\+srv)?:\/\/[^/?]+)\/?[^?]*(\?.*)?$/.exec(base);
  if (match === null) throw new Error('the integration setup gave an unparsable MongoDB URI');
  return `${match[1]!}/${dbName}${match[2] ?? ''}`;
}

export interface IntegrationApi extends TestServer {
  readonly webhookSecret: string;
  /** POSTs `event` to /webhook, signed the Stripe way with the API's webhook secret. */
  deliver(event: object, signature?: string): Promise<TestResponse>;
}

/**
 * The API over HTTP on FerretDB (a fresh database) and stripe-mock, as configured in production
 * (media stays on local disk: Cloudinary is not part of the integration servers).
 */
export async function startIntegrationApi(tag: string, env: Record<string, string> = {}): Promise<IntegrationApi> {
  const mongodbUri = inject('mongodbUri');
  const stripeMockUrl = inject('stripeMockUrl');
  if (!mongodbUri || !stripeMockUrl) throw new Error('run the integration project: its global setup provides mongodbUri and stripeMockUrl');
  const webhookSecret = `whsec_${randomBytes(16).toString('hex')}`;
  const api = await startTestServer({
    MONGODB_URI: withDatabaseName(mongodbUri, `skillhouse_api_${tag}_${randomBytes(4).toString('hex')}`),
    STRIPE_SECRET_KEY: 'sk_test_skillhouse',
    STRIPE_WEBHOOK_SECRET: webhookSecret,
    STRIPE_API_BASE: stripeMockUrl,
    CLIENT_URL: 'https://skillhouse.test',
    ...env,
  });
  return {
    ...api,
    webhookSecret,
    deliver(event, signature) {
      const payload = JSON.stringify(event);
      return request(api.url, 'POST', '/webhook', {
        body: payload,
        headers: { 'content-type': 'application/json', 'stripe-signature': signature ?? signWebhookPayload(payload, webhookSecret) },
      });
    },
  };
}

export interface CheckoutEventOptions extends Omit<CheckoutSessionEventFields, 'eventId' | 'paymentIntentId' | 'amountPaise' | 'metadata'> {
  readonly amountPaise?: number;
  readonly metadata?: Record<string, string>;
}

/** A Stripe event about a Checkout session, as Stripe would send it. Session ids are the test's own. */
export function checkoutEvent(options: CheckoutEventOptions): CheckoutSessionEvent {
  const { amountPaise = 5_000_000, metadata = {}, ...fields } = options;
  return checkoutSessionEvent({
    ...fields,
    eventId: `evt_${randomBytes(12).toString('hex')}`,
    paymentIntentId: `pi_${options.sessionId}`,
    amountPaise,
    metadata,
  });
}

export function uniqueSessionId(): string {
  return `cs_test_${randomBytes(12).toString('hex')}`;
}

/** A 24-hex id no test has used. */
export function freshId(): string {
  return randomBytes(12).toString('hex');
}

/** The steps most tests need to reach a state, each asserting it worked. */
export class Marketplace {
  /** The admin the steps act as. */
  private readonly adminId = freshId();

  constructor(private readonly api: IntegrationApi) {}

  async postJob(clientId: string, rate = 50000): Promise<string> {
    const response = await request(this.api.url, 'POST', '/api/client/job/create-job', {
      token: this.api.token('client', clientId),
      json: { title: 'React Frontend Developer', description: 'Build the dashboard', rate },
    });
    expect(response.status).toBe(201);
    return response.body.job._id;
  }

  /** Stripe reports a paid checkout for the job; returns the contract it funded. */
  async pay(
    jobId: string,
    clientId: string,
    freelancerId: string,
    amountPaise = 5_000_000,
  ): Promise<{ contractId: string; sessionId: string }> {
    const sessionId = uniqueSessionId();
    const delivered = await this.api.deliver(checkoutEvent({ sessionId, amountPaise, metadata: { jobId, clientId, freelancerId } }));
    expect(delivered.status).toBe(200);
    const found = await request(this.api.url, 'GET', `/api/client/is-created/${jobId}/${clientId}`);
    expect(found.body.contract).not.toBeNull();
    return { contractId: found.body.contract._id, sessionId };
  }

  async fundedContract(clientId: string, freelancerId: string, amountPaise = 5_000_000): Promise<{ jobId: string; contractId: string }> {
    const jobId = await this.postJob(clientId);
    const { contractId } = await this.pay(jobId, clientId, freelancerId, amountPaise);
    return { jobId, contractId };
  }

  /** The freelancer moves the contract forward, step by step, up to `status`. */
  async advance(contractId: string, freelancerId: string, status: 'Started' | 'Ongoing' | 'Completed'): Promise<void> {
    const steps = ['Started', 'Ongoing', 'Completed'] as const;
    const token = this.api.token('freelancer', freelancerId);
    for (const step of steps.slice(0, steps.indexOf(status) + 1)) {
      const response = await request(this.api.url, 'PUT', `/api/freelancer/contract/update-status/${contractId}`, {
        token,
        json: { status: step },
      });
      expect(response.status).toBe(200);
    }
  }

  /** The client of a Completed contract asks for the release and an admin releases it: the escrow is settled. */
  async release(contractId: string, clientId: string): Promise<void> {
    const requested = await request(this.api.url, 'PATCH', `/api/client/release-fund/${contractId}`, {
      token: this.api.token('client', clientId),
    });
    expect(requested.status).toBe(200);
    const released = await request(this.api.url, 'PUT', `/api/admin/escrow/release-fund/${contractId}`, {
      token: this.api.token('admin', this.adminId),
    });
    expect(released.status).toBe(200);
  }
}

export interface IntegrationSuite {
  readonly clientId: string;
  readonly adminId: string;
  readonly api: IntegrationApi;
  readonly market: Marketplace;
  /** The bearer tokens of the suite's client and admin. */
  readonly client: string;
  readonly admin: string;
  /** A request as `token` (anonymous without one), with `json` as its body if given. */
  readonly call: (method: string, path: string, token?: string, json?: unknown) => Promise<TestResponse>;
}

/**
 * One test file's API, on a database of its own, with a client and an admin: started before the
 * file's tests and closed after them. Its API, market and tokens exist inside tests and hooks only.
 */
export function integrationSuite(tag: string): IntegrationSuite {
  const clientId = freshId();
  const adminId = freshId();
  const running = fileScoped(
    `the ${tag} API`,
    async () => {
      const api = await startIntegrationApi(tag);
      return { api, market: new Marketplace(api), client: api.token('client', clientId), admin: api.token('admin', adminId) };
    },
    ({ api }) => api.close(),
  );
  return {
    clientId,
    adminId,
    get api() {
      return running().api;
    },
    get market() {
      return running().market;
    },
    get client() {
      return running().client;
    },
    get admin() {
      return running().admin;
    },
    call: (method, path, token, json) =>
      request(running().api.url, method, path, { ...(token === undefined ? {} : { token }), ...(json === undefined ? {} : { json }) }),
  };
}
