import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signWebhookPayload } from '@skillhouse/payments-stripe';
import {
  checkoutEvent,
  freshId,
  Marketplace,
  startIntegrationApi,
  uniqueSessionId,
  type IntegrationApi,
} from '../../testing/integration-api.ts';
import { multipartFile, tinyPng } from '../../testing/media-samples.ts';
import { request, TEST_JWT_SECRET } from '../../testing/test-server.ts';
import jwt from 'jsonwebtoken';

/**
 * The HTTP edge over real HTTP on FerretDB and stripe-mock: CORS, methods, security headers,
 * malformed and future-dated webhooks with real signatures, the token age, server timeouts, the
 * upload quota and /metrics after traffic.
 */
const FRONTEND = 'http://localhost:5173';
const METRICS_TOKEN = 'metrics-token-for-the-edge-test';
let api: IntegrationApi;
let port: number;

beforeAll(async () => {
  api = await startIntegrationApi('edge', {
    CORS_ORIGINS: FRONTEND,
    METRICS_TOKEN,
    UPLOADS_PER_HOUR: '2',
    UPLOAD_BYTES_PER_HOUR: '4096',
    HTTP_HEADERS_TIMEOUT_MS: '1000',
    HTTP_REQUEST_TIMEOUT_MS: '2000',
  });
  port = Number(new URL(api.url).port);
});
afterAll(() => api.close());

/** Writes `text` on a fresh connection and returns everything the server sent before closing it. */
function raw(text: string, timeoutMs = 10_000): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(text));
    let received = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (received += chunk));
    socket.on('close', () => resolve(received));
    socket.on('error', reject);
    setTimeout(() => {
      socket.destroy();
      reject(new Error(`no close within ${timeoutMs} ms; got ${received}`));
    }, timeoutMs).unref();
  });
}

describe('CORS', () => {
  const preflight = (origin: string) =>
    request(api.url, 'OPTIONS', '/api/client/job/create-job', {
      headers: {
        origin,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization, content-type, idempotency-key',
      },
    });

  it('answers a preflight from a configured origin with the methods and headers allowed', async () => {
    const response = await preflight(FRONTEND);
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe(FRONTEND);
    expect(response.headers.get('access-control-allow-methods')?.split(',')).toEqual(
      expect.arrayContaining(['POST', 'PUT', 'PATCH', 'DELETE']),
    );
    expect(response.headers.get('access-control-allow-headers')?.toLowerCase().split(',')).toEqual(
      expect.arrayContaining(['authorization', 'content-type', 'idempotency-key']),
    );
    expect(response.headers.get('access-control-allow-credentials')).toBeNull();
  });

  it('refuses any other origin by omission: no CORS header at all', async () => {
    for (const origin of ['http://evil.example', 'https://skillhouse.test', 'http://localhost:5174']) {
      const response = await preflight(origin);
      expect(response.headers.get('access-control-allow-origin')).toBeNull();
      expect(response.headers.get('access-control-allow-methods')).toBeNull();
    }
  });

  it('lets a script of the configured origin read an answer and the headers exposed for pages and limits', async () => {
    const response = await request(api.url, 'GET', '/healthz', { headers: { origin: FRONTEND } });
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe(FRONTEND);
    expect(response.headers.get('access-control-expose-headers')?.split(',')).toEqual(
      expect.arrayContaining(['Link', 'Retry-After', 'RateLimit-Remaining', 'X-Request-Id']),
    );
    expect(response.headers.get('vary')).toMatch(/Origin/);
  });

  it('keeps the CORS headers on an error, so the script can read the refusal', async () => {
    const response = await request(api.url, 'POST', '/api/client/job/create-job', { headers: { origin: FRONTEND }, json: {} });
    expect(response.status).toBe(401);
    expect(response.headers.get('access-control-allow-origin')).toBe(FRONTEND);
  });
});

