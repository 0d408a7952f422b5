import Stripe from 'stripe';

/**
 * The Stripe API version every request is pinned to: the one the installed SDK's types describe, so
 * the shapes we read from responses and webhook events are the shapes the compiler checked. Webhook
 * endpoints in the Stripe dashboard should use the same version (see docs/adapters.md).
 */
export const STRIPE_API_VERSION = '2026-10-28.endive' satisfies Stripe.LatestApiVersion;

export interface StripeClientOptions {
  /** `sk_live_...` or `sk_test_...`; never logged, never put in an error. */
  readonly secretKey: string;
  readonly apiVersion?: typeof STRIPE_API_VERSION;
  /** Per request, including retries' individual attempts. */
  readonly timeoutMs?: number;
  /** Retries on connection failures, 409 and 5xx (or when Stripe says so); each retry reuses the idempotency key. */
  readonly maxNetworkRetries?: number;
  /** host/port/protocol point the SDK at stripe-mock in tests; production leaves them unset. */
  readonly host?: string;
  readonly port?: number;
  readonly protocol?: 'http' | 'https';
}

export const STRIPE_TIMEOUT_MS_DEFAULT = 20_000;
export const STRIPE_NETWORK_RETRIES_DEFAULT = 2;

export function createStripeClient(options: StripeClientOptions): Stripe {
  if (options.secretKey.trim() === '') throw new Error('the Stripe secret key is empty');
  return new Stripe(options.secretKey, {
    apiVersion: options.apiVersion ?? STRIPE_API_VERSION,
    timeout: options.timeoutMs ?? STRIPE_TIMEOUT_MS_DEFAULT,
    maxNetworkRetries: options.maxNetworkRetries ?? STRIPE_NETWORK_RETRIES_DEFAULT,
    // Telemetry headers describe our previous request's latency to Stripe; nothing needs them.
    telemetry: false,
    ...(options.host === undefined ? {} : { host: options.host }),
    ...(options.port === undefined ? {} : { port: options.port }),
    ...(options.protocol === undefined ? {} : { protocol: options.protocol }),
  });
}
