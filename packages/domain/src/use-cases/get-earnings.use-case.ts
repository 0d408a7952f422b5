import type { LedgerEntry } from '../ledger/ledger.ts';
import type { Paise } from '../money/money.ts';
import { requireObjectId } from '../shared/ids.ts';
import { requireSelf } from '../user/authorization.ts';
import type { Actor } from '../user/user.ts';
import type { MarketplacePolicy, MarketplacePorts } from '../application/marketplace-ports.ts';

export interface Earnings {
  readonly userId: string;
  readonly balancePaise: Paise;
  readonly entries: readonly LedgerEntry[];
}

/** A user's wallet: the balance derived from their ledger entries, and the latest entries. */
export class GetEarnings {
  constructor(
    private readonly ports: Pick<MarketplacePorts, 'ledger'>,
    private readonly policy: Pick<MarketplacePolicy, 'listLimitMax'>,
  ) {}

  async execute(query: { actor: Actor; userId: unknown }): Promise<Earnings> {
    const userId = requireObjectId(query.userId, 'userId');
    requireSelf(query.actor, userId, { adminMayActForOthers: true });
    const [balancePaise, entries] = await Promise.all([
      this.ports.ledger.balanceOf(userId),
      this.ports.ledger.listByOwner(userId, this.policy.listLimitMax),
    ]);
    return { userId, balancePaise, entries };
  }
}
