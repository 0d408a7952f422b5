import { pino } from 'pino';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { openEventStream } from '../../test/support/event-stream-reader.ts';
import { freshId } from '../testing/integration-api.ts';
import { request, startTestServer, type TestServer } from '../testing/test-server.ts';
import { MemoryIdempotencyStore } from './idempotency/memory-idempotency-store.ts';

/** Idempotency keys, rate limits and event streams on the embedded default: in this process's memory. */
let server: TestServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

const JOB = { title: 'Logo', description: 'A logo', rate: 1500 };

describe('Idempotency-Key on the embedded default', () => {
  it('replays the first answer, refuses the key for another request (422), and a key empty or longer than 255 characters (400)', async () => {
    server = await startTestServer();
    const token = server.token('client', freshId());
    const post = (key: string, json: unknown) =>
      request(server!.url, 'POST', '/api/client/job/create-job', { token, json, headers: { 'idempotency-key': key } });
    const first = await post('key-1', JOB);
    expect(first.status).toBe(201);
    const again = await post('key-1', JOB);
    expect(again.body).toEqual(first.body);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect((await post('key-1', { ...JOB, rate: 1600 })).body.code).toBe('IDEMPOTENCY.KEY_REUSED');
    const bad = await post('x'.repeat(256), JOB);
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('IDEMPOTENCY.INVALID_KEY');
    // Sent empty (an unset variable in the client) is refused too, rather than run without a key.
    for (const empty of ['', '   '])
      expect(await post(empty, JOB)).toMatchObject({ status: 400, body: { code: 'IDEMPOTENCY.INVALID_KEY' } });
    // An invalid request (400) is not kept, as Stripe keeps none: the corrected one runs under the same key.
    const refused = await post('key-2', { title: '' });
    expect(refused).toMatchObject({ status: 400, body: { code: 'VALIDATION.INVALID_REQUEST' } });
    const corrected = await post('key-2', JOB);
    expect(corrected.status).toBe(201);
    expect(corrected.headers.get('idempotent-replayed')).toBeNull();
    expect((await post('key-2', JOB)).body).toEqual(corrected.body);
    // A refusal of the request as it is (409, 403, 404) is kept: running it again would refuse it again.
    const otherClient = server.token('client', freshId());
    const jobId = (first.body as { job: { _id: string } }).job._id;
    const freelancerId = freshId();
    const foreign = () =>
      request(server!.url, 'POST', `/api/client/job/payment/${jobId}`, {
        token: otherClient,
        json: { title: 'Logo', rate: 1500, freelancerId },
        headers: { 'idempotency-key': 'key-3' },
      });
    const refusedForeign = await foreign();
    expect(refusedForeign).toMatchObject({ status: 403, body: { code: 'JOB.NOT_YOURS' } });
    const refusedAgain = await foreign();
    expect(refusedAgain.headers.get('idempotent-replayed')).toBe('true');
    expect(refusedAgain.body).toEqual(refusedForeign.body);
  });

  it('a claim whose request failed is claimed again, and told it retries; one that runs is not', async () => {
    const store = new MemoryIdempotencyStore();
    const now = Date.now();
    const record = {
      claimId: 'a',
      fingerprint: 'f',
      answer: null,
      lockedUntil: new Date(now + 60_000),
      expiresAt: new Date(now + 86_400_000),
      failed: false,
    };
    await expect(store.claim('u:k', record)).resolves.toEqual({ outcome: 'claimed', afterFailure: false });
    await expect(store.claim('u:k', { ...record, claimId: 'b' })).resolves.toMatchObject({ outcome: 'taken' });
    await store.release('u:k', 'a');
    await expect(store.claim('u:k', { ...record, claimId: 'c' })).resolves.toEqual({ outcome: 'claimed', afterFailure: true });
    await store.complete('u:k', 'c', { status: 200, body: '{}' }, record.expiresAt);
    await expect(store.claim('u:k', { ...record, claimId: 'd' })).resolves.toMatchObject({
      outcome: 'taken',
      existing: { answer: { status: 200 } },
    });
  });
});

