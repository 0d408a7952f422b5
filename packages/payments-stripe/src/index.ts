/**
 * @skillhouse/payments-stripe: the PaymentGateway port on Stripe (Checkout Sessions, Refunds) and the
 * reader of Stripe's signed webhook events.
 */
export { StripePaymentGateway, type StripePaymentGatewayOptions } from './stripe-payment-gateway.ts';
export {
  STRIPE_API_VERSION,
  STRIPE_NETWORK_RETRIES_DEFAULT,
  STRIPE_TIMEOUT_MS_DEFAULT,
  type StripeClientOptions,
} from './stripe-client.ts';
export { checkoutIdempotencyKey, checkoutReturnUrls, checkoutSessionParams } from './checkout-session-params.ts';
export { onboardingReturnUrls, payoutAccountParams, payoutTransferParams } from './stripe-payouts.ts';
export {
  StripeWebhookReader,
  WEBHOOK_TOLERANCE_SECONDS_DEFAULT,
  type StripeWebhookReaderOptions,
  type WebhookOutcome,
} from './stripe-webhook-reader.ts';
// Production code for a stand-in of Stripe: the API's embedded default builds, signs and delivers
// Stripe's own events to its webhook with these when no Stripe key is configured.
export { checkoutSessionEvent, type CheckoutSessionEvent, type CheckoutSessionEventFields } from './checkout-session-event.ts';
export { signWebhookPayload } from './webhook-signature.ts';
export { WebhookErrors, WebhookSignatureInvalid } from './webhook.errors.ts';
