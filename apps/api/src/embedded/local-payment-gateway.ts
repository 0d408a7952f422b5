import { createHash, randomBytes } from 'node:crypto';
import type { CheckoutRequest, CheckoutSession } from '@skillhouse/domain';
import { InMemoryPaymentGateway } from '@skillhouse/in-memory';
import { signWebhookPayload, STRIPE_API_VERSION } from '@skillhouse/payments-stripe';

export type LocalCheckoutSession = CheckoutRequest & CheckoutSession;

/**
 * Stands in for Stripe when no Stripe key is configured: checkout sessions open a page served by
 * this API, and refunds are recorded in memory. Paying on that page delivers a Stripe-shaped,
 * Stripe-signed event to our own /webhook, so the payment takes the same path as with Stripe.
 */
export class LocalPaymentGateway extends InMemoryPaymentGateway {
  constructor(publicUrl: string) {
    super((sessionId) => `${publicUrl}/embedded/checkout/${sessionId}`);
  }

  findSession(sessionId: string): LocalCheckoutSession | null {
    return this.sessions.get(sessionId) ?? null;
  }
}

/**
 * The `checkout.session.completed` event Stripe sends for a paid session. The payment intent id is
 * derived from the session, as Stripe's is fixed per session, so paying twice replays one payment.
 */
export function checkoutCompletedEvent(session: LocalCheckoutSession, now: Date): Record<string, unknown> {
  const created = Math.floor(now.getTime() / 1000);
  const paymentIntent = `pi_local_${createHash('sha256').update(session.sessionId).digest('hex').slice(0, 24)}`;
  return {
    id: `evt_local_${randomBytes(12).toString('hex')}`,
    object: 'event',
    api_version: STRIPE_API_VERSION,
    created,
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    type: 'checkout.session.completed',
    data: {
      object: {
        id: session.sessionId,
        object: 'checkout.session',
        mode: 'payment',
        status: 'complete',
        payment_status: 'paid',
        amount_total: session.amountPaise,
        currency: 'inr',
        payment_intent: paymentIntent,
        metadata: { jobId: session.jobId, clientId: session.clientId, freelancerId: session.freelancerId },
        created,
      },
    },
  };
}

/** Signs the event with the webhook secret the Stripe way and POSTs it to the webhook. */
export async function deliverSignedEvent(event: Record<string, unknown>, target: { webhookUrl: string; webhookSecret: string }): Promise<Response> {
  const payload = JSON.stringify(event);
  return fetch(target.webhookUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'stripe-signature': signWebhookPayload(payload, target.webhookSecret) },
    body: payload,
    signal: AbortSignal.timeout(30_000),
  });
}
