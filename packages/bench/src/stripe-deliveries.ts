import { checkoutSessionEvent, signWebhookPayload } from '@skillhouse/payments-stripe';
import { stripeTestId } from '@skillhouse/test-servers';
import type { BenchRequest } from './http-load.ts';

/** A job open for hire and the hire its checkout pays for. */
export interface OpenJob {
  readonly jobId: string;
  readonly clientId: string;
  readonly freelancerId: string;
  readonly amountPaise: number;
}

export interface PaidCheckout {
  readonly checkoutSessionId: string;
  /** The event as Stripe sends it, serialized once: every delivery of it signs these bytes. */
  readonly payload: string;
}

/** A paid `checkout.session.completed` for a hire on `job`, with ids of its own. */
export function paidCheckout(job: OpenJob): PaidCheckout {
  const checkoutSessionId = stripeTestId('cs');
  const event = checkoutSessionEvent({
    eventId: stripeTestId('evt'),
    sessionId: checkoutSessionId,
    paymentIntentId: stripeTestId('pi'),
    amountPaise: job.amountPaise,
    // As the API's checkout writes it: a seeded open job is posted and nothing more, so Open at revision 1.
    metadata: { jobId: job.jobId, clientId: job.clientId, freelancerId: job.freelancerId, jobRevision: '1', jobOpen: 'true' },
  });
  return { checkoutSessionId, payload: JSON.stringify(event) };
}

/** A delivery to /webhook as Stripe makes it: signed afresh, over the exact bytes. */
export function webhookDelivery(checkout: PaidCheckout, webhookSecret: string): BenchRequest {
  return {
    method: 'POST',
    path: '/webhook',
    headers: { 'content-type': 'application/json', 'stripe-signature': signWebhookPayload(checkout.payload, webhookSecret) },
    body: checkout.payload,
  };
}
