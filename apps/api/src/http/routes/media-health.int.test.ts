import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshId, startIntegrationApi, type IntegrationApi } from '../../testing/integration-api.ts';
import { minimalMp4, multipartFile, tinyPng } from '../../testing/media-samples.ts';
import { request } from '../../testing/test-server.ts';

/** Media upload, health, readiness and the OpenAPI document, on the integration composition over real HTTP. */
let api: IntegrationApi;
let token: string;

beforeAll(async () => {
  api = await startIntegrationApi('media', { MEDIA_IMAGE_BYTES_MAX: '4096', MEDIA_VIDEO_BYTES_MAX: '8192' });
  token = api.token('client', freshId());
});
afterAll(() => api.close());

describe('POST /api/media/upload', () => {
  const upload = (form: FormData) => request(api.url, 'POST', '/api/media/upload', { token, body: form });

  it('an image (PNG bytes) → { mediaUrl, mediaType: image }', async () => {
    const response = await upload(multipartFile('media', 'screenshot.png', 'image/png', tinyPng()));
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ mediaUrl: expect.stringMatching(/\.png$/), mediaType: 'image' });
  });

  it('a video (MP4 bytes) declared as an image → { mediaType: video }: the bytes decide', async () => {
    const response = await upload(multipartFile('media', 'clip.png', 'image/png', minimalMp4()));
    expect(response.body).toEqual({ mediaUrl: expect.stringMatching(/\.mp4$/), mediaType: 'video' });
  });

  it('text declared as image/png → 400', async () => {
    const response = await upload(multipartFile('media', 'evil.png', 'image/png', Buffer.from('<script>alert(1)</script>')));
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('MEDIA.UNSUPPORTED_TYPE');
  });

  it('an oversized file → 413', async () => {
    const response = await upload(multipartFile('media', 'big.png', 'image/png', Buffer.concat([tinyPng(), Buffer.alloc(6000)])));
    expect(response.status).toBe(413);
  });

  it('no media field → 400; not multipart → 415; no token → 401', async () => {
    expect((await upload(multipartFile('attachment', 'a.png', 'image/png', tinyPng()))).status).toBe(400);
    expect(
      (await request(api.url, 'POST', '/api/media/upload', { token, body: 'x', headers: { 'content-type': 'text/plain' } })).status,
    ).toBe(415);
    const anonymous = await request(api.url, 'POST', '/api/media/upload', {
      body: multipartFile('media', 'a.png', 'image/png', tinyPng()),
    });
    expect(anonymous.status).toBe(401);
  });
});

