import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ApiClient, expectStatus, newCaller, type Caller } from './support/api-client.ts';
import { freshDatabaseUri, stripeBackedSettings, type StripeBackedSettings } from './support/api-environment.ts';
import { startApi, startApiPair, stopApis, type RunningApi } from './support/api-process.ts';
import { expectCleanAudit } from './support/books-audit.ts';
import { openEventStream, type StreamMessage } from './support/event-stream-reader.ts';
import { advanceWork, fundedContract, postJob, requestRelease } from './support/marketplace-steps.ts';
import { startRefundFailingProxy, type RefundFailingProxy } from './support/refund-failing-proxy.ts';

/**
 * What a browser frontend relies on, where the guarantee spans API processes: two processes on one
 * database answer the same Idempotency-Key once, count one rate limit, and stream the same events.
 */

let stripe: RefundFailingProxy;
let settings: StripeBackedSettings;
let servers: RunningApi[] = [];
let apis: ApiClient[] = [];

/** The suite's database, audited at its end. */
let databaseUri: string;

beforeAll(async () => {
  stripe = await startRefundFailingProxy(inject('stripeMockUrl'));
  databaseUri = freshDatabaseUri(inject('mongodbUri'), 'frontend_api');
  settings = stripeBackedSettings(databaseUri, stripe.url);
  const env = { ...settings.env, EVENTS_POLL_MS: '200', EVENTS_CONNECTIONS_PER_USER: '2' };
  ({ servers, apis } = await startApiPair(env));
});

afterAll(async () => {
  await stopApis(servers);
  await stripe?.close();
});

function api(index: number): ApiClient {
  return apis[index % apis.length]!;
}

function caller(role: 'client' | 'freelancer' | 'admin'): Caller {
  return newCaller(role, settings.jwtSecret);
}

interface KeyedResponse {
  readonly status: number;
  readonly headers: Headers;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- each test asserts the shape it expects
  readonly body: any;
}

/** A request with an Idempotency-Key, when one is given. */
function send(
  target: ApiClient,
  method: string,
  path: string,
  options: { as: Caller; key?: string; json?: unknown },
): Promise<KeyedResponse> {
  const { key, ...rest } = options;
  return target.exchange(method, path, { ...rest, headers: key === undefined ? {} : { 'idempotency-key': key } });
}

const JOB = { title: 'Landing page', description: 'One page, responsive', rate: 2000 };

