import { randomBytes } from 'node:crypto';
import { newJwtSecret } from './api-client.ts';
import { newWebhookSecret } from './stripe-events.ts';

/**
 * `uri` with its database replaced by a fresh one named after `label`, so each test file starts
 * empty and files never see each other's records. Query options (replicaSet, authSource…) are kept.
 */
export function freshDatabaseUri(uri: string, label: string): string {
  const match = /^(mongodb(?:\+srv)?:\/\/[^/?]+)(?:\/[^?]*)?(\?.*)?$/.exec(uri);
  if (match === null) throw new Error(`not a MongoDB connection string: ${uri}`);
  const database = `e2e_${label}_${randomBytes(4).toString('hex')}`;
  return `${match[1]!}/${database}${match[2] ?? ''}`;
}

export interface StripeBackedSettings {
  readonly jwtSecret: string;
  readonly webhookSecret: string;
  readonly env: Readonly<Record<string, string>>;
}

/** The configuration of an API on a real database with its Stripe adapter pointed at stripe-mock. */
export function stripeBackedSettings(mongodbUri: string, stripeApiBase: string): StripeBackedSettings {
  const jwtSecret = newJwtSecret();
  const webhookSecret = newWebhookSecret();
  return {
    jwtSecret,
    webhookSecret,
    env: {
      NODE_ENV: 'test',
      LOG_LEVEL: 'warn',
      MONGODB_URI: mongodbUri,
      JWT_SECRET: jwtSecret,
      STRIPE_SECRET_KEY: 'sk_test_skillhouseE2e',
      STRIPE_WEBHOOK_SECRET: webhookSecret,
      STRIPE_API_BASE: stripeApiBase,
      CLIENT_URL: 'http://localhost:5173',
      PLATFORM_FEE_BPS: '1000',
      // Off: these suites send many requests from one address; the limits have their own suite.
      RATE_LIMIT_USER_POINTS: '0',
      RATE_LIMIT_ANONYMOUS_POINTS: '0',
    },
  };
}
