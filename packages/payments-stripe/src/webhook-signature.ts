import Stripe from 'stripe';

/**
 * The stripe-signature header Stripe would send for this payload: `t=<unix seconds>,v1=<HMAC-SHA256>`.
 * The API's local stand-in of Stripe signs the events it delivers to our own webhook with it; tests
 * use it too.
 */
export function signWebhookPayload(payload: string, secret: string, timestampSeconds?: number): string {
  return Stripe.webhooks.generateTestHeaderString({
    payload,
    secret,
    ...(timestampSeconds === undefined ? {} : { timestamp: timestampSeconds }),
  });
}
