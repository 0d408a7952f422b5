import { ValidationErrors } from '../shared/validation.errors.ts';
import { NotAPartyToContract } from '../contract/contract.errors.ts';
import type { Dispute, DisputeStatus } from '../escrow/dispute.ts';
import type { EscrowView } from '../escrow/escrow.ts';
import { ValidationError } from '../shared/domain-error.ts';
import { DISPUTE_STATUSES } from '../escrow/dispute.ts';
import { requireRole } from '../user/authorization.ts';
import type { Actor } from '../user/user.ts';
import { requireObjectId } from '../shared/ids.ts';
import type { EscrowFlow } from '../application/escrow-flow.ts';
import { readPage, requirePage, type Page, type PageQuery } from '../shared/page.ts';
import type { MarketplacePorts } from '../application/marketplace-ports.ts';

/** A contract's latest dispute with its statements, for its parties and admins; null if none was ever opened. */
export class GetDispute {
  constructor(private readonly flow: EscrowFlow) {}

  async execute(query: { readonly actor: Actor; readonly contractId: unknown }): Promise<Dispute | null> {
    const contract = await this.flow.requireContract(requireObjectId(query.contractId, 'contractId'));
    const { actor } = query;
    const isParty = actor.userId === contract.clientId || actor.userId === contract.freelancerId;
    if (actor.role !== 'admin' && !isParty) throw new NotAPartyToContract();
    // A contract no payment funds yet has no escrow, so no dispute was ever opened on it.
    return (await this.flow.escrowOf(contract))?.dispute ?? null;
  }
}

function requireDisputeStatus(value: unknown): DisputeStatus {
  const status = DISPUTE_STATUSES.find((candidate) => candidate === (value ?? 'open'));
  if (status === undefined) {
    const allowed = `must be one of ${DISPUTE_STATUSES.join(', ')}`;
    throw new ValidationError(ValidationErrors.InvalidDisputeStatus, `status ${allowed}`, { fields: { status: allowed } });
  }
  return status;
}

/** The admins' queue: escrows whose latest dispute is in a status (open by default), oldest dispute first, a page at a time. */
export class ListDisputes {
  constructor(private readonly ports: Pick<MarketplacePorts, 'escrows'>) {}

  async execute(query: { readonly actor: Actor; readonly status?: unknown; readonly page?: PageQuery }): Promise<Page<EscrowView>> {
    requireRole(query.actor, 'admin');
    const status = requireDisputeStatus(query.status);
    return readPage(
      requirePage(query.page),
      (page) => this.ports.escrows.listByDisputeStatus(status, page),
      // Every escrow in a dispute status has a dispute; the fallback only satisfies the type.
      (view) => ({ at: view.dispute?.openedAt ?? view.fundedAt, id: view.id }),
    );
  }
}
