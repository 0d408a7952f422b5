import type Stripe from 'stripe';
import { PaymentGatewayError, type CheckoutRequest, type CheckoutSession, type PaymentGateway, type RefundRequest } from '@skillhouse/domain';
import { checkoutIdempotencyKey, checkoutSessionParams } from './checkout-session-params.ts';
import { createStripeClient, type StripeClientOptions } from './stripe-client.ts';
import { paymentGatewayErrorFrom } from './stripe-error.ts';

export interface StripePaymentGatewayOptions extends StripeClientOptions {
  /** The web client's origin, e.g. `https://skillhouse.example`; Checkout returns the payer there. */
  readonly clientUrl: string;
}

/** PaymentGateway on Stripe Checkout and Refunds. */
export class StripePaymentGateway implements PaymentGateway {
  private readonly stripe: Stripe;
  private readonly clientUrl: string;

  constructor(options: StripePaymentGatewayOptions) {
    this.stripe = createStripeClient(options);
    this.clientUrl = options.clientUrl;
  }

  async createCheckoutSession(request: CheckoutRequest): Promise<CheckoutSession> {
    const params = checkoutSessionParams(request, this.clientUrl);
    let session: Stripe.Checkout.Session;
    try {
      session = await this.stripe.checkout.sessions.create(params, { idempotencyKey: checkoutIdempotencyKey(params) });
    } catch (error) {
      throw paymentGatewayErrorFrom(error, 'open a checkout session');
    }
    if (session.url === null) {
      throw new PaymentGatewayError('the payment processor opened a checkout session without a page address', { sessionId: session.id });
    }
    return { sessionId: session.id, url: session.url };
  }

  async refundPayment(request: RefundRequest): Promise<{ readonly refundId: string }> {
    try {
      const refund = await this.stripe.refunds.create(
        { payment_intent: request.paymentIntentId, amount: request.amountPaise, metadata: { escrowId: request.escrowId } },
        { idempotencyKey: request.idempotencyKey },
      );
      return { refundId: refund.id };
    } catch (error) {
      throw paymentGatewayErrorFrom(error, 'refund the payment');
    }
  }
}