describe('Idempotency-Key across two API processes', () => {
  it('the same create-job sent 10 times at once to both processes makes one job; every answer is that job or 409 IN_PROGRESS', async () => {
    const client = caller('client');
    const key = `create-job-${client.id}`;
    const answers = await Promise.all(
      Array.from({ length: 10 }, (_, index) => send(api(index), 'POST', '/api/client/job/create-job', { as: client, key, json: JOB })),
    );
    const created = answers.filter((answer) => answer.status === 201);
    const busy = answers.filter((answer) => answer.status === 409);
    expect(created.length + busy.length).toBe(10);
    expect(created.length).toBeGreaterThanOrEqual(1);
    expect(new Set(created.map((answer) => answer.body.job._id)).size).toBe(1);
    for (const answer of busy) expect(answer.body.code).toBe('IDEMPOTENCY.IN_PROGRESS');

    // Retried later on either process: the first answer, replayed.
    for (const index of [0, 1]) {
      const replayed = await send(api(index), 'POST', '/api/client/job/create-job', { as: client, key, json: JOB });
      expect(replayed.status).toBe(201);
      expect(replayed.headers.get('idempotent-replayed')).toBe('true');
      expect(replayed.body).toEqual(created[0]?.body);
    }
  });

  it('the same key with another body is 422 IDEMPOTENCY.KEY_REUSED; another user may use the same key', async () => {
    const client = caller('client');
    const key = 'shared-key-0001';
    expect((await send(api(0), 'POST', '/api/client/job/create-job', { as: client, key, json: JOB })).status).toBe(201);
    const reused = await send(api(1), 'POST', '/api/client/job/create-job', { as: client, key, json: { ...JOB, rate: 2500 } });
    expect(reused.status).toBe(422);
    expect(reused.body.code).toBe('IDEMPOTENCY.KEY_REUSED');
    const other = await send(api(1), 'POST', '/api/client/job/create-job', { as: caller('client'), key, json: JOB });
    expect(other.status).toBe(201);
    expect(other.headers.get('idempotent-replayed')).toBeNull();
  });

  it('a release whose answer was lost (a proxy’s 502) retried with its key on the other process answers 200 with the released escrow', async () => {
    const [client, freelancer, admin] = [caller('client'), caller('freelancer'), caller('admin')];
    const { contract } = await fundedContract(api(0), settings.webhookSecret, client, freelancer, 300_000);
    await advanceWork(api(0), freelancer, contract._id, 'Completed');
    await requestRelease(api(0), client, contract._id);
    const key = `release-${contract._id}`;
    const path = `/api/admin/escrow/release-fund/${contract._id}`;

    const first = await send(api(0), 'PUT', path, { as: admin, key });
    expect(first.status).toBe(200);
    // The client never saw that answer; it retries on the other process, with the same key.
    const retried = await send(api(1), 'PUT', path, { as: admin, key });
    expect(retried.status).toBe(200);
    expect(retried.body).toEqual(first.body);
    expect(retried.body.data).toMatchObject({ status: 'released', freelancerEarning: 2700 });
    // Without the key, the retry is a new request: the escrow is already released.
    const unkeyed = await send(api(1), 'PUT', path, { as: admin });
    expect(unkeyed.status).toBe(409);
  });

  it('a refund that failed with 502 (Stripe down) is not replayed: the same key runs again and answers 200 with the refunded escrow', async () => {
    const [client, freelancer] = [caller('client'), caller('freelancer')];
    const { contract } = await fundedContract(api(0), settings.webhookSecret, client, freelancer, 300_000);
    const key = `refund-${contract._id}`;
    const path = `/api/admin/escrow/refund-client/${contract._id}/${client.id}`;
    stripe.failRefunds = true;
    try {
      const failed = await send(api(0), 'PUT', path, { as: client, key, json: {} });
      expect(failed.status).toBe(502);
      expect(failed.body.code).toBe('PAYMENT.GATEWAY_FAILED');
    } finally {
      stripe.failRefunds = false;
    }
    const retried = await send(api(1), 'PUT', path, { as: client, key, json: {} });
    expect(retried.status).toBe(200);
    expect(retried.headers.get('idempotent-replayed')).toBeNull();
    expect(retried.body.data).toMatchObject({ status: 'refunded' });
    const again = await send(api(0), 'PUT', path, { as: client, key, json: {} });
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body).toEqual(retried.body);
  });
});

