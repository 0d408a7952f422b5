import { createHash, randomBytes } from 'node:crypto';
import { PaymentGatewayError, type CheckoutRequest, type CheckoutSession, type PaymentGateway, type RefundRequest } from '@skillhouse/domain';

export interface RecordedRefund {
  readonly refundId: string;
  readonly paymentIntentId: string;
  readonly amountPaise: number;
  readonly escrowId: string;
}

/**
 * A payment processor in memory: checkout sessions and refunds, each idempotent by its key as
 * Stripe's are. `failNext` makes the next call throw, to exercise what a processor outage does.
 */
export class InMemoryPaymentGateway implements PaymentGateway {
  readonly sessions = new Map<string, CheckoutRequest & CheckoutSession>();
  private readonly refundsByKey = new Map<string, RecordedRefund>();
  private failures = 0;

  constructor(private readonly checkoutUrlFor: (sessionId: string) => string = (id) => `https://checkout.invalid/${id}`) {}

  failNext(count = 1): void {
    this.failures += count;
  }

  async createCheckoutSession(request: CheckoutRequest): Promise<CheckoutSession> {
    this.failIfAsked();
    const key = createHash('sha256').update(JSON.stringify(request)).digest('hex').slice(0, 24);
    const sessionId = `cs_test_${key}`;
    const session = { ...request, sessionId, url: this.checkoutUrlFor(sessionId) };
    this.sessions.set(sessionId, session);
    return { sessionId, url: session.url };
  }

  async refundPayment(request: RefundRequest): Promise<{ refundId: string }> {
    this.failIfAsked();
    const earlier = this.refundsByKey.get(request.idempotencyKey);
    if (earlier !== undefined) return { refundId: earlier.refundId };
    const refund: RecordedRefund = {
      refundId: `re_${randomBytes(12).toString('hex')}`,
      paymentIntentId: request.paymentIntentId,
      amountPaise: request.amountPaise,
      escrowId: request.escrowId,
    };
    this.refundsByKey.set(request.idempotencyKey, refund);
    return { refundId: refund.refundId };
  }

  refunds(): readonly RecordedRefund[] {
    return [...this.refundsByKey.values()];
  }

  private failIfAsked(): void {
    if (this.failures === 0) return;
    this.failures -= 1;
    throw new PaymentGatewayError('the payment processor is unavailable');
  }
}
