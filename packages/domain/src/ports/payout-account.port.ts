import type { PayoutAccount } from '../payout/payout-account.ts';

export interface ClaimedPayoutAccount {
  readonly account: PayoutAccount;
  /** False when the user already had one: `account` is that first one, which stands. */
  readonly claimed: boolean;
}

/** Payout accounts, unique by user and by the processor's account id. */
export interface PayoutAccountRepository {
  /** Inserts the account under its user's id; a user who has one keeps it, and it is answered. */
  claim(account: PayoutAccount): Promise<ClaimedPayoutAccount>;
  findByUser(userId: string): Promise<PayoutAccount | null>;
  findByAccountId(accountId: string): Promise<PayoutAccount | null>;
  /**
   * Records the processor's report made at `reportedAt`; a report older than the one held changes
   * nothing (webhooks arrive in any order). Null when no account has that id.
   */
  recordPayoutsEnabled(accountId: string, payoutsEnabled: boolean, reportedAt: Date): Promise<PayoutAccount | null>;
}
