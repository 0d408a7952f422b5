import { randomBytes } from 'node:crypto';
import { checkoutSessionEvent, signWebhookPayload } from '@skillhouse/payments-stripe';
import { stripeTestId } from '@skillhouse/test-servers';
import type { ApiResponse } from './api-client.ts';

export interface PaidCheckout {
  readonly jobId: string;
  readonly clientId: string;
  readonly freelancerId: string;
  /** What Stripe says was paid, in paise. */
  readonly amountPaise: number;
}

export interface CheckoutCompletedEvent {
  readonly checkoutSessionId: string;
  readonly paymentIntentId: string;
  /** The event as Stripe would send it, serialized once: every delivery signs these exact bytes. */
  readonly payload: string;
}

/**
 * A `checkout.session.completed` event for a paid session with its own ids. stripe-mock answers every
 * session create with the same canned id, so the session ids of real flows come from here.
 */
export function checkoutCompletedEvent(checkout: PaidCheckout): CheckoutCompletedEvent {
  const checkoutSessionId = stripeTestId('cs');
  const paymentIntentId = stripeTestId('pi');
  const event = checkoutSessionEvent({
    eventId: stripeTestId('evt'),
    sessionId: checkoutSessionId,
    paymentIntentId,
    amountPaise: checkout.amountPaise,
    metadata: { jobId: checkout.jobId, clientId: checkout.clientId, freelancerId: checkout.freelancerId },
  });
  return { checkoutSessionId, paymentIntentId, payload: JSON.stringify(event) };
}

/** Delivers a signed event to `/webhook` the way Stripe does (a fresh signature per delivery). */
export async function deliverWebhook(apiUrl: string, payload: string, webhookSecret: string): Promise<ApiResponse> {
  const response = await fetch(`${apiUrl}/webhook`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'stripe-signature': signWebhookPayload(payload, webhookSecret) },
    body: payload,
  });
  const text = await response.text();
  return { status: response.status, body: text === '' ? null : (JSON.parse(text) as unknown) };
}

export function newWebhookSecret(): string {
  return `whsec_${randomBytes(24).toString('hex')}`;
}

/** Any Stripe event around `object`, with a fresh id, serialized as Stripe would send it. */
export function stripeEvent(type: string, object: Record<string, unknown>): string {
  return JSON.stringify({
    id: stripeTestId('evt'),
    object: 'event',
    api_version: '2024-06-20',
    created: Math.floor(Date.now() / 1_000),
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    type,
    data: { object },
  });
}
