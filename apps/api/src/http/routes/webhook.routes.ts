import { z } from 'zod';
import { PaymentErrors, ValidationError, type Marketplace, type ProcessorReportResult } from '@skillhouse/domain';
import { WebhookErrors, type StripeWebhookReader, type WebhookOutcome } from '@skillhouse/payments-stripe';
import type { Logger } from 'pino';
import type { WebhookOutcomeLabel } from '../../metrics/api-metrics.ts';
import type { Reply } from '../route.ts';
import { HttpProblem, ProcessingFailed } from '../http-problem.ts';
import { HttpErrors } from '../http.errors.ts';
import { loggerOf } from '../logger-of.ts';
import { readRawBody } from '../raw-body.ts';
import { publicRoute, type Route } from '../route.ts';

/** Stripe's events are a few kilobytes; a megabyte leaves room without inviting abuse. */
export const WEBHOOK_BODY_BYTES_MAX = 1024 * 1024;

const webhookReply = z.object({ received: z.literal(true), ignored: z.string().optional() });
type WebhookReply = z.infer<typeof webhookReply>;

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
        'account.updated records whether a payout account is enabled (the newest report wins); transfer.reversed puts what the processor reversed of a withdrawal (`amount_reversed`, all reversals so far) back in the wallet, each paisa once. ' +
        "refund.failed and refund.updated (failed or canceled) record the client refund's failure; charge.refunded records a refund made outside this service; " +
        'charge.dispute.created freezes the escrow, charge.dispute.closed unfreezes it (won) or records what the network took (lost): each once, in any order (docs/ledger.md). ' +
        "A refund or chargeback on a payment not recorded yet may have overtaken its checkout event (late after an outage): unless the charge carries another checkout's metadata, " +
        `it is answered 409 \`${HttpErrors.PaymentNotRecordedYet.code}\` while Stripe still redelivers (three days from the event), so that it comes again after the checkout; after that, or labelled as another's, 200 and \`ignored\`. ` +
        'A refund this service does not know is acknowledged with 200 and `ignored`, and logged. checkout.session.expired creates nothing. ' +
        'An account or transfer this service does not know is acknowledged with 200 and `ignored`, and logged. ' +
        'Other event types, unpaid sessions, and sessions this service cannot use (no metadata) are acknowledged with 200 and `ignored`. ' +
        `A correctly signed body that is not a Stripe event of the expected shape (\`null\`, no \`data\`, \`data.object: null\`…) is 400 \`${WebhookErrors.Malformed.code}\`, final. ` +
        'A failure on our side answers 500 so that Stripe retries.',
      tags: ['payments'],
      documentedBody: {
        description: 'The Stripe event, as Stripe signed it',
        content: { 'application/json': { schema: z.looseObject({}) } },
      },
      success: { status: 200, description: 'Received', schema: webhookReply },
      errors: [400, 409, 413, 415],
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
        if (event.kind === 'ignored') return answer('ignored', event.reason ?? `event type ${event.type} is not used`);
        if (event.kind === 'account' || event.kind === 'transferReversed') {
          observer.recordWebhook(event.type, 'recorded');
          return payoutEvent(service, event, logger);
        }
        if (event.kind === 'processor') {
          const reply = await processorEvent(service, event, logger);
          observer.recordWebhook(event.type, reply === 'deferred' ? 'deferred' : reply.body.ignored === undefined ? 'recorded' : 'ignored');
          if (reply === 'deferred') {
            throw new HttpProblem(
              HttpErrors.PaymentNotRecordedYet,
              `the payment ${event.report.paymentIntentId ?? ''} is not recorded yet: this report is taken once its checkout event has arrived`,
            );
          }
          return reply;
        }
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

/** The processor's reports on payouts: each is idempotent, so a redelivery changes nothing. */
async function payoutEvent(
  service: Marketplace,
  event: Extract<WebhookOutcome, { kind: 'account' | 'transferReversed' }>,
  logger: Logger,
): Promise<Reply> {
  try {
    if (event.kind === 'account') {
      const account = await service.recordPayoutAccountState.execute(event);
      if (account === null) return unknownObject(logger, `account ${event.accountId} is not a payout account of this service`);
      logger.info({ accountId: event.accountId, payoutsEnabled: account.payoutsEnabled }, 'payout account updated');
      return { body: { received: true } };
    }
    const withdrawal =
      event.withdrawalId === null
        ? null
        : await service.recordPayoutReversed.execute({
            withdrawalId: event.withdrawalId,
            transferId: event.transferId,
            reversedPaise: event.reversedPaise,
          });
    if (withdrawal === null) return unknownObject(logger, `transfer ${event.transferId} is not a withdrawal of this service`);
    logger.info(
      {
        withdrawalId: withdrawal.id,
        transferId: event.transferId,
        reversedPaise: event.reversedPaise,
        returnedPaise: withdrawal.returnedPaise,
      },
      'payout reversal recorded: what was reversed is back in the wallet',
    );
    return { body: { received: true } };
  } catch (error) {
    throw new ProcessingFailed('the webhook event could not be processed', { cause: error });
  }
}

/**
 * What Stripe did with a payment on its own. Recorded against the payment's escrow, once however
 * often and in whatever order Stripe sends it; a payment or refund that is not ours is
 * acknowledged and logged.
 */
async function processorEvent(
  service: Marketplace,
  event: Extract<WebhookOutcome, { kind: 'processor' }>,
  logger: Logger,
): Promise<{ body: WebhookReply } | 'deferred'> {
  const { report } = event;
  let result: ProcessorReportResult | null;
  try {
    result = await service.recordProcessorReport.execute(report);
  } catch (error) {
    throw new ProcessingFailed('the webhook event could not be processed', { cause: error });
  }
  if (result === null && mayPrecedeItsPayment(event)) {
    logger.warn({ paymentIntentId: report.paymentIntentId }, 'a report came before its payment: Stripe delivers it again');
    return 'deferred';
  }
  if (result === null)
    return unknownObject(
      logger,
      `the ${report.kind === 'refundFailed' ? `refund ${report.refundId}` : `payment ${report.paymentIntentId}`} is not one of this service's`,
    );
  const { escrow, recorded } = result;
  logger.info({ escrowId: escrow.id, contractId: escrow.contractId, report: report.kind, recorded }, 'processor report');
  return { body: { received: true } };
}

/** How long Stripe keeps redelivering an event not answered 2xx. */
const STRIPE_REDELIVERY_MS = 3 * 24 * 60 * 60 * 1_000;

/**
 * A refund or a chargeback on a payment not recorded yet may have overtaken its checkout event, which
 * Stripe redelivers for days after an outage: acknowledged, the report would be lost and the escrow
 * later funded as if nothing had been given back. Unless the payment is labelled as another's, it is
 * answered non-2xx while Stripe still redelivers, so that it comes again after its checkout.
 */
function mayPrecedeItsPayment(event: Extract<WebhookOutcome, { kind: 'processor' }>): boolean {
  if (event.report.kind === 'refundFailed' || event.labelledByCheckout === false) return false;
  return event.sentAt !== null && Date.now() - event.sentAt.getTime() < STRIPE_REDELIVERY_MS;
}

function unknownObject(logger: Logger, reason: string): { body: WebhookReply } {
  logger.warn(reason);
  return { body: { received: true, ignored: reason } };
}
