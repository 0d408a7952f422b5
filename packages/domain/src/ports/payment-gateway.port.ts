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
/** A refund made (or found already made), or refused by the processor for good: a disputed charge, one already refunded. */
export type RefundOutcome =
  { readonly outcome: 'sent'; readonly refundId: string } | { readonly outcome: 'refused'; readonly reason: string };

export type PayoutOutcome =
  { readonly outcome: 'sent'; readonly payoutId: string } | { readonly outcome: 'refused'; readonly reason: string };

/** A refund's state at the processor, as Stripe names them: the first three move (or will move) the money, the last two never will. */
export const PROCESSOR_REFUND_STATUSES = ['pending', 'requires_action', 'succeeded', 'failed', 'canceled'] as const;
export type ProcessorRefundStatus = (typeof PROCESSOR_REFUND_STATUSES)[number];

/** One refund of a payment as the processor holds it; `escrowId` is ours (its metadata), null on a refund made outside this service. */
export interface ProcessorRefund {
  readonly refundId: string;
  readonly amountPaise: Paise;
  readonly status: ProcessorRefundStatus;
  readonly escrowId: string | null;
}

/** What the processor holds of one payment: what it received, and every refund of it. */
export interface ProcessorPaymentRecord {
  readonly paymentIntentId: string;
  readonly amountReceivedPaise: Paise;
  readonly refunds: readonly ProcessorRefund[];
}

/** One transfer the processor made to a connected account for a withdrawal, and how much of it was reversed. */
export interface ProcessorPayoutRecord {
  readonly payoutId: string;
  readonly amountPaise: Paise;
  readonly reversedPaise: Paise;
}

/**
 * The payment processor. Failures throw PaymentGatewayError; nothing on our side is claimed by them.
 * The same checkout request made twice must open one session (an adapter derives its idempotency
 * key from the request's content).
 */
export interface PaymentGateway {
  createCheckoutSession(request: CheckoutRequest): Promise<CheckoutSession>;
  /**
   * A refusal the processor gave for good is an outcome (the escrow records it as a failed refund an
   * admin answers); a failure that may pass throws PaymentGatewayError and is retried.
   */
  refundPayment(request: RefundRequest): Promise<RefundOutcome>;
  /** Creates the user's connected account for payouts (Stripe Connect Express). */
  createPayoutAccount(request: PayoutAccountRequest): Promise<{ readonly accountId: string }>;
  /** A page where the user onboards the account (Stripe's account link); single use, short-lived. */
  createOnboardingLink(accountId: string): Promise<{ readonly url: string }>;
  /**
   * Moves money to the connected account. A refusal the processor gave for good is an outcome; a
   * failure that may pass (an outage, a rate limit) throws PaymentGatewayError and is retried.
   */
  sendPayout(request: PayoutRequest): Promise<PayoutOutcome>;
  /** Read only, for the reconciliation: the payment and its refunds, or null when the processor has no such payment. */
  paymentRecord(paymentIntentId: string): Promise<ProcessorPaymentRecord | null>;
  /** Read only, for the reconciliation: the transfers the processor made for this withdrawal (none, one, or more than one). */
  payoutRecords(withdrawalId: string): Promise<readonly ProcessorPayoutRecord[]>;
}
