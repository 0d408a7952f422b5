import 'reflect-metadata';
import { Container } from 'inversify';
import type { Logger } from 'pino';
import { createMarketplace, type Marketplace, type MarketplacePorts, type MediaStorage, type PaymentGateway } from '@skillhouse/domain';
import { StripePaymentGateway, StripeWebhookReader } from '@skillhouse/payments-stripe';
import { RandomObjectIds, SystemClock } from '@skillhouse/system-clock-and-ids';
import type { AppConfig } from '../config/config.ts';
import { LocalDiskMediaStorage } from '../embedded/local-disk-media-storage.ts';
import { LocalPaymentGateway } from '../embedded/local-payment-gateway.ts';
import { SetUserAccess } from '../users/user-access.ts';
import { openPersistence, type PersistencePorts } from './persistence.ts';
import { TOKENS } from './tokens.ts';
import { cloudinaryMediaStorage } from './media.ts';

/**
 * The composition root: binds the configuration, the logger, the ports (in memory and local, or
 * MongoDB, Stripe and Cloudinary, as configured), the marketplace over them and the webhook
 * reader. The domain knows nothing of this container; everything is bound as values or factories.
 */
export async function buildContainer(config: AppConfig, logger: Logger): Promise<Container> {
  const container = new Container({ defaultScope: 'Singleton' });
  container.bind<AppConfig>(TOKENS.Config).toConstantValue(config);
  container.bind<Logger>(TOKENS.Logger).toConstantValue(logger);

  const { database, ports } = await openPersistence(config.database, logger);
  container.bind(TOKENS.Database).toConstantValue(database);
  container.bind<PersistencePorts>(TOKENS.PersistencePorts).toConstantValue(ports);

  bindPayments(container, config);
  bindMedia(container, config);

  container.bind<MarketplacePorts>(TOKENS.MarketplacePorts).toDynamicValue((context) => ({
    ...context.get<PersistencePorts>(TOKENS.PersistencePorts),
    payments: context.get<PaymentGateway>(TOKENS.PaymentGateway),
    media: context.get<MediaStorage>(TOKENS.MediaStorage),
    clock: new SystemClock(),
    ids: new RandomObjectIds(),
  }));
  container
    .bind<Marketplace>(TOKENS.Marketplace)
    .toDynamicValue((context) => createMarketplace(context.get<MarketplacePorts>(TOKENS.MarketplacePorts), config.policy));
  container
    .bind<StripeWebhookReader>(TOKENS.WebhookReader)
    .toDynamicValue(() => new StripeWebhookReader({ webhookSecret: config.payments.webhookSecret }));
  container
    .bind<SetUserAccess>(TOKENS.SetUserAccess)
    .toDynamicValue((context) => new SetUserAccess(context.get<PersistencePorts>(TOKENS.PersistencePorts).users));
  return container;
}

function bindPayments(container: Container, config: AppConfig): void {
  const payments = config.payments;
  if (payments.kind === 'local') {
    container.bind<LocalPaymentGateway>(TOKENS.LocalPaymentGateway).toDynamicValue(() => new LocalPaymentGateway(config.publicUrl));
    container.bind<PaymentGateway>(TOKENS.PaymentGateway).toDynamicValue((context) => context.get<LocalPaymentGateway>(TOKENS.LocalPaymentGateway));
    return;
  }
  const apiBase = payments.apiBase;
  container.bind<PaymentGateway>(TOKENS.PaymentGateway).toDynamicValue(
    () =>
      new StripePaymentGateway({
        secretKey: payments.secretKey,
        clientUrl: config.clientUrl,
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

function bindMedia(container: Container, config: AppConfig): void {
  const media = config.media;
  if (media.kind === 'local') {
    container.bind<LocalDiskMediaStorage>(TOKENS.LocalDiskMediaStorage).toDynamicValue(() => new LocalDiskMediaStorage(config.publicUrl));
    container.bind<MediaStorage>(TOKENS.MediaStorage).toDynamicValue((context) => context.get<LocalDiskMediaStorage>(TOKENS.LocalDiskMediaStorage));
    return;
  }
  container.bind<MediaStorage>(TOKENS.MediaStorage).toDynamicValue(() => cloudinaryMediaStorage(media.url));
}
