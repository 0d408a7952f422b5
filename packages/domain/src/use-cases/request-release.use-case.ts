import { decideRequestRelease } from '../contract/contract.decide.ts';
import type { Contract } from '../contract/contract.ts';
import { requireObjectId } from '../shared/ids.ts';
import { requireRole } from '../user/authorization.ts';
import type { Actor } from '../user/user.ts';
import type { EscrowFlow } from '../application/escrow-flow.ts';
import type { MarketplacePorts } from '../application/marketplace-ports.ts';

/** The client asks an admin to release the escrow of their Completed contract. */
export class RequestRelease {
  constructor(
    private readonly ports: Pick<MarketplacePorts, 'clock'>,
    private readonly flow: EscrowFlow,
  ) {}

  async execute(command: { readonly actor: Actor; readonly contractId: unknown }): Promise<Contract> {
    requireRole(command.actor, 'client');
    const contractId = requireObjectId(command.contractId, 'contractId');
    const before = await this.flow.requireContract(contractId);
    // The escrow is read once: a Completed contract's escrow changes only by a release (which needs
    // this request), a dispute or the review timer, and the escrow's stream orders those.
    const escrow = await this.flow.escrowOf(before);
    return this.flow.changeContract(
      contractId,
      (current) => decideRequestRelease(current, escrow, command.actor, this.ports.clock.now()),
      before,
    );
  }
}
