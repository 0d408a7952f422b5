import { decideRequestRelease } from '../contract/contract.decide.ts';
import { evolveContract, type Contract, type ContractEvent } from '../contract/contract.ts';
import { ContractNotFound } from '../contract/contract.errors.ts';
import { requireObjectId } from '../shared/ids.ts';
import { requireRole } from '../user/authorization.ts';
import type { Actor } from '../user/user.ts';
import type { MarketplacePorts } from '../application/marketplace-ports.ts';
import type { Reconciliation } from '../application/reconciliation.ts';
import { decideAndAppend } from '../application/stream-append.ts';

/** The client asks an admin to release the escrow of their Completed contract. */
export class RequestRelease {
  constructor(
    private readonly ports: Pick<MarketplacePorts, 'contracts' | 'escrows' | 'clock'>,
    private readonly reconciliation: Reconciliation,
  ) {}

  async execute(command: { readonly actor: Actor; readonly contractId: unknown }): Promise<Contract> {
    requireRole(command.actor, 'client');
    const contractId = requireObjectId(command.contractId, 'contractId');
    const before = await this.reconciliation.requireContract(contractId);
    // A Completed contract's escrow can only leave `funded` by a release, which needs this request
    // first, so reading the resolution once before deciding is enough.
    const escrowFunded = before.escrowId !== null && (await this.ports.escrows.findResolution(before.escrowId)) === null;
    const contract = await decideAndAppend<Contract, ContractEvent>(this.ports.contracts, contractId, evolveContract, (current) => {
      if (current === null) throw new ContractNotFound(contractId);
      return decideRequestRelease(current, command.actor, escrowFunded && current.escrowId === before.escrowId, this.ports.clock.now());
    });
    await this.ports.contracts.reproject(contractId);
    if (contract === null) throw new ContractNotFound(contractId);
    return contract;
  }
}
