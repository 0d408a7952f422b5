import { hash, randomBytes } from 'node:crypto';
import {
  checkoutMetadata,
  PaymentGatewayError,
  payoutTransferGroup,
  type CheckoutRequest,
  type CheckoutSession,
  type PaymentGateway,
  type PayoutAccountRequest,
  type PayoutOutcome,
  type PayoutRequest,
  type RefundOutcome,
  type ProcessorPaymentRecord,
  type ProcessorPayoutRecord,
  type ProcessorRefund,
  type RefundRequest,
} from '@skillhouse/domain';

export interface RecordedRefund {
  readonly refundId: string;
  readonly paymentIntentId: string;
  readonly amountPaise: number;
  readonly escrowId: string;
}

export interface RecordedPayout {
  readonly payoutId: string;
  readonly accountId: string;
  readonly amountPaise: number;
  readonly idempotencyKey: string;
  readonly transferGroup: string;
}

/** Where the onboarding of an account is done, by default a page that does not exist. */
export type OnboardingUrlFor = (accountId: string) => string;

interface StoredRefund extends RecordedRefund {
  readonly idempotencyKey: string;
}

/** A refund made outside this service (the Dashboard's): it names no escrow. */
interface OutsideRefund {
  readonly refundId: string;
  readonly paymentIntentId: string;
  readonly amountPaise: number;
}

/**
 * A payment processor in memory with the semantics of the Stripe adapter: checkout sessions are
 * idempotent by their content, and an escrow is refunded once, found by its escrowId or by the
 * idempotency key, however long after. `failNext` makes the next call throw (a processor outage);
 * `failNextRefund` makes the next new refund come back failed, as Stripe can report one. What it
 * holds is read back as Stripe's records are (`paymentRecord`, `payoutRecords`); a test makes the
 * processor act on its own with `refundOutside`, `failRefund` and `reversePayout`.
 */
export class InMemoryPaymentGateway implements PaymentGateway {
  readonly sessions = new Map<string, CheckoutRequest & CheckoutSession>();
  private readonly standingRefunds: StoredRefund[] = [];
  /** The standing refunds by escrow and by idempotency key: finding an earlier one costs the same however many are held. */
  private readonly refundByEscrow = new Map<string, StoredRefund>();
  private readonly refundByKey = new Map<string, StoredRefund>();
  private readonly deadRefunds: StoredRefund[] = [];
  private readonly sentPayouts = new Map<string, RecordedPayout>();
  /** What each payment intent received: the processor's side of a payment, read by the reconciliation. */
  private readonly paymentsReceived = new Map<string, number>();
  private readonly outsideRefunds: OutsideRefund[] = [];
  private readonly reversedPaiseByPayout = new Map<string, number>();
  private readonly payoutRefusals = new Map<string, string>();
  private failures = 0;
  private refundFailures = 0;
  private refundRefusalsAhead: string[] = [];
  /** Stripe keeps a refused request's answer under its idempotency key, and answers it again. */
  private readonly refusedKeys = new Map<string, string>();
  private payoutRefusalsAhead = 0;

  constructor(
    private readonly checkoutUrlFor: (sessionId: string) => string = (id) => `https://checkout.invalid/${id}`,
    private readonly onboardingUrlFor: OnboardingUrlFor = (id) => `https://connect.invalid/onboarding/${id}`,
  ) {}

  /** The next `count` new payouts are refused for good, as Stripe refuses a transfer it cannot make. */
  refuseNextPayout(count = 1): void {
    this.payoutRefusalsAhead += count;
  }

  /**
   * The next new refund is refused for good, with `reason`, as Stripe refuses one on a disputed or
   * already refunded charge; and, as Stripe does, the same refusal answers its idempotency key again.
   */
  refuseNextRefund(reason = 'charge_disputed'): void {
    this.refundRefusalsAhead.push(reason);
  }

  failNext(count = 1): void {
    this.failures += count;
  }

  /** The next `count` refunds are created but fail: recorded in `failedRefunds()`, and the call throws. */
  failNextRefund(count = 1): void {
    this.refundFailures += count;
  }

  async createCheckoutSession(request: CheckoutRequest): Promise<CheckoutSession> {
    this.failIfAsked();
    const key = hash('sha256', JSON.stringify(request), 'hex').slice(0, 24);
    const sessionId = `cs_test_${key}`;
    // The request spread last: spread first and then given more fields, V8 (Node 20) takes microseconds to build it.
    const session = { sessionId, url: this.checkoutUrlFor(sessionId), ...request };
    this.sessions.set(sessionId, session);
    return { sessionId, url: session.url };
  }

