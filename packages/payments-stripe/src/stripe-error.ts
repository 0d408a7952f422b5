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
 * Why Stripe refused a request for good, or null for a failure that may pass. Stripe answers a
 * request it will never carry out (a refund of a disputed charge, of one refunded already, of more
 * than is left) as an invalid request: asked again, it refuses again.
 */
export function refusalReasonOf(error: unknown): string | null {
  if (!(error instanceof Stripe.errors.StripeInvalidRequestError)) return null;
  return error.code ?? error.message;
}
