import type { Paise } from '../money/money.ts';

export interface CheckoutRequest {
  readonly jobId: string;
  readonly clientId: string;
  readonly freelancerId: string;
  readonly title: string;
  readonly amountPaise: Paise;
  /**
   * The job's stream sequence when the checkout opened. It changes when a hire is canceled and the
   * job reopens, so paying again for a reopened job opens a new session instead of the paid one.
   */
  readonly jobRevision: number;
  /**
   * Whether the job was Open at `jobRevision`: the payment then hires at `jobRevision + 1` without
   * reading the job (a job's state at a sequence never changes; a job that moved on refuses the append).
   */
  readonly jobOpen: boolean;
}

export interface CheckoutSession {
  readonly sessionId: string;
  readonly url: string;
}

export interface RefundRequest {
  readonly paymentIntentId: string;
  readonly amountPaise: Paise;
  /** Tied to the escrow: however often a refund is retried, the processor refunds once. */
  readonly idempotencyKey: string;
  readonly escrowId: string;
}

export interface PayoutAccountRequest {
  readonly userId: string;
  /** Derived from the user: however often it is asked, the processor creates one account. */
  readonly idempotencyKey: string;
}

export interface PayoutRequest {
  readonly withdrawalId: string;
  readonly userId: string;
  /** The connected account paid. */
  readonly accountId: string;
  readonly amountPaise: Paise;
  /** The withdrawal's: however often it is sent, the processor pays once. */
  readonly idempotencyKey: string;
  readonly transferGroup: string;
}

/** What became of a payout: sent, or refused for good (the money goes back to the wallet). */
export type PayoutOutcome =
  { readonly outcome: 'sent'; readonly payoutId: string } | { readonly outcome: 'refused'; readonly reason: string };

/**
 * The payment processor. Failures throw PaymentGatewayError; nothing on our side is claimed by them.
 * The same checkout request made twice must open one session (an adapter derives its idempotency
 * key from the request's content).
 */
export interface PaymentGateway {
  createCheckoutSession(request: CheckoutRequest): Promise<CheckoutSession>;
  refundPayment(request: RefundRequest): Promise<{ readonly refundId: string }>;
  /** Creates the user's connected account for payouts (Stripe Connect Express). */
  createPayoutAccount(request: PayoutAccountRequest): Promise<{ readonly accountId: string }>;
  /** A page where the user onboards the account (Stripe's account link); single use, short-lived. */
  createOnboardingLink(accountId: string): Promise<{ readonly url: string }>;
  /**
   * Moves money to the connected account. A refusal the processor gave for good is an outcome; a
   * failure that may pass (an outage, a rate limit) throws PaymentGatewayError and is retried.
   */
  sendPayout(request: PayoutRequest): Promise<PayoutOutcome>;
}