describe('operations endpoints', () => {
  it('GET /healthz → 200 { status: ok }', async () => {
    expect(await request(api.url, 'GET', '/healthz')).toMatchObject({ status: 200, body: { status: 'ok' } });
  });

  it('GET /readyz → 200 while MongoDB answers', async () => {
    expect(await request(api.url, 'GET', '/readyz')).toMatchObject({ status: 200, body: { status: 'ready', database: 'mongo' } });
  });

  it('GET /openapi.json → an OpenAPI 3.1 document naming every endpoint', async () => {
    const response = await request(api.url, 'GET', '/openapi.json');
    expect(response.body.openapi).toBe('3.1.0');
    const operations = Object.entries(response.body.paths as Record<string, Record<string, unknown>>).flatMap(([path, methods]) =>
      Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect(operations.sort()).toEqual(
      [
        'POST /api/client/job/payment/{jobId}',
        'POST /webhook',
        'POST /api/client/review/rate-freelancer/{clientId}',
        'GET /api/client/review/show-reviews/{freelancerId}',
        'PUT /api/admin/escrow/release-fund/{contractId}',
        'PUT /api/admin/escrow/refund-client/{contractId}/{clientId}',
        'PUT /api/admin/escrow/refund-retry/{contractId}',
        'PUT /api/admin/escrow/refund-settled/{contractId}',
        'PUT /api/admin/escrows/{escrowId}/refund-retry',
        'PUT /api/admin/escrows/{escrowId}/refund-settled',
        'POST /api/media/upload',
        'POST /api/client/create-contract/{jobId}',
        'DELETE /api/client/cancel-contract/{contractId}',
        'GET /api/client/is-created/{jobId}/{clientId}',
        'GET /api/client/get-contracts/{clientId}',
        'GET /api/client/all-contracts',
        'PATCH /api/client/release-fund/{contractId}',
        'POST /api/freelancer/contract/approve-contract/{contractId}/{freelancerId}',
        'GET /api/freelancer/contract/get-contracts/{freelancerId}',
        'GET /api/freelancer/contract/view-contract/{contractId}',
        'PUT /api/freelancer/contract/update-status/{contractId}',
        'GET /api/freelancer/contract/completed-works/{freelancerId}',
        'POST /api/client/job/create-job',
        'GET /api/client/job/job-details/{id}',
        'GET /api/freelancer/wallet/earnings/{userId}',
        'POST /api/freelancer/payouts/account',
        'GET /api/freelancer/payouts/account',
        'POST /api/freelancer/wallet/withdraw',
        'GET /api/freelancer/wallet/withdrawals',
        'PATCH /api/admin/users/{userId}',
        'GET /healthz',
        'GET /readyz',
        'GET /openapi.json',
        'POST /api/contracts/{contractId}/dispute',
        'GET /api/contracts/{contractId}/dispute',
        'DELETE /api/contracts/{contractId}/dispute',
        'POST /api/contracts/{contractId}/dispute/statements',
        'PUT /api/admin/disputes/{contractId}/resolve',
        'GET /api/admin/disputes',
        'PATCH /api/client/request-changes/{contractId}',
        'GET /api/contracts/{contractId}/history',
        'GET /api/client/payments',
        'GET /api/admin/queue/{queue}',
        'GET /api/admin/audit',
        'GET /api/admin/contracts/{contractId}',
        'GET /api/admin/contracts/{contractId}/preview/{action}',
        'GET /api/admin/reconciliation',
        'GET /api/events',
      ].sort(),
    );
    for (const schema of [
      'Contract',
      'Escrow',
      'Dispute',
      'DisputedEscrow',
      'EscrowResolution',
      'HistoryEntry',
      'QueuePage',
      'ContractCase',
      'Withdrawal',
      'PayoutAccount',
      'Reconciliation',
    ]) {
      expect(response.body.components.schemas).toHaveProperty(schema);
    }
  });

  it('GET /openapi.json → each new operation with its roles and every error it may answer', async () => {
    const { paths } = (await request(api.url, 'GET', '/openapi.json')).body as {
      paths: Record<string, Record<string, { 'x-roles': string[]; requestBody?: unknown; responses: Record<string, unknown> }>>;
    };
    const described = (method: string, path: string) => {
      const operation = paths[path]?.[method];
      expect(operation, `${method} ${path}`).toBeDefined();
      return {
        roles: operation!['x-roles'],
        body: operation!.requestBody !== undefined,
        statuses: Object.keys(operation!.responses).sort(),
      };
    };
    expect({
      open: described('post', '/api/contracts/{contractId}/dispute'),
      read: described('get', '/api/contracts/{contractId}/dispute'),
      withdraw: described('delete', '/api/contracts/{contractId}/dispute'),
      statement: described('post', '/api/contracts/{contractId}/dispute/statements'),
      resolve: described('put', '/api/admin/disputes/{contractId}/resolve'),
      list: described('get', '/api/admin/disputes'),
      changes: described('patch', '/api/client/request-changes/{contractId}'),
      history: described('get', '/api/contracts/{contractId}/history'),
      payments: described('get', '/api/client/payments'),
      reconciliation: described('get', '/api/admin/reconciliation'),
    }).toEqual({
      open: {
        roles: ['client', 'freelancer'],
        body: true,
        statuses: ['201', '400', '401', '403', '404', '409', '413', '415', '422', '429', '500', '503'],
      },
      read: { roles: ['client', 'freelancer', 'admin'], body: false, statuses: ['200', '400', '401', '403', '404', '429', '500', '503'] },
      withdraw: {
        roles: ['client', 'freelancer'],
        body: false,
        statuses: ['200', '400', '401', '403', '404', '409', '422', '429', '500', '503'],
      },
      statement: {
        roles: ['client', 'freelancer'],
        body: true,
        statuses: ['201', '400', '401', '403', '404', '409', '413', '415', '422', '429', '500', '503'],
      },
      resolve: {
        roles: ['admin'],
        body: true,
        statuses: ['200', '400', '401', '403', '404', '409', '413', '415', '422', '429', '500', '502', '503'],
      },
      list: { roles: ['admin'], body: false, statuses: ['200', '400', '401', '403', '429', '500', '503'] },
      changes: {
        roles: ['client'],
        body: true,
        statuses: ['200', '400', '401', '403', '404', '409', '413', '415', '422', '429', '500', '503'],
      },
      history: {
        roles: ['client', 'freelancer', 'admin'],
        body: false,
        statuses: ['200', '400', '401', '403', '404', '429', '500', '503'],
      },
      payments: { roles: ['client'], body: false, statuses: ['200', '400', '401', '403', '429', '500', '503'] },
      reconciliation: { roles: ['admin'], body: false, statuses: ['200', '400', '401', '403', '429', '500', '502', '503'] },
    });
    const listParameters = (paths['/api/admin/disputes']!['get'] as unknown as { parameters: unknown[] }).parameters;
    expect(listParameters).toEqual([
      expect.objectContaining({ in: 'query', name: 'limit', required: false }),
      expect.objectContaining({ in: 'query', name: 'cursor', required: false }),
      expect.objectContaining({
        in: 'query',
        name: 'status',
        required: false,
        schema: expect.objectContaining({ enum: ['open', 'withdrawn', 'resolved'] }),
      }),
    ]);
  });

  it('GET /readyz → 503 once the database is gone', async () => {
    const doomed = await startIntegrationApi('readyz');
    try {
      await doomed.parts.database.close();
      const response = await request(doomed.url, 'GET', '/readyz');
      expect(response.status).toBe(503);
      expect(response.body.code).toBe('NOT_READY');
    } finally {
      await doomed.close();
    }
  });
});
