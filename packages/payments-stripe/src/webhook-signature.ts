import Stripe from 'stripe';

/**
 * The stripe-signature header Stripe would send for this payload: `t=<unix seconds>,v1=<HMAC-SHA256>`.
 * For tests, and for a local stand-in of Stripe that delivers events to our own webhook.
 */
export function signWebhookPayload(payload: string, secret: string, timestampSeconds?: number): string {
  return Stripe.webhooks.generateTestHeaderString({
    payload,
    secret,
    ...(timestampSeconds === undefined ? {} : { timestamp: timestampSeconds }),
  });
}
