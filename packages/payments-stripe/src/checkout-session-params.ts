import { createHash } from 'node:crypto';
import type Stripe from 'stripe';
import { checkoutMetadata, type CheckoutRequest } from '@skillhouse/domain';

/**
 * Where Stripe sends the payer back. `{CHECKOUT_SESSION_ID}` is Stripe's own template: Stripe
 * replaces it with the session id, so the client page can look the payment up.
 */
export function checkoutReturnUrls(clientUrl: string): { readonly successUrl: string; readonly cancelUrl: string } {
  const base = clientUrl.replace(/\/+$/, '');
  return {
    successUrl: `${base}/client/jobs/home?session_id={CHECKOUT_SESSION_ID}`,
    cancelUrl: `${base}/client/jobs/home?cancelled=true`,
  };
}

/**
 * The parameters of a one-item INR Checkout Session. The metadata rides on the session (read by the
 * webhook) and on its payment intent (so a refund or dispute can be traced back to the job).
 */
export function checkoutSessionParams(request: CheckoutRequest, clientUrl: string): Stripe.Checkout.SessionCreateParams {
  const metadata = checkoutMetadata(request);
  const { successUrl, cancelUrl } = checkoutReturnUrls(clientUrl);
  return {
    mode: 'payment',
    line_items: [
      {
        quantity: 1,
        price_data: { currency: 'inr', unit_amount: request.amountPaise, product_data: { name: request.title } },
      },
    ],
    metadata,
    payment_intent_data: { metadata },
    success_url: successUrl,
    cancel_url: cancelUrl,
  };
}

/**
 * The same parameters always give the same key, so a retried or doubled request reopens the session
 * Stripe already made (for as long as Stripe keeps idempotency keys: 24 hours).
 */
export function checkoutIdempotencyKey(params: Stripe.Checkout.SessionCreateParams): string {
  return `checkout-${createHash('sha256').update(canonicalJson(params)).digest('hex')}`;
}

/** JSON with object keys sorted at every depth, so key order never changes the text. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortedKeys(value));
}

function sortedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortedKeys);
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, inner]) => inner !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return Object.fromEntries(entries.map(([key, inner]) => [key, sortedKeys(inner)]));
}
