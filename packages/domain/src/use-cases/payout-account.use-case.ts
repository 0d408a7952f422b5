import { walletAccount } from '../ledger/ledger.ts';
import { withdrawalsOf, type Withdrawal } from '../ledger/withdrawal.ts';
import { payoutAccountIdempotencyKey, type PayoutAccount } from '../payout/payout-account.ts';
import { requireRole } from '../user/authorization.ts';
import type { Actor } from '../user/user.ts';
import type { MarketplacePolicy, MarketplacePorts } from '../application/marketplace-ports.ts';

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

/** A freelancer's latest withdrawals with their states, newest first. */
export class ListWithdrawals {
  constructor(
    private readonly ports: Pick<MarketplacePorts, 'ledger'>,
    private readonly policy: Pick<MarketplacePolicy, 'listLimitMax'>,
  ) {}

  async execute(query: { actor: Actor }): Promise<readonly Withdrawal[]> {
    requireRole(query.actor, 'freelancer');
    const transfers = await this.ports.ledger.listByAccount(walletAccount(query.actor.userId), this.policy.listLimitMax);
    const ids = transfers.flatMap((transfer) =>
      transfer.kind === 'withdrawal' && transfer.withdrawalId !== null ? [transfer.withdrawalId] : [],
    );
    if (ids.length === 0) return [];
    return withdrawalsOf(await this.ports.ledger.listByWithdrawals(ids)).toReversed();
  }
}