  async refundPayment(request: RefundRequest): Promise<RefundOutcome> {
    this.failIfAsked();
    const earlier = this.refundByEscrow.get(request.escrowId) ?? this.refundByKey.get(request.idempotencyKey);
    if (earlier !== undefined) return { outcome: 'sent', refundId: sameRefund(earlier, request).refundId };
    const refusal = this.refusedKeys.get(request.idempotencyKey) ?? this.refundRefusalsAhead.shift();
    if (refusal !== undefined) {
      this.refusedKeys.set(request.idempotencyKey, refusal);
      return { outcome: 'refused', reason: refusal };
    }
    const refund: StoredRefund = {
      refundId: `re_${randomBytes(12).toString('hex')}`,
      paymentIntentId: request.paymentIntentId,
      amountPaise: request.amountPaise,
      escrowId: request.escrowId,
      idempotencyKey: request.idempotencyKey,
    };
    if (this.refundFailures > 0) {
      this.refundFailures -= 1;
      this.deadRefunds.push(refund);
      throw new PaymentGatewayError('the payment processor reports the refund as failed', {
        refundId: refund.refundId,
        refundStatus: 'failed',
        escrowId: refund.escrowId,
      });
    }
    this.standingRefunds.push(refund);
    if (!this.refundByEscrow.has(refund.escrowId)) this.refundByEscrow.set(refund.escrowId, refund);
    if (!this.refundByKey.has(refund.idempotencyKey)) this.refundByKey.set(refund.idempotencyKey, refund);
    return { outcome: 'sent', refundId: refund.refundId };
  }

  /**
   * The processor reporting later that a standing refund failed (Stripe's `refund.failed`): it stops
   * standing, so the escrow's next refund is a new one, as the Stripe adapter makes after a dead
   * refund. Null for a refund that is not standing.
   */
  failStandingRefund(refundId: string): RecordedRefund | null {
    const index = this.standingRefunds.findIndex((refund) => refund.refundId === refundId);
    const refund = this.standingRefunds[index];
    if (refund === undefined) return null;
    this.standingRefunds.splice(index, 1);
    this.deadRefunds.push(refund);
    if (this.refundByEscrow.get(refund.escrowId) === refund) this.refundByEscrow.delete(refund.escrowId);
    // A retry comes with the same key; like Stripe's adapter, a dead refund's key no longer answers.
    if (this.refundByKey.get(refund.idempotencyKey) === refund) this.refundByKey.delete(refund.idempotencyKey);
    return {
      refundId: refund.refundId,
      paymentIntentId: refund.paymentIntentId,
      amountPaise: refund.amountPaise,
      escrowId: refund.escrowId,
    };
  }

  /** The metadata the session carries back with its payment, as Stripe's does (empty for an unknown session). */
  metadataOf(sessionId: string): Record<string, string> {
    const session = this.sessions.get(sessionId);
    return session === undefined ? {} : checkoutMetadata(session);
  }

  /** The same key answers the same account, as Stripe's idempotency key does. */
  async createPayoutAccount(request: PayoutAccountRequest): Promise<{ accountId: string }> {
    this.failIfAsked();
    return { accountId: `acct_${hash('sha256', request.idempotencyKey).slice(0, 16)}` };
  }

  async createOnboardingLink(accountId: string): Promise<{ url: string }> {
    this.failIfAsked();
    return { url: this.onboardingUrlFor(accountId) };
  }

  /** A payout sent or refused under a key answers the same however often it is sent again. */
  async sendPayout(request: PayoutRequest): Promise<PayoutOutcome> {
    this.failIfAsked();
    const sent = this.sentPayouts.get(request.idempotencyKey);
    if (sent !== undefined) return { outcome: 'sent', payoutId: sent.payoutId };
    const refused = this.payoutRefusals.get(request.idempotencyKey);
    if (refused !== undefined) return { outcome: 'refused', reason: refused };
    if (this.payoutRefusalsAhead > 0) {
      this.payoutRefusalsAhead -= 1;
      const reason = 'The payment processor refused the transfer to the payout account.';
      this.payoutRefusals.set(request.idempotencyKey, reason);
      return { outcome: 'refused', reason };
    }
    const payout: RecordedPayout = {
      payoutId: `tr_${randomBytes(12).toString('hex')}`,
      accountId: request.accountId,
      amountPaise: request.amountPaise,
      idempotencyKey: request.idempotencyKey,
      transferGroup: request.transferGroup,
    };
    this.sentPayouts.set(request.idempotencyKey, payout);
    return { outcome: 'sent', payoutId: payout.payoutId };
  }

