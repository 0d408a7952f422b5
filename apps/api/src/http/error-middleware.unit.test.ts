import { connect } from 'node:net';
import { Writable } from 'node:stream';
import mongoose from 'mongoose';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  ConflictError,
  ForbiddenError,
  NotFoundError,
  PayloadTooLarge,
  PaymentGatewayError,
  ValidationError,
  type DomainErrorKind,
  type JobRepository,
} from '@skillhouse/domain';
import { createLogger } from '../logging/logger.ts';
import { multipartFile, tinyPng } from '../testing/media-samples.ts';
import { request, startTestServer, testId, type TestResponse, type TestServer } from '../testing/test-server.ts';
import { problemOf, statusOfKind, type ErrorBody } from './error-middleware.ts';
import { RequestInvalid, Unauthenticated } from './http-problem.ts';

describe('the error table', () => {
  it.each<[DomainErrorKind, number]>([
    ['validation', 400],
    ['forbidden', 403],
    ['not_found', 404],
    ['conflict', 409],
    ['too_large', 413],
    ['payment_gateway', 502],
  ])('maps %s to %i', (kind, status) => {
    expect(statusOfKind(kind)).toBe(status);
  });

  it.each<[Error, number, ErrorBody]>([
    [new ValidationError('X.BAD', 'bad', { fields: { a: 'b' } }), 400, { message: 'bad', code: 'X.BAD', details: { fields: { a: 'b' } } }],
    [new ForbiddenError('X.NO', 'no'), 403, { message: 'no', code: 'X.NO' }],
    [new NotFoundError('X.GONE', 'gone'), 404, { message: 'gone', code: 'X.GONE' }],
    [new ConflictError('X.STATE', 'state'), 409, { message: 'state', code: 'X.STATE' }],
    [new PayloadTooLarge('X.BIG', 'big'), 413, { message: 'big', code: 'X.BIG' }],
    [new PaymentGatewayError('down'), 502, { message: 'down', code: 'PAYMENT.GATEWAY_FAILED' }],
    [new Unauthenticated('no token'), 401, { message: 'authentication required: no token', code: 'AUTH.UNAUTHENTICATED' }],
    [
      new RequestInvalid({ rate: 'wrong' }),
      400,
      { message: 'invalid request: rate', code: 'VALIDATION.INVALID_REQUEST', details: { fields: { rate: 'wrong' } } },
    ],
  ])('answers %s with its status, message and code', (error, status, body) => {
    expect(problemOf(error)).toEqual({ status, body });
  });

  it('answers the database out of reach with 503 SERVICE.DATABASE_UNAVAILABLE, never a 500', () => {
    const outage = new mongoose.mongo.MongoNetworkError('connection 7 to 127.0.0.1:27017 closed');
    expect(problemOf(outage)).toEqual({
      status: 503,
      body: { message: 'the database is unavailable; retry after the time in Retry-After', code: 'SERVICE.DATABASE_UNAVAILABLE' },
    });
    expect(problemOf(new mongoose.mongo.MongoServerError({ code: 11000, errmsg: 'duplicate key' })).status).toBe(500);
  });

  it('answers anything unexpected with a bare 500 that says nothing about it', () => {
    const problem = problemOf(new TypeError('cannot read properties of undefined (reading "secret")'));
    expect(problem).toEqual({ status: 500, body: { message: 'Internal Server Error', code: 'INTERNAL' } });
    expect(problemOf('a thrown string')).toEqual(problem);
    expect(problemOf(Object.assign(new Error('server error'), { status: 503, expose: false }))).toEqual(problem);
  });
});

