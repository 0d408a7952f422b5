import type { ClaimedPayoutAccount, PayoutAccount, PayoutAccountRepository } from '@skillhouse/domain';
import { copyOf } from './copy-of.ts';

/** Payout accounts keyed by user (the claim), indexed by the processor's account id. */
export class InMemoryPayoutAccounts implements PayoutAccountRepository {
  private readonly byUser = new Map<string, PayoutAccount>();
  private readonly userOfAccount = new Map<string, string>();

  async claim(account: PayoutAccount): Promise<ClaimedPayoutAccount> {
    const first = this.byUser.get(account.userId);
    if (first !== undefined) return { account: copyOf(first), claimed: false };
    const stored = copyOf(account);
    this.byUser.set(stored.userId, stored);
    this.userOfAccount.set(stored.accountId, stored.userId);
    return { account: copyOf(stored), claimed: true };
  }

  async findByUser(userId: string): Promise<PayoutAccount | null> {
    const account = this.byUser.get(userId);
    return account === undefined ? null : copyOf(account);
  }

  async findByAccountId(accountId: string): Promise<PayoutAccount | null> {
    const userId = this.userOfAccount.get(accountId);
    return userId === undefined ? null : this.findByUser(userId);
  }

  async recordPayoutsEnabled(accountId: string, payoutsEnabled: boolean, reportedAt: Date): Promise<PayoutAccount | null> {
    const userId = this.userOfAccount.get(accountId);
    const account = userId === undefined ? undefined : this.byUser.get(userId);
    if (account === undefined) return null;
    if (account.reportedAt !== null && reportedAt.getTime() < account.reportedAt.getTime()) return copyOf(account);
    const updated = { ...account, payoutsEnabled, reportedAt: new Date(reportedAt) };
    this.byUser.set(account.userId, updated);
    return copyOf(updated);
  }
}
