import { entryOf, walletAccount, type AccountEntry } from '../ledger/ledger.ts';
import { withdrawalsOf, type Withdrawal } from '../ledger/withdrawal.ts';
import type { Paise } from '../money/money.ts';
import { requireObjectId } from '../shared/ids.ts';
import { requireSelf } from '../user/authorization.ts';
import type { Actor } from '../user/user.ts';
import type { MarketplacePolicy, MarketplacePorts } from '../application/marketplace-ports.ts';

export interface Earnings {
  readonly userId: string;
  /** The wallet account's balance: what the freelancer may withdraw. */
  readonly balancePaise: Paise;
  readonly availablePaise: Paise;
  /** Withdrawn from the wallet and not yet paid out or returned. */
  readonly heldPaise: Paise;
  readonly entries: readonly AccountEntry[];
  /** The latest withdrawals, newest first. */
  readonly withdrawals: readonly Withdrawal[];
}

/** A user's wallet: the balance derived from the ledger's transfers, the latest movements and withdrawals. */
export class GetEarnings {
  constructor(
    private readonly ports: Pick<MarketplacePorts, 'ledger'>,
    private readonly policy: Pick<MarketplacePolicy, 'listLimitMax'>,
  ) {}

  async execute(query: { actor: Actor; userId: unknown }): Promise<Earnings> {
    const userId = requireObjectId(query.userId, 'userId');
    requireSelf(query.actor, userId, { adminMayActForOthers: true });
    const account = walletAccount(userId);
    const [position, transfers] = await Promise.all([
      this.ports.ledger.positionOf(account),
      this.ports.ledger.listByAccount(account, this.policy.listLimitMax),
    ]);
    const withdrawalIds = transfers.flatMap((transfer) =>
      transfer.kind === 'withdrawal' && transfer.withdrawalId !== null ? [transfer.withdrawalId] : [],
    );
    const withdrawals =
      withdrawalIds.length === 0 ? [] : withdrawalsOf(await this.ports.ledger.listByWithdrawals(withdrawalIds)).toReversed();
    const heldPaise = withdrawals.reduce((sum, withdrawal) => (withdrawal.status === 'pending' ? sum + withdrawal.amountPaise : sum), 0);
    return {
      userId,
      balancePaise: position.balancePaise,
      availablePaise: position.balancePaise,
      heldPaise,
      entries: transfers.map((transfer) => entryOf(account, transfer)),
      withdrawals,
    };
  }
}