describe('methods', () => {
  it('answers a method no route of a known path takes with 405 and Allow', async () => {
    const response = await request(api.url, 'DELETE', '/healthz');
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('HEAD, GET');
    expect(response.body).toEqual({
      message: 'DELETE is not allowed on /healthz',
      code: 'HTTP.405',
      details: { allowed: ['HEAD', 'GET'] },
    });
  });

  it('answers TRACE with 405 and Allow (it was a 500)', async () => {
    const answer = await raw('TRACE /api/client/job/create-job HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n');
    expect(answer).toMatch(/^HTTP\/1\.1 405 Method Not Allowed\r\n/);
    expect(answer).toMatch(/\r\nAllow: POST\r\n/i);
    expect(answer).toContain('"code":"HTTP.405"');
  });

  it('answers TRACE on an unknown path with 404', async () => {
    const answer = await raw('TRACE /nowhere HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n');
    expect(answer).toMatch(/^HTTP\/1\.1 404 /);
  });

  it('answers a method Node does not know with 501', async () => {
    const answer = await raw('BREW /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n');
    expect(answer).toMatch(/^HTTP\/1\.1 501 Not Implemented\r\n/);
    expect(answer).toContain('"code":"HTTP.501"');
  });
});

describe('security headers', () => {
  it.each([
    ['GET', '/healthz', 200],
    ['GET', '/nowhere', 404],
    ['POST', '/api/client/job/create-job', 401],
  ])('are on every answer (%s %s → %d)', async (method, path, status) => {
    const response = await request(api.url, method, path, method === 'POST' ? { json: {} } : {});
    expect(response.status).toBe(status);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('x-frame-options')).toBe('DENY');
    expect(response.headers.get('content-security-policy')).toMatch(/frame-ancestors 'none'/);
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    expect(response.headers.get('cache-control')).toBe('no-store');
  });

  it('puts no-store on answers with money and personal data', async () => {
    const freelancerId = freshId();
    const response = await request(api.url, 'GET', `/api/freelancer/wallet/earnings/${freelancerId}`, {
      token: api.token('freelancer', freelancerId),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
  });
});

describe('signed but malformed webhooks', () => {
  const deliverRaw = (payload: string, signature = signWebhookPayload(payload, api.webhookSecret)) =>
    request(api.url, 'POST', '/webhook', { body: payload, headers: { 'content-type': 'application/json', 'stripe-signature': signature } });
  const event = checkoutEvent({ sessionId: uniqueSessionId() });

  it.each([
    ['null', 'null'],
    ['not JSON', '{"id":'],
    ['an event without data', JSON.stringify({ ...event, data: undefined })],
    ['data.object: null', JSON.stringify({ ...event, data: { object: null } })],
    ['an event without a type', JSON.stringify({ ...event, type: undefined })],
    ['a session whose amount is text', JSON.stringify({ ...event, data: { object: { ...event.data.object, amount_total: 'lots' } } })],
  ])('%s → 400 WEBHOOK.MALFORMED, never 500', async (_, payload) => {
    const response = await deliverRaw(payload);
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('WEBHOOK.MALFORMED');
  });

  it('refuses a signature dated more than the tolerance in the future (an hour, a year)', async () => {
    const payload = JSON.stringify(checkoutEvent({ sessionId: uniqueSessionId() }));
    for (const ahead of [3600, 365 * 24 * 3600]) {
      const response = await deliverRaw(payload, signWebhookPayload(payload, api.webhookSecret, Math.floor(Date.now() / 1000) + ahead));
      expect(response.status).toBe(400);
      expect(response.body.code).toBe('WEBHOOK.SIGNATURE_INVALID');
    }
  });
});

describe('token lifetime', () => {
  it('refuses a token issued more than JWT_MAX_AGE (24 h) ago, whatever its exp, and takes one issued within it', async () => {
    const freelancerId = freshId();
    const now = Math.floor(Date.now() / 1000);
    const year5000 = Math.floor(Date.UTC(5000, 0, 1) / 1000);
    const earnings = (iat: number) =>
      request(api.url, 'GET', `/api/freelancer/wallet/earnings/${freelancerId}`, {
        token: jwt.sign({ id: freelancerId, role: 'freelancer', iat, exp: year5000 }, TEST_JWT_SECRET),
      });
    const old = await earnings(now - 25 * 3600);
    expect(old.status).toBe(401);
    expect(old.body.code).toBe('AUTH.UNAUTHENTICATED');
    expect((await earnings(now - 23 * 3600)).status).toBe(200);
  });
});

describe('server timeouts', () => {
  it('answers 408 and closes a connection whose headers do not arrive within HTTP_HEADERS_TIMEOUT_MS', async () => {
    const startedAt = Date.now();
    const answer = await raw('GET /healthz HTTP/1.1\r\nHost: localhost\r\n');
    expect(answer).toMatch(/^HTTP\/1\.1 408 Request Timeout\r\n/);
    expect(Date.now() - startedAt).toBeLessThan(5_000);
  });
});

describe('the upload quota', () => {
  const upload = (token: string, bytes: Buffer) =>
    request(api.url, 'POST', '/api/media/upload', { token, body: multipartFile('media', 'shot.png', 'image/png', bytes) });

  it('refuses the upload past UPLOADS_PER_HOUR with 429 and Retry-After, per user', async () => {
    const token = api.token('client', freshId());
    expect((await upload(token, tinyPng())).status).toBe(200);
    expect((await upload(token, tinyPng())).status).toBe(200);
    const refused = await upload(token, tinyPng());
    expect(refused.status).toBe(429);
    expect(refused.body.code).toBe('MEDIA.UPLOAD_QUOTA_EXCEEDED');
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(3500);
    expect((await upload(api.token('freelancer', freshId()), tinyPng())).status).toBe(200);
  });

  it('refuses the upload past UPLOAD_BYTES_PER_HOUR with 429, and a file larger than the whole quota with 413', async () => {
    const token = api.token('client', freshId());
    const padded = Buffer.concat([tinyPng(), Buffer.alloc(3000)]);
    expect((await upload(token, padded)).status).toBe(200);
    const refused = await upload(token, padded);
    expect(refused.status).toBe(429);
    expect(refused.body.code).toBe('MEDIA.UPLOAD_QUOTA_EXCEEDED');
    const tooLarge = await upload(api.token('client', freshId()), Buffer.concat([tinyPng(), Buffer.alloc(5000)]));
    expect(tooLarge.status).toBe(413);
  });

  it('gives back the quota of an upload that was refused for its type', async () => {
    const token = api.token('client', freshId());
    for (let attempt = 0; attempt < 3; attempt += 1) expect((await upload(token, Buffer.from('not an image'))).status).toBe(400);
    expect((await upload(token, tinyPng())).status).toBe(200);
  });
});

describe('/metrics', () => {
  const scrape = (token?: string) => request(api.url, 'GET', '/metrics', token === undefined ? {} : { token });

  it('is refused without the metrics token, or with a user token', async () => {
    expect((await scrape()).status).toBe(401);
    expect((await scrape(api.token('admin', freshId()))).status).toBe(401);
  });

  it('shows requests by route and status, webhook events, money movements, backlogs and event-loop lag after traffic', async () => {
    const marketplace = new Marketplace(api);
    const clientId = freshId();
    const freelancerId = freshId();
    const { contractId } = await marketplace.fundedContract(clientId, freelancerId, 5_000_000);
    await marketplace.advance(contractId, freelancerId, 'Completed');
    await marketplace.release(contractId, clientId);
    await request(api.url, 'GET', '/nowhere');

    const response = await scrape(METRICS_TOKEN);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text: string = response.text;
    expect(text).toMatch(/^skillhouse_http_requests_total\{method="POST",route="\/api\/client\/job\/create-job",status="201"\} [1-9]/m);
    expect(text).toMatch(/^skillhouse_http_requests_total\{method="GET",route="unmatched",status="404"\} [1-9]/m);
    expect(text).toMatch(
      /^skillhouse_http_request_duration_seconds_bucket\{le="\+Inf",method="PUT",route="\/api\/admin\/escrow\/release-fund\/:contractId",status="200"\} 1$/m,
    );
    expect(text).toMatch(/^skillhouse_webhook_events_total\{type="checkout\.session\.completed",outcome="recorded"\} [1-9]/m);
    expect(text).toMatch(/^skillhouse_webhook_events_total\{type="unknown",outcome="refused"\} [1-9]/m);
    expect(text).toMatch(/^skillhouse_money_movements_paise_total\{kind="payment_held"\} [1-9]\d*/m);
    expect(text).toMatch(/^skillhouse_money_movements_paise_total\{kind="freelancer_payout"\} 4500000$/m);
    expect(text).toMatch(/^skillhouse_money_movements_total\{kind="platform_fee"\} [1-9]/m);
    expect(text).toMatch(/^# TYPE skillhouse_recovery_operations gauge$/m);
    expect(text).toMatch(/^# TYPE skillhouse_review_timer_escrows gauge$/m);
    expect(text).toMatch(/^nodejs_eventloop_lag_seconds \d/m);
    const active = /^nodejs_eventloop_active_seconds_total (\S+)$/m.exec(text)?.[1];
    expect(Number(active)).toBeGreaterThan(0);
  });
});
