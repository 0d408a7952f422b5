import { ReleaseNotAllowed } from '../contract/contract.errors.ts';
import { EscrowAlreadyResolved, EscrowNotFound } from '../escrow/escrow.errors.ts';
import type { EscrowView } from '../escrow/escrow.ts';
import { assert } from '../shared/domain-error.ts';
import { requireObjectId } from '../shared/ids.ts';
import { requireRole } from '../user/authorization.ts';
import type { Actor } from '../user/user.ts';
import type { MarketplacePorts } from '../application/marketplace-ports.ts';
import type { EscrowSettlement } from '../application/escrow-settlement.ts';
import type { Reconciliation } from '../application/reconciliation.ts';

/**
 * An admin releases a Completed contract's escrow after the client asked: the freelancer's wallet is
 * credited their earning. The escrow's one resolution is claimed first, so a release racing another
 * release or a refund moves money once; the loser helps finish the winner's work, then is refused.
 */
export class ReleaseEscrow {
  constructor(
    private readonly ports: Pick<MarketplacePorts, 'escrows' | 'clock'>,
    private readonly reconciliation: Reconciliation,
    private readonly settlement: EscrowSettlement,
  ) {}

  async execute(command: { readonly actor: Actor; readonly contractId: unknown }): Promise<EscrowView> {
    requireRole(command.actor, 'admin');
    const contractId = requireObjectId(command.contractId, 'contractId');
    const contract = await this.reconciliation.requireContract(contractId);
    const escrow = await this.settlement.requireUnresolvedEscrow(contract, () => new EscrowNotFound(`contract ${contractId}`));
    if (contract.status !== 'Completed') throw new ReleaseNotAllowed('only a Completed contract can be released');
    if (contract.releaseFundStatus !== 'Requested') throw new ReleaseNotAllowed('the client has not requested the release');

    await this.reconciliation.journaled({ type: 'escrow', id: escrow.id }, async () => {
      const { won, resolution } = await this.settlement.claimAndSettle(escrow, {
        escrowId: escrow.id, contractId, kind: 'release', stage: null,
        clientRefundPaise: 0, freelancerPayoutPaise: escrow.freelancerEarningPaise, platformFeePaise: escrow.platformFeePaise,
        decidedBy: command.actor.userId, decidedAt: this.ports.clock.now(), cancelReason: null, cancelReasonDescription: null,
      });
      if (!won) throw new EscrowAlreadyResolved(resolution.kind);
    });
    const view = await this.ports.escrows.view(escrow.id);
    assert(view !== null && view.status === 'released', 'a settled release shows as released');
    return view;
  }
}