describe('rate limits on the embedded default', () => {
  it('answers 429 with Retry-After past the limit of a user; another user and /healthz are not affected', async () => {
    server = await startTestServer({ RATE_LIMIT_USER_POINTS: '3', RATE_LIMIT_ANONYMOUS_POINTS: '2' });
    const userId = freshId();
    const token = server.token('freelancer', userId);
    const path = `/api/freelancer/wallet/earnings/${userId}`;
    const statuses = [];
    for (let sent = 0; sent < 4; sent += 1) statuses.push((await request(server.url, 'GET', path, { token })).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
    const refused = await request(server.url, 'GET', path, { token });
    expect(refused.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(refused.headers.get('ratelimit-limit')).toBe('3');
    const other = freshId();
    expect(
      (await request(server.url, 'GET', `/api/freelancer/wallet/earnings/${other}`, { token: server.token('freelancer', other) })).status,
    ).toBe(200);
    for (let sent = 0; sent < 3; sent += 1) expect((await request(server.url, 'GET', '/healthz')).status).toBe(200);
  });
});

describe('GET /api/events on the embedded default', () => {
  it('a stream the client closes is logged as a request that finished, closed by the client, and no error', async () => {
    const lines: Record<string, unknown>[] = [];
    const logger = pino({ level: 'debug' }, { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) });
    server = await startTestServer({}, { logger });
    const token = server.token('client', freshId());
    const stream = await openEventStream(`${server.url}/api/events`, { authorization: `Bearer ${token}` });
    expect(stream.status).toBe(200);
    stream.close();
    await vi.waitFor(() =>
      expect(lines.find((line) => line['path'] === '/api/events' && line['msg'] === 'request finished')).toBeDefined(),
    );
    expect(lines.find((line) => line['path'] === '/api/events' && line['msg'] === 'request finished')).toMatchObject({
      status: 200,
      closedByClient: true,
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(lines.filter((line) => (line['level'] as number) >= 50)).toEqual([]);
  });

  it('streams the caller’s contract events and resumes after a Last-Event-ID', async () => {
    server = await startTestServer({ EVENTS_POLL_MS: '100' });
    const clientId = freshId();
    const token = server.token('client', clientId);
    const stream = await openEventStream(`${server.url}/api/events`, { authorization: `Bearer ${token}` });
    const job = await request(server.url, 'POST', '/api/client/job/create-job', { token, json: JOB });
    const freelancerId = freshId();
    for (let made = 0; made < 2; made += 1) {
      const jobId =
        made === 0
          ? job.body.job._id
          : (await request(server.url, 'POST', '/api/client/job/create-job', { token, json: JOB })).body.job._id;
      const created = await request(server.url, 'POST', `/api/client/create-contract/${jobId}`, {
        token,
        json: { freelancerId, amount: 1500 },
      });
      expect(created.status).toBe(201);
    }
    const seen = await stream.waitFor((messages) => messages.length >= 2, 5_000);
    expect(seen.map((message) => (JSON.parse(message.data) as { type: string }).type)).toEqual(['ContractCreated', 'ContractCreated']);
    stream.close();
    const resumed = await openEventStream(`${server.url}/api/events`, {
      authorization: `Bearer ${token}`,
      'last-event-id': seen[0]?.id ?? '',
    });
    const rest = await resumed.waitFor((messages) => messages.length >= 1, 5_000);
    expect(rest.map((message) => message.id)).toEqual([seen[1]?.id]);
    resumed.close();

    // An id past the feed's head (as after the embedded default restarted): a reset, with the head
    // as the next Last-Event-ID; resuming from that head is quiet.
    const unknown = await openEventStream(`${server.url}/api/events`, {
      authorization: `Bearer ${token}`,
      'last-event-id': '000000000999',
    });
    const [reset] = await unknown.waitFor((messages) => messages.length >= 1, 5_000);
    unknown.close();
    expect(reset).toEqual({ event: 'reset', id: seen[1]?.id, data: '{}' });
    const fromHead = await openEventStream(`${server.url}/api/events`, {
      authorization: `Bearer ${token}`,
      'last-event-id': reset?.id ?? '',
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    fromHead.close();
    expect(fromHead.messages).toEqual([]);
  });
});
