import { firstDebitIdsOf, withdrawalsOf, type Withdrawal } from '../ledger/withdrawal.ts';
import { payoutAccountIdempotencyKey, type PayoutAccount } from '../payout/payout-account.ts';
import { readPage, requirePage, type Page, type PageQuery } from '../shared/page.ts';
import { requireRole } from '../user/authorization.ts';
import type { Actor } from '../user/user.ts';
import type { MarketplacePorts } from '../application/marketplace-ports.ts';

/** A freelancer's payout account as the API shows it; `accountId` null before one is connected. */
export interface PayoutAccountState {
  readonly connected: boolean;
  readonly accountId: string | null;
  readonly payoutsEnabled: boolean;
}

function stateOf(account: PayoutAccount | null): PayoutAccountState {
  return account === null
    ? { connected: false, accountId: null, payoutsEnabled: false }
    : { connected: true, accountId: account.accountId, payoutsEnabled: account.payoutsEnabled };
}

/**
 * Creates the freelancer's connected account once (the processor's idempotency key and the claim
 * under the user's id both make a retry or a race end with one) and answers a fresh onboarding link.
 */
export class ConnectPayoutAccount {
  constructor(private readonly ports: Pick<MarketplacePorts, 'payoutAccounts' | 'payments' | 'clock'>) {}

  async execute(command: { actor: Actor }): Promise<{ url: string; account: PayoutAccountState }> {
    const { actor } = command;
    requireRole(actor, 'freelancer');
    let account = await this.ports.payoutAccounts.findByUser(actor.userId);
    if (account === null) {
      const { accountId } = await this.ports.payments.createPayoutAccount({
        userId: actor.userId,
        idempotencyKey: payoutAccountIdempotencyKey(actor.userId),
      });
      const now = this.ports.clock.now();
      ({ account } = await this.ports.payoutAccounts.claim({
        userId: actor.userId,
        accountId,
        payoutsEnabled: false,
        createdAt: now,
        reportedAt: null,
      }));
    }
    const { url } = await this.ports.payments.createOnboardingLink(account.accountId);
    return { url, account: stateOf(account) };
  }
}

export class GetPayoutAccount {
  constructor(private readonly ports: Pick<MarketplacePorts, 'payoutAccounts'>) {}

  async execute(query: { actor: Actor }): Promise<PayoutAccountState> {
    requireRole(query.actor, 'freelancer');
    return stateOf(await this.ports.payoutAccounts.findByUser(query.actor.userId));
  }
}

/**
 * The processor reported on an account (`account.updated`, or the embedded onboarding page): null
 * when the account is not one of ours, which the caller acknowledges and logs.
 */
export class RecordPayoutAccountState {
  constructor(private readonly ports: Pick<MarketplacePorts, 'payoutAccounts'>) {}

  async execute(report: { accountId: string; payoutsEnabled: boolean; reportedAt: Date }): Promise<PayoutAccountState | null> {
    const account = await this.ports.payoutAccounts.recordPayoutsEnabled(report.accountId, report.payoutsEnabled, report.reportedAt);
    return account === null ? null : stateOf(account);
  }
}

/** A freelancer's withdrawals with their states, newest first, a page at a time. */
export class ListWithdrawals {
  constructor(private readonly ports: Pick<MarketplacePorts, 'ledger'>) {}

  /** One page of the caller's withdrawals, newest first: the debits that claimed them, then their transfers. */
  async execute(query: { actor: Actor; page?: PageQuery }): Promise<Page<Withdrawal>> {
    requireRole(query.actor, 'freelancer');
    const { userId } = query.actor;
    const debits = await readPage(
      requirePage(query.page),
      (request) => this.ports.ledger.listWithdrawalDebits(userId, request),
      (debit) => ({ at: debit.at, id: debit.withdrawalId ?? '' }),
    );
    const ids = debits.items.flatMap((debit) => (debit.withdrawalId === null ? [] : [debit.withdrawalId]));
    if (ids.length === 0) return { items: [], next: debits.next };
    const transfers = await this.ports.ledger.listByWithdrawals(ids);
    const byId = new Map(withdrawalsOf(transfers).map((withdrawal) => [withdrawal.id, withdrawal]));
    const firstDebits = firstDebitIdsOf(transfers);
    // In the debits' order, which the page's cursor follows; a surplus debit given back (two runs of one request key) shows nothing.
    return {
      items: debits.items.flatMap((debit) =>
        debit.withdrawalId !== null && firstDebits.get(debit.withdrawalId) === debit.id ? (byId.get(debit.withdrawalId) ?? []) : [],
      ),
      next: debits.next,
    };
  }
}
