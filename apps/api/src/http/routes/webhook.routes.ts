import { z } from 'zod';
import { PaymentErrors, ValidationError, type Marketplace } from '@skillhouse/domain';
import { WebhookErrors, type StripeWebhookReader, type WebhookOutcome } from '@skillhouse/payments-stripe';
import type { WebhookOutcomeLabel } from '../../metrics/api-metrics.ts';
import { ProcessingFailed } from '../http-problem.ts';
import { loggerOf } from '../logger-of.ts';
import { readRawBody } from '../raw-body.ts';
import { publicRoute, type Route } from '../route.ts';

/** Stripe's events are a few kilobytes; a megabyte leaves room without inviting abuse. */
export const WEBHOOK_BODY_BYTES_MAX = 1024 * 1024;

const webhookReply = z.object({ received: z.literal(true), ignored: z.string().optional() });

/** Where each delivery's type and outcome are counted (the API's metrics). */
export interface WebhookObserver {
  recordWebhook(type: string, outcome: WebhookOutcomeLabel): void;
}

export function webhookRoutes(service: Marketplace, reader: Pick<StripeWebhookReader, 'read'>, observer: WebhookObserver): Route[] {
  return [
    publicRoute({
      method: 'post',
      path: '/webhook',
      summary: 'Stripe webhook: a paid Checkout funds the escrow and the contract',
      description:
        'Verified with the stripe-signature header over the raw body (no body parser runs on this route). ' +
        'checkout.session.completed (paid) and checkout.session.async_payment_succeeded record the payment, once per session. ' +
        'Other event types, unpaid sessions, and sessions this service cannot use (no metadata) are acknowledged with 200 and `ignored`. ' +
        `A correctly signed body that is not a Stripe event of the expected shape (\`null\`, no \`data\`, \`data.object: null\`…) is 400 \`${WebhookErrors.Malformed.code}\`, final. ` +
        'A failure on our side answers 500 so that Stripe retries.',
      tags: ['payments'],
      documentedBody: {
        description: 'The Stripe event, as Stripe signed it',
        content: { 'application/json': { schema: z.looseObject({}) } },
      },
      success: { status: 200, description: 'Received', schema: webhookReply },
      errors: [400, 413],
      async handle({ ctx }) {
        let event: WebhookOutcome;
        try {
          const raw = await readRawBody(ctx.req, WEBHOOK_BODY_BYTES_MAX);
          event = reader.read(raw, ctx.get('stripe-signature') || undefined);
        } catch (error) {
          observer.recordWebhook('unknown', 'refused');
          throw error;
        }
        const logger = loggerOf(ctx).child({ stripeEventId: event.eventId, stripeEventType: event.type });
        const answer = (outcome: WebhookOutcomeLabel, ignored?: string) => {
          observer.recordWebhook(event.type, outcome);
          return { body: ignored === undefined ? { received: true } : { received: true, ignored } };
        };
        if (event.kind === 'ignored') return answer('ignored', `event type ${event.type} is not used`);
        try {
          const result = await service.recordPayment.execute(event.outcome);
          if (result.outcome === 'ignored') return answer('ignored', result.reason);
          logger.info({ escrowId: result.escrow.id, contractId: result.escrow.contractId }, 'payment recorded');
          return answer('recorded');
        } catch (error) {
          // Stripe retries anything but a 2xx; a session that can never fund an escrow must not be retried for days.
          if (error instanceof ValidationError && error.code === PaymentErrors.UnusableCheckout.code) {
            logger.warn({ code: error.code, checkoutSessionId: event.outcome.checkoutSessionId }, 'webhook event ignored');
            return answer('ignored', error.message);
          }
          observer.recordWebhook(event.type, 'failed');
          throw new ProcessingFailed('the webhook event could not be processed', { cause: error });
        }
      },
    }),
  ];
}
