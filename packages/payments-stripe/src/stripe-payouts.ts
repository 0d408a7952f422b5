import Stripe from 'stripe';
import type { PayoutOutcome, PayoutRequest } from '@skillhouse/domain';
import { paymentGatewayErrorFrom } from './stripe-error.ts';

/** Transfers of one transfer group read before giving up: a withdrawal makes one. */
export const TRANSFER_SCAN_LIMIT = 100;

/** Where Stripe's onboarding sends the freelancer back: done, or the link expired and a new one is needed. */
export function onboardingReturnUrls(clientUrl: string): { readonly returnUrl: string; readonly refreshUrl: string } {
  const base = clientUrl.replace(/\/+$/, '');
  return { returnUrl: `${base}/freelancer/payouts?onboarding=done`, refreshUrl: `${base}/freelancer/payouts?onboarding=refresh` };
}

/** An Express account in India that can receive transfers, tagged with its user. */
export function payoutAccountParams(userId: string): Stripe.AccountCreateParams {
  return {
    type: 'express',
    country: 'IN',
    capabilities: { transfers: { requested: true } },
    metadata: { userId },
  };
}

export function payoutTransferParams(request: PayoutRequest): Stripe.TransferCreateParams {
  return {
    amount: request.amountPaise,
    currency: 'inr',
    destination: request.accountId,
    transfer_group: request.transferGroup,
    metadata: { withdrawalId: request.withdrawalId, userId: request.userId },
  };
}

/**
 * The withdrawal's transfer Stripe already holds, found by its transfer group and metadata: the
 * idempotency key lasts 24 hours, and recovery may resend a payout days after a crash.
 */
export async function earlierTransfer(stripe: Stripe, request: PayoutRequest): Promise<Stripe.Transfer | null> {
  try {
    let scanned = 0;
    for await (const transfer of stripe.transfers.list({ transfer_group: request.transferGroup, limit: 100 })) {
      scanned += 1;
      if (scanned > TRANSFER_SCAN_LIMIT) break;
      if (transfer.metadata['withdrawalId'] === request.withdrawalId) return transfer;
    }
    return null;
  } catch (error) {
    throw paymentGatewayErrorFrom(error, 'look up the transfers of the withdrawal');
  }
}

/**
 * Sends the transfer, or answers the one sent before. A request Stripe refuses as such (an invalid
 * request: no such account, transfers not enabled, the platform balance too low) is refused for
 * good and the money goes back to the wallet; any other failure throws, to be retried.
 */
export async function sendPayoutTransfer(stripe: Stripe, request: PayoutRequest): Promise<PayoutOutcome> {
  const earlier = await earlierTransfer(stripe, request);
  if (earlier !== null) return { outcome: 'sent', payoutId: earlier.id };
  try {
    const transfer = await stripe.transfers.create(payoutTransferParams(request), { idempotencyKey: request.idempotencyKey });
    return { outcome: 'sent', payoutId: transfer.id };
  } catch (error) {
    if (isRefusal(error)) {
      return {
        outcome: 'refused',
        reason: `The payment processor refused the transfer to the payout account (${error.code ?? error.type}).`,
      };
    }
    throw paymentGatewayErrorFrom(error, 'send the payout');
  }
}

function isRefusal(error: unknown): error is InstanceType<typeof Stripe.errors.StripeInvalidRequestError> {
  return error instanceof Stripe.errors.StripeInvalidRequestError && !(error instanceof Stripe.errors.StripeIdempotencyError);
}
