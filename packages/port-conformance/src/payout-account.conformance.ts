import type { PayoutAccount } from '@skillhouse/domain';
import { describe, expect, it } from 'vitest';
import { at, newId, simultaneously } from './fixtures.ts';
import type { PersistencePorts } from './persistence-ports.ts';

function payoutAccountFixture(overrides: Partial<PayoutAccount> = {}): PayoutAccount {
  return { userId: newId(), accountId: `acct_${newId()}`, payoutsEnabled: false, createdAt: at(1), reportedAt: null, ...overrides };
}

export function describePayoutAccounts(ports: () => PersistencePorts): void {
  describe('payout accounts', () => {
    it('claims an account per user once and answers a second claim with the first', async () => {
      const account = payoutAccountFixture();
      await expect(ports().payoutAccounts.claim(account)).resolves.toStrictEqual({ account, claimed: true });
      const second = { ...account, accountId: `acct_${newId()}`, createdAt: at(5) };
      await expect(ports().payoutAccounts.claim(second)).resolves.toStrictEqual({ account, claimed: false });
      await expect(ports().payoutAccounts.findByUser(account.userId)).resolves.toStrictEqual(account);
      await expect(ports().payoutAccounts.findByAccountId(account.accountId)).resolves.toStrictEqual(account);
      await expect(ports().payoutAccounts.findByAccountId(second.accountId)).resolves.toBeNull();
      await expect(ports().payoutAccounts.findByUser(newId())).resolves.toBeNull();
    });

    it('keeps exactly one of 20 simultaneous claims for one user', async () => {
      const userId = newId();
      const results = await simultaneously(20, (index) =>
        ports().payoutAccounts.claim(payoutAccountFixture({ userId, accountId: `acct_${userId}_${index}` })),
      );
      const claimed = results.filter((result) => result.claimed);
      expect(claimed).toHaveLength(1);
      for (const result of results) expect(result.account).toStrictEqual(claimed[0]?.account);
    });

    it('records the newest report on payouts and ignores an older one', async () => {
      const account = payoutAccountFixture();
      await ports().payoutAccounts.claim(account);
      await expect(ports().payoutAccounts.recordPayoutsEnabled(account.accountId, true, at(3))).resolves.toStrictEqual({
        ...account,
        payoutsEnabled: true,
        reportedAt: at(3),
      });
      await expect(ports().payoutAccounts.recordPayoutsEnabled(account.accountId, false, at(2))).resolves.toStrictEqual({
        ...account,
        payoutsEnabled: true,
        reportedAt: at(3),
      });
      await expect(ports().payoutAccounts.recordPayoutsEnabled(`acct_${newId()}`, true, at(4))).resolves.toBeNull();
    });
  });
}
