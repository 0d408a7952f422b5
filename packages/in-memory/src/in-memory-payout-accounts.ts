import type { ClaimedPayoutAccount, PayoutAccount, PayoutAccountRepository } from '@skillhouse/domain';

/** Payout accounts keyed by user (the claim), indexed by the processor's account id. */
export class InMemoryPayoutAccounts implements PayoutAccountRepository {
  private readonly byUser = new Map<string, PayoutAccount>();
  private readonly userOfAccount = new Map<string, string>();

  async claim(account: PayoutAccount): Promise<ClaimedPayoutAccount> {
    const first = this.byUser.get(account.userId);
    if (first !== undefined) return { account: first, claimed: false };
    this.byUser.set(account.userId, account);
    this.userOfAccount.set(account.accountId, account.userId);
    return { account, claimed: true };
  }

  async findByUser(userId: string): Promise<PayoutAccount | null> {
    return this.byUser.get(userId) ?? null;
  }

  async findByAccountId(accountId: string): Promise<PayoutAccount | null> {
    const userId = this.userOfAccount.get(accountId);
    return userId === undefined ? null : this.findByUser(userId);
  }

  async recordPayoutsEnabled(accountId: string, payoutsEnabled: boolean, reportedAt: Date): Promise<PayoutAccount | null> {
    const userId = this.userOfAccount.get(accountId);
    const account = userId === undefined ? undefined : this.byUser.get(userId);
    if (account === undefined) return null;
    if (account.reportedAt !== null && reportedAt.getTime() < account.reportedAt.getTime()) return account;
    const updated = { ...account, payoutsEnabled, reportedAt };
    this.byUser.set(account.userId, updated);
    return updated;
  }
}