/** Input must never cause a 500: every malformed request is a 4xx naming what is wrong. */
describe('malformed input through the app', () => {
  let api: TestServer;
  let client: string;
  const clientId = testId(1);

  beforeAll(async () => {
    api = await startTestServer();
    client = api.token('client', clientId);
  });
  afterAll(() => api.close());

  const createJob = (body: string, contentType = 'application/json') =>
    request(api.url, 'POST', '/api/client/job/create-job', { token: client, body, headers: { 'content-type': contentType } });

  it('answers malformed JSON with 400', async () => {
    const response = await createJob('{"title": "x",');
    expect(response.status).toBe(400);
    expect(response.body).toEqual({ message: 'the request body must be a well-formed JSON object', code: 'BODY.MALFORMED_JSON' });
  });

  it('answers well-formed JSON with a "__proto__" key with 400 saying so', async () => {
    const response = await createJob('{"title":"a","__proto__":{"x":1}}');
    expect(response).toMatchObject({ status: 400, body: { code: 'BODY.MALFORMED_JSON', message: expect.stringContaining('__proto__') } });
  });

  it.each([['"a string"'], ['42'], ['null'], ['[1,2]']])('answers the JSON body %s with 400', async (body) => {
    expect((await createJob(body)).status).toBe(400);
  });

  it.each([['charset=iso-8859-1'], ['charset=utf-16le'], ['charset=bogus'], ['charset=latin1;'], ['charset="latin1']])(
    'answers a JSON body declared with %s with 415',
    async (parameter) => {
      const response = await createJob(JSON.stringify({ title: 'Café', description: 'D', rate: 5 }), `application/json; ${parameter}`);
      expect(response.status).toBe(415);
      expect(response.body).toEqual({ message: 'the request body must be application/json in UTF-8', code: 'HTTP.UNSUPPORTED_MEDIA_TYPE' });
    },
  );

  it.each([['charset=utf-8'], ['charset=UTF-8'], ['charset=utf8'], ['charset="utf-8"'], ['charset=us-ascii']])(
    'reads a JSON body declared with %s',
    async (parameter) => {
      const response = await createJob(JSON.stringify({ title: 'Cafe', description: 'D', rate: 5 }), `application/json; ${parameter}`);
      expect(response.status).toBe(201);
    },
  );

  it('lists every offending field at once', async () => {
    const response = await createJob(JSON.stringify({ title: ['an', 'array'], description: 7, rate: 'lots' }));
    expect(response.status).toBe(400);
    expect(Object.keys(response.body.details.fields).sort()).toEqual(['description', 'rate', 'title']);
  });

  it.each([
    ['a huge number', 1e300],
    ['a negative amount', -5],
    ['three decimals', 10.123],
    ['more than one charge may hold', 1_000_000],
    ['a numeric string', '500'],
    ['an object', { amount: 5 }],
  ])('answers a rate that is %s with 400', async (_case, rate) => {
    const response = await createJob(JSON.stringify({ title: 'T', description: 'D', rate }));
    expect(response.status).toBe(400);
    expect(response.body.details.fields).toHaveProperty('rate');
  });

  it('answers a bad path id with 400 naming it', async () => {
    const response = await request(api.url, 'GET', '/api/client/job/job-details/not-an-id');
    expect(response.status).toBe(400);
    expect(response.body.details.fields).toEqual({ id: 'must be a 24-character hexadecimal id' });
  });

  it('answers a body that is not JSON with 415', async () => {
    const response = await createJob('title=T&description=D&rate=5', 'application/x-www-form-urlencoded');
    expect(response.status).toBe(415);
    expect(response.body.code).toBe('HTTP.UNSUPPORTED_MEDIA_TYPE');
  });

  it('answers a body over the limit with 413', async () => {
    const response = await createJob(JSON.stringify({ title: 'T', description: 'x'.repeat(200 * 1024), rate: 5 }));
    expect(response.status).toBe(413);
    expect(response.body.code).toBe('BODY.TOO_LARGE');
  });

  /** Each kind of body reader: the JSON parser, the webhook's raw bytes, multipart. None is compressed. */
  const bodyReaders: Record<string, (headers: Record<string, string>) => Promise<TestResponse>> = {
    JSON: (headers) =>
      request(api.url, 'POST', '/api/client/job/create-job', {
        token: client,
        body: JSON.stringify({ title: 'T', description: 'D', rate: 5 }),
        headers: { 'content-type': 'application/json', ...headers },
      }),
    'webhook raw': (headers) =>
      request(api.url, 'POST', '/webhook', {
        body: '{"id":"evt_1"}',
        headers: { 'content-type': 'application/json', 'stripe-signature': 't=1,v1=00', ...headers },
      }),
    multipart: (headers) =>
      request(api.url, 'POST', '/api/media/upload', {
        token: client,
        body: multipartFile('media', 'a.png', 'image/png', tinyPng()),
        headers,
      }),
  };
  const readerKinds = Object.keys(bodyReaders);

  it.each(['gzip', 'br', 'deflate', 'zzz', 'gzip, identity'].flatMap((encoding) => readerKinds.map((kind) => [kind, encoding])))(
    'answers a %s body with Content-Encoding %s with 415',
    async (kind, encoding) => {
      const response = await bodyReaders[kind]!({ 'content-encoding': encoding });
      expect(response.status).toBe(415);
      expect(response.body.code).toBe('HTTP.UNSUPPORTED_ENCODING');
    },
  );

  it.each(['identity', 'IDENTITY', ' Identity '].flatMap((encoding) => readerKinds.map((kind) => [kind, encoding])))(
    'reads a %s body with Content-Encoding %j as any other',
    async (kind, encoding) => {
      const plain = await bodyReaders[kind]!({});
      const identity = await bodyReaders[kind]!({ 'content-encoding': encoding });
      expect(plain.status).toBeLessThan(500);
      expect(identity.status).toBe(plain.status);
    },
  );

  it('answers an unknown route with a JSON 404 and a wrong method with 405', async () => {
    const unknown = await request(api.url, 'GET', '/api/nothing-here');
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('HTTP.ROUTE_NOT_FOUND');
    expect((await request(api.url, 'DELETE', '/healthz')).status).toBe(405);
  });

  it('echoes a caller’s x-request-id, and makes one when there is none', async () => {
    const echoed = await request(api.url, 'GET', '/healthz', { headers: { 'x-request-id': 'trace-123' } });
    expect(echoed.headers.get('x-request-id')).toBe('trace-123');
    const made = await request(api.url, 'GET', '/healthz', { headers: { 'x-request-id': 'bad id\twith tab' } });
    expect(made.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('a request HTTP cannot parse', () => {
  it('is logged without its raw bytes, so the bearer token stays out of the logs', async () => {
    const lines: string[] = [];
    const capture = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString('utf8'));
        done();
      },
    });
    const api = await startTestServer({}, { logger: createLogger('debug', capture) });
    try {
      const token = api.token('client', testId(1));
      const { port } = new URL(api.url);
      for (const path of ['/api/client/job/create-job', '/webhook']) {
        const socket = connect(Number(port), '127.0.0.1');
        socket.on('error', () => undefined);
        socket.resume();
        const closed = new Promise((resolve) => socket.once('close', resolve));
        // One packet, so the parse error's raw bytes hold the headers too.
        socket.write(
          `POST ${path} HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer ${token}\r\n` +
            'Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nnot-a-chunk-size\r\n{}\r\n0\r\n\r\n',
        );
        await closed;
      }
      await vi.waitFor(() => expect(lines.filter((line) => line.includes('HPE_INVALID_CHUNK_SIZE'))).toHaveLength(2));
      const tokenBytes = Array.from(Buffer.from(token)).join(',');
      for (const line of lines) {
        expect(line).not.toContain(token);
        expect(line).not.toContain(tokenBytes);
        // A request the client broke is not our failure.
        expect(JSON.parse(line).level).toBeLessThan(50);
      }
    } finally {
      await api.close();
    }
  });
});

describe('an unexpected failure', () => {
  it('is a 500 without details', async () => {
    const api = await startTestServer(
      {},
      {
        adaptPorts: (ports) => {
          // Every other method stays the adapter's own (through the prototype); only appends fail.
          const failingJobs: JobRepository = Object.assign(Object.create(ports.jobs) as JobRepository, {
            append: async () => {
              throw new Error('connection to 10.0.0.7:27017 reset');
            },
          });
          return { ...ports, jobs: failingJobs };
        },
      },
    );
    try {
      const response = await request(api.url, 'POST', '/api/client/job/create-job', {
        token: api.token('client', testId(1)),
        json: { title: 'T', description: 'D', rate: 5 },
      });
      expect(response.status).toBe(500);
      expect(response.body).toEqual({ message: 'Internal Server Error', code: 'INTERNAL' });
    } finally {
      await api.close();
    }
  });
});
