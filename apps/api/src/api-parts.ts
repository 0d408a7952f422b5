import type { Logger } from 'pino';
import type { Marketplace, UserDirectory } from '@skillhouse/domain';
import type { StripeWebhookReader } from '@skillhouse/payments-stripe';
import type { Database } from './composition/database.ts';
import type { AppConfig } from './config/config.ts';
import type { LocalDiskMediaStorage } from './embedded/local-disk-media-storage.ts';
import type { LocalPaymentGateway } from './embedded/local-payment-gateway.ts';
import type { ApiMetrics } from './metrics/api-metrics.ts';
import type { RecoveryStatus } from './recovery/recovery-status.ts';
import type { EventHub } from './events/event-hub.ts';
import type { IdempotencyStore } from './http/idempotency/idempotency-store.ts';
import type { RateLimiters } from './http/rate-limits.ts';
import type { SetUserAccess } from './users/user-access.ts';

/**
 * The values the API runs on, built by the composition root (`composition/container.ts`): the HTTP
 * app and the server take these and never see how they were made.
 */
export interface ApiParts {
  readonly config: AppConfig;
  readonly logger: Logger;
  readonly database: Database;
  readonly marketplace: Marketplace;
  /** The directory authentication reads callers from (and the demo users are seeded into). */
  readonly users: UserDirectory;
  readonly userAccess: SetUserAccess;
  readonly webhookReader: StripeWebhookReader;
  /** What /metrics exposes; the marketplace's ports count money movements into it. */
  readonly metrics: ApiMetrics;
  /** What this process's recovery passes saw (backlog, stuck operations), for a metric to read. */
  readonly recoveryStatus: RecoveryStatus;
  /** Present only when payments run embedded: the sessions the checkout page shows. */
  readonly localCheckout?: LocalPaymentGateway;
  /** Present only when media runs embedded: the files GET /media/:name serves. */
  readonly localMedia?: LocalDiskMediaStorage;
  /** What a browser frontend relies on: idempotency keys, rate limits, the live event streams. */
  readonly clientSupport: ClientSupport;
}

export interface ClientSupport {
  readonly idempotency: IdempotencyStore;
  readonly rateLimiters: RateLimiters;
  /** Closed at shutdown, which ends the open streams. */
  readonly eventHub: EventHub;
}
