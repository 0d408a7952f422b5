import Stripe from 'stripe';
import { isLabelledByCheckout, type CheckoutOutcome, type ProcessorReport } from '@skillhouse/domain';
import { WebhookMalformed, WebhookSignatureInvalid } from './webhook.errors.ts';

export type WebhookOutcome =
  | { readonly kind: 'checkout'; readonly eventId: string; readonly type: string; readonly outcome: CheckoutOutcome }
  | {
      readonly kind: 'account';
      readonly eventId: string;
      readonly type: string;
      readonly accountId: string;
      readonly payoutsEnabled: boolean;
      /** When Stripe made the report (the event's `created`): the newest report wins. */
      readonly reportedAt: Date;
    }
  | {
      readonly kind: 'transferReversed';
      readonly eventId: string;
      readonly type: string;
      readonly transferId: string;
      /** From the transfer's metadata: null for a transfer this service did not make. */
      readonly withdrawalId: string | null;
      /** How much of the transfer is reversed, all reversals so far (`amount_reversed`). */
      readonly reversedPaise: number;
    }
  /** What Stripe did with a payment on its own: a refund failed, a refund made in the Dashboard, a chargeback. */
  | {
      readonly kind: 'processor';
      readonly eventId: string;
      readonly type: string;
      readonly report: ProcessorReport;
      /** The event's `created`: Stripe keeps redelivering an event it was not answered 2xx for, for three days from then. */
      readonly sentAt: Date | null;
      /**
       * Whether the payment carries this service's checkout metadata (Stripe copies the payment
       * intent's to its charge): null when the event does not say (a chargeback names the charge only).
       */
      readonly labelledByCheckout: boolean | null;
    }
  | { readonly kind: 'ignored'; readonly eventId: string; readonly type: string; readonly reason?: string };

export interface StripeWebhookReaderOptions {
  /** `whsec_...`, from the dashboard's endpoint or from `stripe listen`. */
  readonly webhookSecret: string;
  /** How far from now a signature may be dated, either way; a replay of an older capture (or a forged future date) is refused. Default 300. */
  readonly toleranceSeconds?: number;
}

export const WEBHOOK_TOLERANCE_SECONDS_DEFAULT = 300;

/**
 * Verifies Stripe's webhook signature over the raw body and turns the checkout events that can fund
 * an escrow into CheckoutOutcomes. Every other event is acknowledged and ignored.
 */
export class StripeWebhookReader {
  private readonly webhookSecret: string;
  private readonly toleranceSeconds: number;

  constructor(options: StripeWebhookReaderOptions) {
    const toleranceSeconds = options.toleranceSeconds ?? WEBHOOK_TOLERANCE_SECONDS_DEFAULT;
    if (options.webhookSecret.trim() === '') throw new Error('the Stripe webhook secret is empty');
    // Stripe reads a tolerance of 0 as "skip the timestamp check", which would accept replays forever.
    if (!Number.isSafeInteger(toleranceSeconds) || toleranceSeconds <= 0) {
      throw new Error(`the webhook tolerance must be a positive whole number of seconds, not ${toleranceSeconds}`);
    }
    this.webhookSecret = options.webhookSecret;
    this.toleranceSeconds = toleranceSeconds;
  }

