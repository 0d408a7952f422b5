import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import type { ApiParts } from './api-parts.ts';
import { EMBEDDED_PART_SETTINGS, type AppConfig } from './config/config.ts';
import type { Database } from './composition/database.ts';
import { demoTokens, seedDemoUsers } from './embedded/demo-users.ts';
import { createApp } from './http/app.ts';
import { createHttpServer } from './http/edge/http-server.ts';
import { createMetricsServer } from './metrics/metrics-endpoint.ts';
import type { PeriodicTask } from './recovery/periodic-task.ts';
import { scheduleReviewTimer } from './recovery/review-timer.ts';
import { scheduleRecovery } from './recovery/recovery-schedule.ts';

/** How long shutdown waits for requests in flight before cutting their connections. */
export const SHUTDOWN_DRAIN_MS = 10_000;

export interface RunningServer {
  readonly url: string;
  readonly server: Server;
  /** Stops accepting, drains requests in flight (bounded), stops recovery and closes the database. */
  stop(): Promise<void>;
}

function listen(server: Server, port: number): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, () => {
      server.off('error', reject);
      resolve(server.address() as AddressInfo);
    });
  });
}

function announceEmbedded(config: AppConfig, logger: Logger, url: string): void {
  if (config.embeddedParts.length === 0) return;
  logger.warn(
    { url, embedded: config.embeddedParts, toConfigure: config.embeddedParts.map((part) => EMBEDDED_PART_SETTINGS[part]) },
    `running on the embedded default for: ${config.embeddedParts.join(', ')} (data is lost on exit; not for production)`,
  );
  if (!config.embeddedParts.includes('identity')) return;
  // The secret was generated for this process only, so these tokens open nothing else.
  for (const [role, { id, token }] of Object.entries(demoTokens(config.jwtSecret))) {
    logger.info({ role, userId: id, demoToken: token }, `demo ${role} token (valid 24h)`);
  }
}

/**
 * Starts the API: seeds the demo users when identity is embedded, listens, then starts recovery
 * (its first run, over the start-up window, begins once the server answers) and the review timer.
 */
export async function startServer(parts: ApiParts): Promise<RunningServer> {
  const { config, logger, marketplace, database } = parts;

  if (config.embeddedParts.includes('identity')) await seedDemoUsers(parts.users);

  const handle = createApp(parts).callback();
  // Koa's handler answers every error itself: the promise it returns never rejects.
  const server = createHttpServer((request, response) => void handle(request, response), config.edge);
  let stopping = false;
  server.on('request', (_request, response) => {
    if (stopping) response.setHeader('connection', 'close');
  });
  const address = await listen(server, config.port);
  const url = `http://localhost:${address.port}`;
  const recovery = scheduleRecovery(
    marketplace,
    logger,
    {
      intervalMs: config.recoveryIntervalMs,
      graceMs: config.recoveryGraceMs,
      firstRetryDelayMs: config.recoveryRetryDelayMs,
      stuckAfterAttempts: config.recoveryStuckAttempts,
    },
    parts.recoveryStatus,
    (report) => parts.metrics.recordRecovery(report),
  );
  const reviewTimer = scheduleReviewTimer(marketplace, logger, config.reviewTimerIntervalMs, (report) =>
    parts.metrics.recordReviewTimer(report),
  );
  const metricsServer = await listenForMetrics(parts, logger);
  logger.info({ url, database: database.kind, payments: config.payments.kind, media: config.media.kind }, 'listening');
  announceEmbedded(config, logger, url);

  let stopped: Promise<void> | null = null;
  return {
    url,
    server,
    stop: () =>
      (stopped ??= drainAndClose({
        server,
        timers: [recovery, reviewTimer],
        database,
        logger,
        markStopping: () => {
          stopping = true;
          // The live event streams would hold the drain open until it is cut off: they end now, and EventSource reconnects elsewhere.
          void parts.clientSupport.eventHub.close();
        },
        metricsServer,
      })),
  };
}

/** The metrics' own server when METRICS_PORT is set (its port is only reached by the scraper's network). */
async function listenForMetrics({ config, metrics }: ApiParts, logger: Logger): Promise<Server | null> {
  const { port, token } = config.edge.metrics;
  if (port === null) return null;
  const server = createMetricsServer(metrics, token);
  await listen(server, port);
  logger.info({ port, token: token === null ? 'none' : 'required' }, 'metrics listening');
  return server;
}

async function drainAndClose(parts: {
  server: Server;
  timers: readonly PeriodicTask[];
  database: Database;
  logger: Logger;
  markStopping: () => void;
  metricsServer: Server | null;
}): Promise<void> {
  const { server, timers, database, logger, metricsServer } = parts;
  metricsServer?.close();
  metricsServer?.closeAllConnections();
  // Responses from now on close their connection, so keep-alive clients do not hold the drain open.
  parts.markStopping();
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  const cutOff = setTimeout(() => server.closeAllConnections(), SHUTDOWN_DRAIN_MS);
  cutOff.unref();
  await closed;
  clearTimeout(cutOff);
  await Promise.all(timers.map((timer) => timer.stop()));
  await database.close();
  logger.info('stopped');
}
