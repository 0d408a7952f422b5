import { Container, type ServiceIdentifier } from 'inversify';
import type { Logger } from 'pino';
import { createMarketplace } from '@skillhouse/domain';
import { RandomObjectIds, SystemClock } from '@skillhouse/system-clock-and-ids';
import { StripePaymentGateway, StripeWebhookReader } from '@skillhouse/payments-stripe';
import type { ApiParts } from '../api-parts.ts';
import type { AppConfig } from '../config/config.ts';
import { LocalDiskMediaStorage } from '../embedded/local-disk-media-storage.ts';
import { LocalPaymentGateway } from '../embedded/local-payment-gateway.ts';
import { ApiMetrics } from '../metrics/api-metrics.ts';
import { countingMoneyMovements } from '../metrics/counted-money.ts';
import { RecoveryStatus } from '../recovery/recovery-status.ts';
import { EventHub } from '../events/event-hub.ts';
import { createRateLimiters } from '../http/rate-limits.ts';
import { SetUserAccess } from '../users/user-access.ts';
import { openPersistence, type Persistence } from './persistence.ts';
import { TOKENS } from './tokens.ts';

/**
 * The composition root: the ports (in memory and local, or MongoDB, Stripe and Cloudinary, as
 * configured), the marketplace over them, the webhook reader and user access, handed out as
 * plain values. The container stays in here; the domain, the app and the server never see it.
 * `persistence` is opened from the configuration unless given (tests give one to wrap a port).
 */
export async function composeApi(config: AppConfig, logger: Logger, persistence?: Persistence): Promise<ApiParts> {
  const { database, ports, requestStores } = persistence ?? (await openPersistence(config.database, logger));
  const container = new Container({ defaultScope: 'Singleton' });
  const metrics = new ApiMetrics();
  bindPayments(container, config);
  await bindMedia(container, config);
  container.bind(TOKENS.MarketplacePorts).toDynamicValue((context) =>
    countingMoneyMovements(
      {
        ...ports,
        payments: context.get(TOKENS.PaymentGateway),
        media: context.get(TOKENS.MediaStorage),
        clock: new SystemClock(),
        ids: new RandomObjectIds(),
      },
      metrics,
    ),
  );
  container.bind(TOKENS.Marketplace).toDynamicValue((context) => createMarketplace(context.get(TOKENS.MarketplacePorts), config.policy));
  container.bind(TOKENS.WebhookReader).toDynamicValue(() => new StripeWebhookReader({ webhookSecret: config.payments.webhookSecret }));
  container.bind(TOKENS.SetUserAccess).toDynamicValue(() => new SetUserAccess(ports.users));

  return {
    config,
    logger,
    database,
    users: ports.users,
    marketplace: container.get(TOKENS.Marketplace),
    userAccess: container.get(TOKENS.SetUserAccess),
    webhookReader: container.get(TOKENS.WebhookReader),
    metrics,
    recoveryStatus: new RecoveryStatus(),
    localCheckout: container.get(TOKENS.LocalPaymentGateway, { optional: true }),
    localMedia: container.get(TOKENS.LocalDiskMediaStorage, { optional: true }),
    clientSupport: {
      idempotency: requestStores.idempotency,
      rateLimiters: await createRateLimiters(config.rateLimits, requestStores.rateLimitBackend),
      eventHub: new EventHub(requestStores.activity, config.events, logger),
    },
  };
}

/** An embedded adapter answers for its port, and under its own token for the routes only it serves. */
function bindEmbedded<Port, Embedded extends Port>(
  container: Container,
  port: ServiceIdentifier<Port>,
  own: ServiceIdentifier<Embedded>,
  create: () => Embedded,
): void {
  container.bind(own).toDynamicValue(create);
  container.bind(port).toDynamicValue((context) => context.get(own));
}

function bindPayments(container: Container, config: AppConfig): void {
  const payments = config.payments;
  if (payments.kind === 'local') {
    bindEmbedded(container, TOKENS.PaymentGateway, TOKENS.LocalPaymentGateway, () => new LocalPaymentGateway(config.publicUrl));
    return;
  }
  const apiBase = payments.apiBase;
  container.bind(TOKENS.PaymentGateway).toDynamicValue(
    () =>
      new StripePaymentGateway({
        secretKey: payments.secretKey,
        clientUrl: config.clientUrl,
        timeoutMs: payments.timeoutMs,
        ...(apiBase === null
          ? {}
          : {
              host: apiBase.hostname,
              port: Number(apiBase.port || (apiBase.protocol === 'https:' ? 443 : 80)),
              protocol: apiBase.protocol === 'https:' ? 'https' : 'http',
            }),
      }),
  );
}

/** Cloudinary's adapter is loaded only when configured: its SDK is some 3.5 MB of heap a process without it never needs. */
async function bindMedia(container: Container, config: AppConfig): Promise<void> {
  const media = config.media;
  if (media.kind === 'local') {
    bindEmbedded(container, TOKENS.MediaStorage, TOKENS.LocalDiskMediaStorage, () => new LocalDiskMediaStorage(config.publicUrl));
    return;
  }
  const { cloudinaryMediaStorage } = await import('./media.ts');
  container.bind(TOKENS.MediaStorage).toDynamicValue(() => cloudinaryMediaStorage(media.url));
}