  /** The event of a correctly signed body, dated within the tolerance of now either way (Stripe's own check only refuses old ones). */
  read(rawBody: Buffer | string, signatureHeader: string | undefined): WebhookOutcome {
    const now = Date.now();
    const event = eventOf(this.verifiedPayload(rawBody, signatureHeader, now));
    switch (event.type) {
      case 'checkout.session.completed':
      case 'checkout.session.async_payment_succeeded':
        return { kind: 'checkout', eventId: event.id, type: event.type, outcome: checkoutOutcomeOf(event.object) };
      case 'account.updated': {
        const account = event.object;
        const { id, payouts_enabled: payoutsEnabled } = account;
        if (!isString(id) || typeof payoutsEnabled !== 'boolean') throw new WebhookMalformed('the account has no id or payouts_enabled');
        // Stripe's reports of one account may arrive out of order: the newest (by `created`) wins.
        if (event.created === null) throw new WebhookMalformed('the account.updated event has no created time');
        return {
          kind: 'account',
          eventId: event.id,
          type: event.type,
          accountId: id,
          payoutsEnabled,
          reportedAt: new Date(event.created * 1_000),
        };
      }
      case 'transfer.reversed': {
        const transfer = event.object;
        if (!isString(transfer['id'])) throw new WebhookMalformed('the transfer has no id');
        const withdrawalId = nullableOf(metadataOf(transfer['metadata'])['withdrawalId'], isString, 'metadata.withdrawalId');
        // All reversals so far, not this one's amount: reports of several reversals may come in any order.
        const reversedPaise = requiredOf(transfer, 'amount_reversed', isPaise, 'transfer');
        return { kind: 'transferReversed', eventId: event.id, type: event.type, transferId: transfer['id'], withdrawalId, reversedPaise };
      }
      case 'refund.failed':
      case 'refund.updated': {
        const report = refundFailureOf(event.object, reportTimeOf(event));
        if (report === null) return { kind: 'ignored', eventId: event.id, type: event.type, reason: 'the refund has not failed' };
        return processorOutcome(event, report, null);
      }
      case 'charge.refunded':
        return processorOutcome(
          event,
          paymentRefundedOf(event.object, reportTimeOf(event)),
          isLabelledByCheckout(metadataOf(event.object['metadata'])),
        );
      case 'charge.dispute.created':
      case 'charge.dispute.closed':
        return processorOutcome(event, chargebackOf(event.type, event.object), null);
      case 'checkout.session.expired':
        return { kind: 'ignored', eventId: event.id, type: event.type, reason: 'an expired session creates nothing' };
      default:
        return { kind: 'ignored', eventId: event.id, type: event.type };
    }
  }

  private verifiedPayload(rawBody: Buffer | string, signatureHeader: string | undefined, now: number): unknown {
    if (signatureHeader === undefined || signatureHeader.trim() === '') throw new WebhookSignatureInvalid();
    let payload: unknown;
    try {
      payload = Stripe.webhooks.constructEvent(rawBody, signatureHeader, this.webhookSecret, this.toleranceSeconds, undefined, now);
    } catch (error) {
      if (error instanceof Stripe.errors.StripeSignatureVerificationError) throw new WebhookSignatureInvalid();
      // A correctly signed body that is not JSON: only someone holding the secret can send one.
      if (error instanceof SyntaxError) throw new WebhookMalformed('the body is not JSON');
      throw error;
    }
    const signedAt = signatureTimestampOf(signatureHeader);
    if (signedAt === null || signedAt - now / 1000 > this.toleranceSeconds) throw new WebhookSignatureInvalid();
    return payload;
  }
}

function processorOutcome(
  event: { readonly id: string; readonly type: string; readonly created: number | null },
  report: ProcessorReport,
  labelledByCheckout: boolean | null,
): WebhookOutcome {
  const sentAt = event.created === null ? null : new Date(event.created * 1_000);
  return { kind: 'processor', eventId: event.id, type: event.type, report, sentAt, labelledByCheckout };
}

/** `t=<unix seconds>` of a stripe-signature header (Stripe verified it already; this reads it for the future-date check). */
function signatureTimestampOf(header: string): number | null {
  const value = header
    .split(',')
    .map((part) => part.trim())
    .find((part) => part.startsWith('t='))
    ?.slice(2);
  return value !== undefined && /^\d+$/.test(value) ? Number(value) : null;
}

type JsonObject = Readonly<Record<string, unknown>>;

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The envelope every Stripe event has; a signed body without it is refused rather than read half-way. */
function eventOf(payload: unknown): {
  readonly id: string;
  readonly type: string;
  readonly created: number | null;
  readonly object: JsonObject;
} {
  if (!isObject(payload)) throw new WebhookMalformed('the body is not a JSON object');
  const { id, type, created, data } = payload;
  if (typeof id !== 'string' || id === '') throw new WebhookMalformed('the event has no id');
  if (typeof type !== 'string' || type === '') throw new WebhookMalformed('the event has no type');
  if (!isObject(data)) throw new WebhookMalformed('the event has no data');
  if (!isObject(data['object'])) throw new WebhookMalformed('the event has no data.object');
  return { id, type, created: nullableOf(created, isUnixSeconds, 'created'), object: data['object'] };
}

function nullableOf<T>(value: unknown, is: (candidate: unknown) => candidate is T, field: string): T | null {
  if (value === undefined || value === null) return null;
  if (is(value)) return value;
  throw new WebhookMalformed(`the event's ${field} has the wrong type`);
}

const isString = (value: unknown): value is string => typeof value === 'string';
const isNumber = (value: unknown): value is number => typeof value === 'number';
/** Seconds since 1970 that make a Date: an event dated otherwise would store an invalid time, which every comparison then loses. */
const isUnixSeconds = (value: unknown): value is number =>
  typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 && value <= MAX_DATE_SECONDS;
