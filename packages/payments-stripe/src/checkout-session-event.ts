import type Stripe from 'stripe';
import { STRIPE_API_VERSION } from './stripe-client.ts';

/** The part of a Checkout Session that a `checkout.session.*` event carries here. */
export type CheckoutSessionEventObject = Pick<
  Stripe.Checkout.Session,
  | 'id'
  | 'object'
  | 'mode'
  | 'status'
  | 'payment_status'
  | 'amount_subtotal'
  | 'amount_total'
  | 'currency'
  | 'payment_intent'
  | 'metadata'
  | 'livemode'
  | 'created'
>;

export interface CheckoutSessionEvent extends Omit<Stripe.EventBase, 'data' | 'account' | 'context'> {
  readonly data: { readonly object: CheckoutSessionEventObject };
}

export interface CheckoutSessionEventFields {
  readonly eventId: string;
  readonly sessionId: string;
  readonly paymentIntentId: string | null;
  readonly amountPaise: number;
  readonly metadata: Stripe.Metadata | null;
  /** Default `checkout.session.completed`. */
  readonly type?: Stripe.Event.Type;
  /** Default `paid`. */
  readonly paymentStatus?: Stripe.Checkout.Session.PaymentStatus;
  /** Default `complete`. */
  readonly status?: Stripe.Checkout.Session.Status;
  /** When the event (and its session) was created; default now. */
  readonly created?: Date;
}

/**
 * A `checkout.session.*` event for an INR payment-mode session, shaped as Stripe sends it to a
 * webhook. The API's local stand-in of Stripe delivers these to our own webhook; tests use it too.
 */
export function checkoutSessionEvent(fields: CheckoutSessionEventFields): CheckoutSessionEvent {
  const created = Math.floor((fields.created ?? new Date()).getTime() / 1000);
  return {
    id: fields.eventId,
    object: 'event',
    api_version: STRIPE_API_VERSION,
    created,
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    type: fields.type ?? 'checkout.session.completed',
    data: {
      object: {
        id: fields.sessionId,
        object: 'checkout.session',
        mode: 'payment',
        status: fields.status ?? 'complete',
        payment_status: fields.paymentStatus ?? 'paid',
        amount_subtotal: fields.amountPaise,
        amount_total: fields.amountPaise,
        currency: 'inr',
        payment_intent: fields.paymentIntentId,
        metadata: fields.metadata,
        livemode: false,
        created,
      },
    },
  };
}
