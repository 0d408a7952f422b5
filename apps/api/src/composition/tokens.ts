/** The composition root's service identifiers. */
export const TOKENS = {
  Config: Symbol('Config'),
  Logger: Symbol('Logger'),
  Database: Symbol('Database'),
  /** The seven persistence ports: in memory, or on MongoDB. */
  PersistencePorts: Symbol('PersistencePorts'),
  PaymentGateway: Symbol('PaymentGateway'),
  MediaStorage: Symbol('MediaStorage'),
  MarketplacePorts: Symbol('MarketplacePorts'),
  Marketplace: Symbol('Marketplace'),
  WebhookReader: Symbol('WebhookReader'),
  SetUserAccess: Symbol('SetUserAccess'),
  /** Bound only when payments run embedded: the sessions the checkout page shows. */
  LocalPaymentGateway: Symbol('LocalPaymentGateway'),
  /** Bound only when media runs embedded: the files GET /media/:name serves. */
  LocalDiskMediaStorage: Symbol('LocalDiskMediaStorage'),
} as const;
