import { createHash, randomBytes } from 'node:crypto';
import type { CheckoutRequest, CheckoutSession } from '@skillhouse/domain';
import { InMemoryPaymentGateway } from '@skillhouse/in-memory';
import { checkoutSessionEvent, signWebhookPayload, type CheckoutSessionEvent } from '@skillhouse/payments-stripe';

export type LocalCheckoutSession = CheckoutRequest & CheckoutSession;

/**
 * Stands in for Stripe when no Stripe key is configured: checkout sessions open a page served by
 * this API, and refunds are recorded in memory; payout accounts onboard on a page of this API too
 * (embedded-onboarding.ts), and transfers to them are recorded in memory. Paying on that page delivers a Stripe-shaped,
 * Stripe-signed event to our own /webhook, so the payment takes the same path as with Stripe.
 */
export class LocalPaymentGateway extends InMemoryPaymentGateway {
  constructor(publicUrl: string) {
    super(
      (sessionId) => `${publicUrl}/embedded/checkout/${sessionId}`,
      (accountId) => `${publicUrl}/embedded/payouts/onboarding/${accountId}`,
    );
  }

  findSession(sessionId: string): LocalCheckoutSession | null {
    return this.sessions.get(sessionId) ?? null;
  }

  /** The session is paid: the processor now holds its payment (what the reconciliation reads), and Stripe would send this event. */
  pay(session: LocalCheckoutSession, now: Date): CheckoutSessionEvent {
    this.recordPaymentReceived(localPaymentIntentId(session.sessionId), session.amountPaise);
    return checkoutCompletedEvent(session, now);
  }
}

/** The payment intent of a local session, fixed per session as Stripe's is. */
export function localPaymentIntentId(sessionId: string): string {
  return `pi_local_${createHash('sha256').update(sessionId).digest('hex').slice(0, 24)}`;
}

/**
 * The `checkout.session.completed` event Stripe sends for a paid session. The payment intent id is
 * derived from the session, as Stripe's is fixed per session, so paying twice replays one payment.
 */
export function checkoutCompletedEvent(session: LocalCheckoutSession, now: Date): CheckoutSessionEvent {
  return checkoutSessionEvent({
    eventId: `evt_local_${randomBytes(12).toString('hex')}`,
    sessionId: session.sessionId,
    paymentIntentId: localPaymentIntentId(session.sessionId),
    amountPaise: session.amountPaise,
    metadata: { jobId: session.jobId, clientId: session.clientId, freelancerId: session.freelancerId },
    created: now,
  });
}

/** Signs the event with the webhook secret the Stripe way and POSTs it to the webhook. */
export async function deliverSignedEvent(
  event: CheckoutSessionEvent,
  target: { webhookUrl: string; webhookSecret: string },
): Promise<Response> {
  const payload = JSON.stringify(event);
  return fetch(target.webhookUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'stripe-signature': signWebhookPayload(payload, target.webhookSecret) },
    body: payload,
    signal: AbortSignal.timeout(30_000),
  });
}
