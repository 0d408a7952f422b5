/**
 * A freelancer's payout account at the payment processor (a Stripe Express connected account).
 * One per user, claimed under the user's id; whether payouts are enabled follows the processor's
 * reports (`account.updated`), the latest report winning.
 */
export interface PayoutAccount {
  readonly userId: string;
  /** The processor's account id (`acct_...`). */
  readonly accountId: string;
  readonly payoutsEnabled: boolean;
  readonly createdAt: Date;
  /** When the processor's latest report on the account was made; null before any. */
  readonly reportedAt: Date | null;
}

/** The processor's idempotency key for creating a user's account: retries and races create one. */
export function payoutAccountIdempotencyKey(userId: string): string {
  return `payout-account-${userId}`;
}

/** The processor's transfer group of a withdrawal, tying its transfer (and any reversal) to it. */
export function payoutTransferGroup(withdrawalId: string): string {
  return `withdrawal-${withdrawalId}`;
}
