import type Stripe from 'stripe';
import {
  PaymentGatewayError,
  type CheckoutRequest,
  type CheckoutSession,
  type PaymentGateway,
  type PayoutAccountRequest,
  type PayoutOutcome,
  type PayoutRequest,
  type ProcessorPaymentRecord,
  type ProcessorPayoutRecord,
  type RefundOutcome,
  type RefundRequest,
} from '@skillhouse/domain';
import { checkoutIdempotencyKey, checkoutSessionParams } from './checkout-session-params.ts';
import { createStripeClient, type StripeClientOptions } from './stripe-client.ts';
import { paymentGatewayErrorFrom, refundRefusalOf } from './stripe-error.ts';
import { onboardingReturnUrls, payoutAccountParams, sendPayoutTransfer } from './stripe-payouts.ts';
import { paymentRecordOf, payoutRecordsOf } from './stripe-records.ts';
import { countedRefundId, refundIdempotencyKey, refundsOfEscrow } from './stripe-refunds.ts';

export interface StripePaymentGatewayOptions extends StripeClientOptions {
  /** The web client's origin, e.g. `https://skillhouse.example`; Checkout returns the payer there. */
  readonly clientUrl: string;
}

/** PaymentGateway on Stripe Checkout, Refunds and Connect (Express accounts, account links, transfers), and the reads the reconciliation compares. */
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

  /**
   * Reuses the escrow's refund when Stripe already holds one (whatever became of the idempotency
   * key), and otherwise creates it. Resolves only for a refund that moved or will move the money.
   */
  async refundPayment(request: RefundRequest): Promise<RefundOutcome> {
    const earlier = await refundsOfEscrow(this.stripe, request);
    if (earlier.standing !== null) return { outcome: 'sent', refundId: countedRefundId(earlier.standing, request) };
    let refund: Stripe.Refund;
    try {
      refund = await this.stripe.refunds.create(
        { payment_intent: request.paymentIntentId, amount: request.amountPaise, metadata: { escrowId: request.escrowId } },
        { idempotencyKey: refundIdempotencyKey(request, earlier.latestDead) },
      );
    } catch (error) {
      const refusal = refundRefusalOf(error);
      if (refusal !== null) return { outcome: 'refused', reason: refusal };
      throw paymentGatewayErrorFrom(error, 'refund the payment');
    }
    return { outcome: 'sent', refundId: countedRefundId(refund, request) };
  }

  async createPayoutAccount(request: PayoutAccountRequest): Promise<{ readonly accountId: string }> {
    try {
      const account = await this.stripe.accounts.create(payoutAccountParams(request.userId), { idempotencyKey: request.idempotencyKey });
      return { accountId: account.id };
    } catch (error) {
      throw paymentGatewayErrorFrom(error, 'create the payout account');
    }
  }

  async createOnboardingLink(accountId: string): Promise<{ readonly url: string }> {
    const { returnUrl, refreshUrl } = onboardingReturnUrls(this.clientUrl);
    try {
      const link = await this.stripe.accountLinks.create({
        account: accountId,
        type: 'account_onboarding',
        return_url: returnUrl,
        refresh_url: refreshUrl,
      });
      return { url: link.url };
    } catch (error) {
      throw paymentGatewayErrorFrom(error, 'open the payout account onboarding');
    }
  }

  sendPayout(request: PayoutRequest): Promise<PayoutOutcome> {
    return sendPayoutTransfer(this.stripe, request);
  }

  paymentRecord(paymentIntentId: string): Promise<ProcessorPaymentRecord | null> {
    return paymentRecordOf(this.stripe, paymentIntentId);
  }

  payoutRecords(withdrawalId: string): Promise<readonly ProcessorPayoutRecord[]> {
    return payoutRecordsOf(this.stripe, withdrawalId);
  }
}
