import type { ServiceIdentifier } from 'inversify';
import type { MarketplacePorts, Marketplace, MediaStorage, PaymentGateway } from '@skillhouse/domain';
import type { StripeWebhookReader } from '@skillhouse/payments-stripe';
import type { LocalDiskMediaStorage } from '../embedded/local-disk-media-storage.ts';
import type { LocalPaymentGateway } from '../embedded/local-payment-gateway.ts';
import type { SetUserAccess } from '../users/user-access.ts';

/** A service identifier that carries the type bound to it, so `bind` checks the value and `get` returns it typed. */
function token<T>(name: string): ServiceIdentifier<T> {
  return Symbol(name);
}

/** The composition root's service identifiers; nothing outside `composition/` uses them. */
export const TOKENS = {
  PaymentGateway: token<PaymentGateway>('PaymentGateway'),
  MediaStorage: token<MediaStorage>('MediaStorage'),
  MarketplacePorts: token<MarketplacePorts>('MarketplacePorts'),
  Marketplace: token<Marketplace>('Marketplace'),
  WebhookReader: token<StripeWebhookReader>('WebhookReader'),
  SetUserAccess: token<SetUserAccess>('SetUserAccess'),
  /** Bound only when payments run embedded. */
  LocalPaymentGateway: token<LocalPaymentGateway>('LocalPaymentGateway'),
  /** Bound only when media runs embedded. */
  LocalDiskMediaStorage: token<LocalDiskMediaStorage>('LocalDiskMediaStorage'),
} as const;