  /** The processor received a payment (Checkout's, paid): what `paymentRecord` then answers. */
  recordPaymentReceived(paymentIntentId: string, amountPaise: number): void {
    this.paymentsReceived.set(paymentIntentId, amountPaise);
  }

  /** A refund made outside this service, in the Dashboard say: it names no escrow. */
  refundOutside(paymentIntentId: string, amountPaise: number): string {
    const refundId = `re_${randomBytes(12).toString('hex')}`;
    this.outsideRefunds.push({ refundId, paymentIntentId, amountPaise });
    return refundId;
  }

  /** A refund that moved money fails afterwards, as Stripe reports with refund.failed. */
  failRefund(refundId: string): void {
    const index = this.standingRefunds.findIndex((refund) => refund.refundId === refundId);
    const [refund] = index === -1 ? [] : this.standingRefunds.splice(index, 1);
    if (refund === undefined) throw new Error(`no standing refund ${refundId}`);
    if (this.refundByEscrow.get(refund.escrowId) === refund) this.refundByEscrow.delete(refund.escrowId);
    if (this.refundByKey.get(refund.idempotencyKey) === refund) this.refundByKey.delete(refund.idempotencyKey);
    this.deadRefunds.push(refund);
  }

  /** The processor takes back `amountPaise` of a payout, as Stripe reports with transfer.reversed. */
  reversePayout(payoutId: string, amountPaise: number): void {
    this.reversedPaiseByPayout.set(payoutId, (this.reversedPaiseByPayout.get(payoutId) ?? 0) + amountPaise);
  }

  async paymentRecord(paymentIntentId: string): Promise<ProcessorPaymentRecord | null> {
    this.failIfAsked();
    const amountReceivedPaise = this.paymentsReceived.get(paymentIntentId);
    if (amountReceivedPaise === undefined) return null;
    const ours = (refund: StoredRefund, status: ProcessorRefund['status']): ProcessorRefund => ({
      refundId: refund.refundId,
      amountPaise: refund.amountPaise,
      status,
      escrowId: refund.escrowId,
    });
    const refunds: ProcessorRefund[] = [
      ...this.standingRefunds.filter((refund) => refund.paymentIntentId === paymentIntentId).map((refund) => ours(refund, 'succeeded')),
      ...this.deadRefunds.filter((refund) => refund.paymentIntentId === paymentIntentId).map((refund) => ours(refund, 'failed')),
      ...this.outsideRefunds
        .filter((refund) => refund.paymentIntentId === paymentIntentId)
        .map(({ refundId, amountPaise }) => ({ refundId, amountPaise, status: 'succeeded' as const, escrowId: null })),
    ];
    return { paymentIntentId, amountReceivedPaise, refunds };
  }

  async payoutRecords(withdrawalId: string): Promise<readonly ProcessorPayoutRecord[]> {
    this.failIfAsked();
    const group = payoutTransferGroup(withdrawalId);
    return [...this.sentPayouts.values()]
      .filter((payout) => payout.transferGroup === group)
      .map((payout) => ({
        payoutId: payout.payoutId,
        amountPaise: payout.amountPaise,
        reversedPaise: this.reversedPaiseByPayout.get(payout.payoutId) ?? 0,
      }));
  }

  /** The transfers made to connected accounts, once each. */
  payouts(): readonly RecordedPayout[] {
    return [...this.sentPayouts.values()];
  }

  /** The refunds that moved money. */
  refunds(): readonly RecordedRefund[] {
    return this.standingRefunds.map(recorded);
  }

  /** The refunds that came back failed and moved nothing. */
  failedRefunds(): readonly RecordedRefund[] {
    return this.deadRefunds.map(recorded);
  }

  private failIfAsked(): void {
    if (this.failures === 0) return;
    this.failures -= 1;
    throw new PaymentGatewayError('the payment processor is unavailable');
  }
}

/** The escrow's earlier refund, if it is for what is asked; another amount or escrow is refused, as Stripe's adapter does. */
function sameRefund(earlier: StoredRefund, request: RefundRequest): StoredRefund {
  if (earlier.escrowId === request.escrowId && earlier.amountPaise === request.amountPaise) return earlier;
  throw new PaymentGatewayError('the payment processor holds a refund of this escrow or key for another amount or escrow', {
    refundId: earlier.refundId,
    refundPaise: earlier.amountPaise,
    requestedPaise: request.amountPaise,
    escrowId: request.escrowId,
  });
}

function recorded({ refundId, paymentIntentId, amountPaise, escrowId }: StoredRefund): RecordedRefund {
  return { refundId, paymentIntentId, amountPaise, escrowId };
}
