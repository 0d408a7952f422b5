import type { EscrowView } from '../escrow/escrow.ts';
import { readPage, requirePage, type Page, type PageQuery, type TimeWindow } from '../shared/page.ts';
import { requireRole } from '../user/authorization.ts';
import type { Actor } from '../user/user.ts';
import type { MarketplacePorts } from '../application/marketplace-ports.ts';

/** A client's own payments, newest first, a page at a time: where a payment returned whole shows, with why. */
export class ListPayments {
  constructor(private readonly ports: Pick<MarketplacePorts, 'escrows'>) {}

  async execute(query: { readonly actor: Actor; readonly page?: PageQuery; readonly funded?: TimeWindow }): Promise<Page<EscrowView>> {
    requireRole(query.actor, 'client');
    return readPage(
      requirePage(query.page),
      (page) => this.ports.escrows.listByClient(query.actor.userId, page, query.funded),
      (view) => ({ at: view.fundedAt, id: view.id }),
    );
  }
}
