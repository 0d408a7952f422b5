import Stripe from 'stripe';
import { ValidationError, type CheckoutOutcome } from '@skillhouse/domain';
import { WebhookErrors, WebhookSignatureInvalid } from './webhook.errors.ts';

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
    }
  | { readonly kind: 'ignored'; readonly eventId: string; readonly type: string };

export interface StripeWebhookReaderOptions {
  /** `whsec_...`, from the dashboard's endpoint or from `stripe listen`. */
  readonly webhookSecret: string;
  /** How old a signed event may be; a replay of an older capture is refused. Default 300. */
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

  read(rawBody: Buffer | string, signatureHeader: string | undefined): WebhookOutcome {
    const event = this.verifiedEvent(rawBody, signatureHeader);
    switch (event.type) {
      case 'checkout.session.completed':
      case 'checkout.session.async_payment_succeeded':
        return { kind: 'checkout', eventId: event.id, type: event.type, outcome: checkoutOutcomeOf(event.data.object) };
      case 'account.updated': {
        const account: Partial<Stripe.Account> = event.data.object;
        if (typeof account.id !== 'string' || typeof account.payouts_enabled !== 'boolean') throw malformed(event.type);
        return {
          kind: 'account',
          eventId: event.id,
          type: event.type,
          accountId: account.id,
          payoutsEnabled: account.payouts_enabled,
          reportedAt: new Date(event.created * 1_000),
        };
      }
      case 'transfer.reversed': {
        const transfer: Partial<Stripe.Transfer> = event.data.object;
        if (typeof transfer.id !== 'string') throw malformed(event.type);
        const withdrawalId = transfer.metadata?.['withdrawalId'];
        return {
          kind: 'transferReversed',
          eventId: event.id,
          type: event.type,
          transferId: transfer.id,
          withdrawalId: withdrawalId ?? null,
        };
      }
      default:
        return { kind: 'ignored', eventId: event.id, type: event.type };
    }
  }

  private verifiedEvent(rawBody: Buffer | string, signatureHeader: string | undefined): Stripe.Event {
    if (signatureHeader === undefined || signatureHeader.trim() === '') throw new WebhookSignatureInvalid();
    try {
      return Stripe.webhooks.constructEvent(rawBody, signatureHeader, this.webhookSecret, this.toleranceSeconds);
    } catch (error) {
      if (error instanceof Stripe.errors.StripeSignatureVerificationError) throw new WebhookSignatureInvalid();
      // A correctly signed body that is not JSON: only someone holding the secret can send one.
      if (error instanceof SyntaxError) throw new ValidationError(WebhookErrors.MalformedPayload, 'the webhook body is not JSON');
      throw error;
    }
  }
}

function malformed(type: string): ValidationError {
  return new ValidationError(WebhookErrors.MalformedPayload, `the ${type} event lacks the fields this service reads`);
}

function checkoutOutcomeOf(session: Stripe.Checkout.Session): CheckoutOutcome {
  const paymentIntent = session.payment_intent;
  return {
    checkoutSessionId: session.id,
    paymentIntentId: typeof paymentIntent === 'string' ? paymentIntent : (paymentIntent?.id ?? null),
    amountPaidPaise: session.amount_total,
    currency: session.currency,
    paid: session.payment_status === 'paid',
    metadata: { ...session.metadata },
  };
}
