import type { EscrowView } from '../escrow/escrow.ts';
import { requireRole } from '../user/authorization.ts';
import type { Actor } from '../user/user.ts';
import type { MarketplacePolicy, MarketplacePorts } from '../application/marketplace-ports.ts';

/** A client's own payments, newest first: where a payment returned whole shows, with why. */
export class ListPayments {
  constructor(
    private readonly ports: Pick<MarketplacePorts, 'escrows'>,
    private readonly policy: Pick<MarketplacePolicy, 'listLimitMax'>,
  ) {}

  async execute(query: { readonly actor: Actor }): Promise<readonly EscrowView[]> {
    requireRole(query.actor, 'client');
    return this.ports.escrows.listByClient(query.actor.userId, this.policy.listLimitMax);
  }
}
