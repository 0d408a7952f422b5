import Stripe from 'stripe';
import { PaymentGatewayError } from '@skillhouse/domain';

/**
 * A failed Stripe call as the domain's PaymentGatewayError. The message is ours, chosen by the kind
 * of failure: Stripe's own text can quote parameters or a masked key, and it reaches API clients.
 * Stripe's type, code and request id stay in the details for the logs.
 */
export function paymentGatewayErrorFrom(error: unknown, action: string): PaymentGatewayError {
  if (!(error instanceof Stripe.errors.StripeError)) {
    return new PaymentGatewayError(`the payment processor could not ${action}`);
  }
  return new PaymentGatewayError(`${stripeFailureText(error)}: could not ${action}`, {
    stripeType: error.type,
    ...(error.code === undefined ? {} : { stripeCode: error.code }),
    ...(error.statusCode === undefined ? {} : { statusCode: error.statusCode }),
    ...(error.requestId === undefined ? {} : { stripeRequestId: error.requestId }),
  });
}

function stripeFailureText(error: InstanceType<typeof Stripe.errors.StripeError>): string {
  if (error instanceof Stripe.errors.StripeConnectionError) return 'the payment processor could not be reached';
  if (error instanceof Stripe.errors.StripeAuthenticationError) return 'the payment processor rejected our credentials';
  if (error instanceof Stripe.errors.StripePermissionError) return 'the payment processor denied permission';
  if (error instanceof Stripe.errors.StripeRateLimitError) return 'the payment processor is rate limiting us';
  if (error instanceof Stripe.errors.StripeIdempotencyError) return 'the payment processor saw a conflicting retry';
  if (error instanceof Stripe.errors.StripeCardError) return 'the payment was declined';
  if (error instanceof Stripe.errors.StripeInvalidRequestError) return 'the payment processor refused the request';
  return 'the payment processor failed';
}

/**
 * Stripe's codes for a refund it will never make, however often asked: the charge is disputed, or
 * refunded already, or less of it is left than asked. Any other refusal (our request malformed, an
 * object of another mode, a balance too low for now) is a failure that alerts and is retried.
 */
const REFUND_REFUSED_FOR_GOOD = new Set(['charge_disputed', 'refund_disputed_payment', 'charge_already_refunded', 'amount_too_large']);

/** Why Stripe refused a refund for good, or null for a failure that may pass or that is ours to fix. */
export function refundRefusalOf(error: unknown): string | null {
  if (!(error instanceof Stripe.errors.StripeInvalidRequestError)) return null;
  return error.code !== undefined && REFUND_REFUSED_FOR_GOOD.has(error.code) ? error.code : null;
}
