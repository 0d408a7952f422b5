import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import type { Role } from '@skillhouse/domain';
import { frozenPorts } from '@skillhouse/domain-testing';
import type { ApiParts } from '../api-parts.ts';
import { composeApi } from '../composition/container.ts';
import { openPersistence, type PersistencePorts } from '../composition/persistence.ts';
import { loadConfig, type AppConfig } from '../config/config.ts';
import { issueAccessToken } from '../http/access-token.ts';
import { createApp } from '../http/app.ts';
import { createHttpServer } from '../http/edge/http-server.ts';
import type { IdempotencyStore } from '../http/idempotency/idempotency-store.ts';
import { createLogger } from '../logging/logger.ts';

export const TEST_JWT_SECRET = 'test-secret-that-is-long-enough-0123456789';

export interface TestServer {
  readonly url: string;
  readonly config: AppConfig;
  /** What the app runs on: its database, its user directory, … */
  readonly parts: ApiParts;
  /** A token for `id` with `role`, as the identity service would sign it. */
  token(role: Role, id: string, extraClaims?: Record<string, unknown>): string;
  close(): Promise<void>;
}

export interface TestServerOptions {
  /** Logs here instead of the silent default. */
  readonly logger?: Logger;
  /** Replaces persistence ports (e.g. with one that fails on demand) before anything is built on them. */
  readonly adaptPorts?: (ports: PersistencePorts) => PersistencePorts;
  /** Replaces where Idempotency-Key answers are kept (e.g. with one whose claims lapse at once). */
  readonly adaptIdempotency?: (store: IdempotencyStore) => IdempotencyStore;
}

/** The app on a real HTTP server on a free port, built from `env` (JWT_SECRET fixed, logs silent). */
export async function startTestServer(env: Record<string, string> = {}, options: TestServerOptions = {}): Promise<TestServer> {
  // Rate limits are off unless a test sets them: the suites send many requests from one address.
  const config = loadConfig({
    JWT_SECRET: TEST_JWT_SECRET,
    LOG_LEVEL: 'silent',
    PORT: '0',
    RATE_LIMIT_USER_POINTS: '0',
    RATE_LIMIT_ANONYMOUS_POINTS: '0',
    ...env,
  });
  const logger = options.logger ?? createLogger(config.logLevel);
  const persistence = await openPersistence(config.database, logger);
  const adapted = options.adaptPorts?.(persistence.ports) ?? persistence.ports;
  // In memory, every record is frozen where it crosses a port: the in-memory adapters share what
  // they hold, so neither the domain nor the HTTP layer may change one (a change throws).
  const ports = config.database.kind === 'memory' ? frozenPorts(adapted) : adapted;
  const { requestStores } = persistence;
  const idempotency = options.adaptIdempotency?.(requestStores.idempotency) ?? requestStores.idempotency;
  const parts = await composeApi(config, logger, { ...persistence, ports, requestStores: { ...requestStores, idempotency } });
  const handle = createApp(parts).callback();
  // Koa's handler answers every error itself: the promise it returns never rejects.
  const server: Server = createHttpServer((request, response) => void handle(request, response), config.edge);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    config,
    parts,
    token: (role, id, extraClaims = {}) => issueAccessToken({ id, role, ...extraClaims }, config.jwtSecret, 3600),
    close: async () => {
      await parts.clientSupport.eventHub.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await parts.database.close();
    },
  };
}

export interface TestResponse {
  readonly status: number;
  readonly headers: Headers;
  // Tests read whatever the API answered; each asserts the shape it expects.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- see above: the one untyped value tests read
  readonly body: any;
  readonly text: string;
}

export interface RequestOptions {
  readonly token?: string;
  readonly json?: unknown;
  readonly body?: RequestInit['body'];
  readonly headers?: Record<string, string>;
}

/** One HTTP request; the body is parsed as JSON when it is JSON. */
export async function request(baseUrl: string, method: string, path: string, options: RequestOptions = {}): Promise<TestResponse> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token !== undefined) headers['authorization'] = `Bearer ${options.token}`;
  let body = options.body;
  if (options.json !== undefined) {
    headers['content-type'] ??= 'application/json';
    body = JSON.stringify(options.json);
  }
  const response = await fetch(`${baseUrl}${path}`, { method, headers, ...(body === undefined ? {} : { body }) });
  const text = await response.text();
  let parsed: unknown = text;
  if (response.headers.get('content-type')?.includes('application/json')) parsed = JSON.parse(text);
  return { status: response.status, headers: response.headers, body: parsed, text };
}

/** 24-hex-digit ids for test users, distinct per seed. */
export function testId(seed: number): string {
  return seed.toString(16).padStart(24, 'a');
}
