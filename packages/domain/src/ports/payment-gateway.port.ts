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

/**
 * The payment processor. Failures throw PaymentGatewayError; nothing on our side is claimed by them.
 * The same checkout request made twice must open one session (an adapter derives its idempotency
 * key from the request's content).
 */
export interface PaymentGateway {
  createCheckoutSession(request: CheckoutRequest): Promise<CheckoutSession>;
  refundPayment(request: RefundRequest): Promise<{ readonly refundId: string }>;
}