const MAX_DATE_SECONDS = 8_640_000_000_000;

function paymentIntentIdOf(value: unknown): string | null {
  if (isObject(value)) return nullableOf(value['id'], isString, 'payment_intent.id');
  return nullableOf(value, isString, 'payment_intent');
}

function metadataOf(value: unknown): Record<string, string> {
  const metadata = nullableOf(value, isObject, 'metadata') ?? {};
  if (!Object.values(metadata).every(isString)) throw new WebhookMalformed("the event's metadata holds a value that is not a string");
  return { ...(metadata as Readonly<Record<string, string>>) };
}

function checkoutOutcomeOf(session: JsonObject): CheckoutOutcome {
  const checkoutSessionId = session['id'];
  if (!isString(checkoutSessionId) || checkoutSessionId === '') throw new WebhookMalformed('the checkout session has no id');
  return {
    checkoutSessionId,
    paymentIntentId: paymentIntentIdOf(session['payment_intent']),
    amountPaidPaise: nullableOf(session['amount_total'], isNumber, 'amount_total'),
    currency: nullableOf(session['currency'], isString, 'currency'),
    paid: session['payment_status'] === 'paid',
    metadata: metadataOf(session['metadata']),
  };
}

function requiredOf<T>(object: JsonObject, field: string, is: (candidate: unknown) => candidate is T, what: string): T {
  const value = object[field];
  if (!is(value)) throw new WebhookMalformed(`the ${what} has no ${field}`);
  return value;
}

const isPaise = (value: unknown): value is number => typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
const isId = (value: unknown): value is string => typeof value === 'string' && value !== '';

/** Only a refund that failed or was canceled is a report: every other change of a refund moves nothing here. */
/** When Stripe made the report: a refunded total is weighed against the refunds standing at that time. */
function reportTimeOf(event: { readonly type: string; readonly created: number | null }): Date {
  if (event.created === null) throw new WebhookMalformed(`the ${event.type} event has no created time`);
  return new Date(event.created * 1_000);
}

function refundFailureOf(refund: JsonObject, reportedAt: Date): ProcessorReport | null {
  const refundId = requiredOf(refund, 'id', isId, 'refund');
  const status = refund['status'];
  if (status !== 'failed' && status !== 'canceled') return null;
  const failureReason = nullableOf(refund['failure_reason'], isString, 'failure_reason');
  return {
    kind: 'refundFailed',
    refundId,
    escrowId: metadataOf(refund['metadata'])['escrowId'] ?? null,
    paymentIntentId: paymentIntentIdOf(refund['payment_intent']),
    reason: failureReason ?? status,
    reportedAt,
  };
}

/** `amount_refunded` is Stripe's running total of the charge's refunds; what exceeds this service's own was refunded outside it. */
function paymentRefundedOf(charge: JsonObject, reportedAt: Date): ProcessorReport {
  const paymentIntentId = paymentIntentIdOf(charge['payment_intent']);
  if (paymentIntentId === null) throw new WebhookMalformed('the charge has no payment_intent');
  return {
    kind: 'paymentRefunded',
    paymentIntentId,
    refundedTotalPaise: requiredOf(charge, 'amount_refunded', isPaise, 'charge'),
    reportedAt,
  };
}

/**
 * Stripe closes a chargeback as won, lost, `warning_closed` (an inquiry that never became a
 * chargeback) or `prevented` (stopped before the network took anything): only lost takes money.
 */
const CHARGEBACK_CLOSED_WON: Readonly<Record<string, boolean>> = { won: true, warning_closed: true, prevented: true, lost: false };

function chargebackOf(type: 'charge.dispute.created' | 'charge.dispute.closed', dispute: JsonObject): ProcessorReport {
  const disputeId = requiredOf(dispute, 'id', isId, 'dispute');
  const amountPaise = requiredOf(dispute, 'amount', isPaise, 'dispute');
  const paymentIntentId = paymentIntentIdOf(dispute['payment_intent']);
  if (paymentIntentId === null) throw new WebhookMalformed('the dispute has no payment_intent');
  if (type === 'charge.dispute.created') return { kind: 'chargebackOpened', paymentIntentId, disputeId, amountPaise };
  const status = dispute['status'];
  const won = typeof status === 'string' ? CHARGEBACK_CLOSED_WON[status] : undefined;
  if (won === undefined) throw new WebhookMalformed(`a closed dispute is won, lost, warning_closed or prevented, not ${String(status)}`);
  return { kind: 'chargebackClosed', paymentIntentId, disputeId, amountPaise, won };
}