describe('GET /api/events across two API processes', () => {
  function eventsUrl(index: number): string {
    return `${api(index).baseUrl}/api/events`;
  }

  function typesOf(messages: readonly StreamMessage[]): string[] {
    return messages.map((message) => (JSON.parse(message.data) as { type: string }).type);
  }

  it('streams what happens to the caller’s contracts, done on the other process; Last-Event-ID resumes on either', async () => {
    const [client, freelancer, admin, stranger] = [caller('client'), caller('freelancer'), caller('admin'), caller('client')];
    const stream = await openEventStream(eventsUrl(0), { authorization: `Bearer ${client.token}` });
    const strangers = await openEventStream(eventsUrl(0), { authorization: `Bearer ${stranger.token}` });
    expect(stream.status).toBe(200);
    expect(stream.headers.get('content-type')).toMatch(/^text\/event-stream/);

    const { contract } = await fundedContract(api(1), settings.webhookSecret, client, freelancer, 300_000);
    await advanceWork(api(1), freelancer, contract._id, 'Completed');
    await requestRelease(api(1), client, contract._id);
    expectStatus(await api(1).put(`/api/admin/escrow/release-fund/${contract._id}`, { as: admin }), 200, 'release');

    const seen = await stream.waitFor((messages) => typesOf(messages).includes('EscrowSettled'));
    const types = typesOf(seen);
    for (const type of ['ContractCreated', 'ContractFunded', 'StatusChanged', 'ReviewStarted', 'ReleaseRequested', 'EscrowResolved']) {
      expect(types).toContain(type);
    }
    const first = JSON.parse(seen[0]!.data) as { contractId: string; id: string };
    expect(first.contractId).toBe(contract._id);
    expect(seen.every((message) => message.id !== null && (JSON.parse(message.data) as { id: string }).id === message.id)).toBe(true);
    const ids = seen.map((message) => message.id ?? '');
    expect([...ids].sort()).toEqual(ids);
    stream.close();
    // Someone else's contract is not in another client's stream.
    expect(strangers.messages).toEqual([]);
    strangers.close();

    // Resumed on the other process after the third event: exactly the rest, in order.
    const resumed = await openEventStream(eventsUrl(1), { authorization: `Bearer ${client.token}`, 'last-event-id': ids[2]! });
    const rest = await resumed.waitFor((messages) => messages.length >= ids.length - 3);
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(resumed.messages.map((message) => message.id)).toEqual(ids.slice(3));
    expect(rest.length).toBe(ids.length - 3);
    resumed.close();
  });

  it('takes the token as ?access_token= (EventSource sends no header); 401 without one; 429 past the streams one user may hold', async () => {
    const client = caller('client');
    expect((await fetch(eventsUrl(0))).status).toBe(401);
    const streams = [
      await openEventStream(`${eventsUrl(0)}?access_token=${client.token}`, {}),
      await openEventStream(eventsUrl(0), { authorization: `Bearer ${client.token}` }),
    ];
    expect(streams.map((stream) => stream.status)).toEqual([200, 200]);
    const third = await openEventStream(eventsUrl(0), { authorization: `Bearer ${client.token}` });
    expect(third.status).toBe(429);
    third.close();
    // The bound is per process: another process takes one more.
    const elsewhere = await openEventStream(eventsUrl(1), { authorization: `Bearer ${client.token}` });
    expect(elsewhere.status).toBe(200);
    for (const stream of [...streams, elsewhere]) stream.close();
  });
});

/** Limits count in fixed windows (RATE_LIMIT_WINDOW_SECONDS = 60 here): requests straddling a window's end count in two, so a test waits out the last seconds of one. */
async function clearOfWindowEnd(): Promise<void> {
  const untilNext = 60_000 - (Date.now() % 60_000);
  if (untilNext < 5_000) await new Promise((resolve) => setTimeout(resolve, untilNext + 50));
}

