import { EscrowNotFound } from '../escrow/escrow.errors.ts';
import { viewOfEscrow, type EscrowView } from '../escrow/escrow.ts';
import { assert } from '../shared/domain-error.ts';
import { requireObjectId } from '../shared/ids.ts';
import { requireRole } from '../user/authorization.ts';
import type { Actor } from '../user/user.ts';
import type { EscrowFlow } from '../application/escrow-flow.ts';
import type { MarketplacePorts } from '../application/marketplace-ports.ts';

/**
 * An admin releases a Completed contract's escrow after the client asked: the freelancer's wallet is
 * credited their earning. The release is claimed on the escrow's stream first, so a release racing a
 * refund, a dispute or the review timer moves money once; a loser is refused.
 */
export class ReleaseEscrow {
  constructor(
    private readonly ports: Pick<MarketplacePorts, 'clock'>,
    private readonly flow: EscrowFlow,
  ) {}

  async execute(command: { readonly actor: Actor; readonly contractId: unknown }): Promise<EscrowView> {
    requireRole(command.actor, 'admin');
    const contractId = requireObjectId(command.contractId, 'contractId');
    const contract = await this.flow.requireContract(contractId);
    const state = await this.flow.escrowOf(contract);
    if (state === null) throw new EscrowNotFound(`contract ${contractId}`);

    const released = await this.flow.journaled({ type: 'escrow', id: state.escrow.id }, async () => {
      return this.flow.resolve(
        state,
        () => ({
          type: 'Release',
          actor: command.actor,
          contractId,
          contractStatus: contract.status,
          releaseFundStatus: contract.releaseFundStatus,
          at: this.ports.clock.now(),
        }),
        contract,
      );
    });
    const view = viewOfEscrow(released);
    assert(view.status === 'released', 'a settled release shows as released');
    return view;
  }
}