describe('rate limits across two API processes', () => {
  let limited: RunningApi[] = [];

  beforeAll(async () => {
    const env = { ...settings.env, RATE_LIMIT_USER_POINTS: '10', RATE_LIMIT_ANONYMOUS_POINTS: '5', RATE_LIMIT_WINDOW_SECONDS: '60' };
    limited = [await startApi(env), await startApi({ ...env, TRUST_PROXY: '1' })];
  });
  afterAll(async () => {
    await Promise.all(limited.map((server) => server.stop()));
  });

  async function get(index: number, path: string, headers: Record<string, string> = {}) {
    return fetch(`${limited[index % 2]!.url}${path}`, { headers });
  }

  it('counts a user’s requests on both processes together: the 11th is 429 with Retry-After and RateLimit headers', async () => {
    await clearOfWindowEnd();
    const freelancer = caller('freelancer');
    const auth = { authorization: `Bearer ${freelancer.token}` };
    const path = `/api/freelancer/wallet/earnings/${freelancer.id}`;
    const statuses: number[] = [];
    for (let sent = 0; sent < 10; sent += 1) {
      const response = await get(sent, path, auth);
      statuses.push(response.status);
      expect(response.headers.get('ratelimit-limit')).toBe('10');
      expect(response.headers.get('ratelimit-remaining')).toBe(String(9 - sent));
    }
    expect(statuses).toEqual(Array(10).fill(200));
    const refused = await get(10, path, auth);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(refused.headers.get('ratelimit-remaining')).toBe('0');
    expect(await refused.json()).toMatchObject({ code: 'RATE_LIMITED' });
    // Another user is counted apart; health probes are not counted.
    const other = caller('freelancer');
    expect((await get(0, `/api/freelancer/wallet/earnings/${other.id}`, { authorization: `Bearer ${other.token}` })).status).toBe(200);
    expect((await get(0, '/healthz', auth)).status).toBe(200);
  });

  it('a burst of one user at both processes at once: exactly the limit passes (slots claimed by insert)', async () => {
    await clearOfWindowEnd();
    const freelancer = caller('freelancer');
    const auth = { authorization: `Bearer ${freelancer.token}` };
    const responses = await Promise.all(
      Array.from({ length: 30 }, (_, index) => get(index, `/api/freelancer/wallet/earnings/${freelancer.id}`, auth)),
    );
    expect(responses.map((response) => response.status).sort()).toEqual([...Array(10).fill(200), ...Array(20).fill(429)]);
    expect((await get(0, `/api/freelancer/wallet/earnings/${freelancer.id}`, auth)).status).toBe(429);
  });

  it('counts anonymous requests per address: X-Forwarded-For only where TRUST_PROXY names a proxy', async () => {
    const path = '/api/client/job/job-details/64f1a2b3c4d5e6f7a8b9c0d4';
    // Behind the trusted proxy (process 2), each forwarded address has its own count.
    for (let sent = 0; sent < 5; sent += 1) expect((await get(1, path, { 'x-forwarded-for': '203.0.113.7' })).status).toBe(404);
    expect((await get(1, path, { 'x-forwarded-for': '203.0.113.7' })).status).toBe(429);
    expect((await get(1, path, { 'x-forwarded-for': '203.0.113.8' })).status).toBe(404);
    // Without TRUST_PROXY (process 1) the header is ignored: every request is the socket's address.
    const spoofed = [];
    for (let sent = 0; sent < 6; sent += 1) spoofed.push((await get(0, path, { 'x-forwarded-for': `198.51.100.${sent}` })).status);
    expect(spoofed.slice(0, 5)).toEqual(Array(5).fill(404));
    expect(spoofed[5]).toBe(429);
  });

  it('does not count Stripe’s webhook deliveries', async () => {
    const statuses = [];
    for (let sent = 0; sent < 8; sent += 1) {
      statuses.push((await fetch(`${limited[0]!.url}/webhook`, { method: 'POST', body: '{}' })).status);
    }
    expect(statuses).toEqual(Array(8).fill(400));
  });
});

describe('pages over the compiled API', () => {
  it('a client reads its contracts a page at a time while the other process creates more', async () => {
    const client = caller('client');
    const freelancer = caller('freelancer');
    for (let made = 0; made < 3; made += 1) {
      const jobId = await postJob(api(made), client, 1000);
      const created = await api(made).post(`/api/client/create-contract/${jobId}`, {
        as: client,
        json: { freelancerId: freelancer.id, amount: 1000 },
      });
      expectStatus(created, 201, 'create-contract');
    }
    const first = expectStatus<{ count: number; data: { _id: string }[]; nextCursor: string | null }>(
      await api(0).get(`/api/client/get-contracts/${client.id}?limit=2`),
      200,
      'first page',
    );
    expect(first.count).toBe(2);
    const jobId = await postJob(api(1), client, 1000);
    expectStatus(
      await api(1).post(`/api/client/create-contract/${jobId}`, { as: client, json: { freelancerId: freelancer.id, amount: 1000 } }),
      201,
      'create-contract',
    );
    const second = expectStatus<{ count: number; data: { _id: string }[]; nextCursor: string | null }>(
      await api(1).get(`/api/client/get-contracts/${client.id}?limit=2&cursor=${first.nextCursor ?? ''}`),
      200,
      'second page',
    );
    expect(second).toMatchObject({ count: 1, nextCursor: null });
    expect(first.data.map((contract) => contract._id)).not.toContain(second.data[0]?._id);
  });
});

describe('the books', () => {
  // Bounded by the wait for the repair pass inside (90 s).
  it('are left clean, as the audit command finds them', async () => {
    await expectCleanAudit(databaseUri);
  }, 120_000);
});
