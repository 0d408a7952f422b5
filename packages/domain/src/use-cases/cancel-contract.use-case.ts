import { decideCancel } from '../contract/contract.decide.ts';
import { evolveContract, type Contract, type ContractEvent } from '../contract/contract.ts';
import { ContractNotFound } from '../contract/contract.errors.ts';
import { optionalText } from '../shared/bounded-text.ts';
import { requireObjectId } from '../shared/ids.ts';
import { requireRole } from '../user/authorization.ts';
import type { Actor } from '../user/user.ts';
import type { MarketplacePorts } from '../application/marketplace-ports.ts';
import type { Reconciliation } from '../application/reconciliation.ts';
import { decideAndAppend } from '../application/stream-append.ts';

export const CANCEL_REASON_LENGTH_MAX = 100;
export const CANCEL_DESCRIPTION_LENGTH_MAX = 2_000;

export interface CancelContractCommand {
  readonly actor: Actor;
  readonly contractId: unknown;
  readonly reason?: unknown;
  readonly description?: unknown;
}

/**
 * The client or the freelancer cancels live work. The job reopens; a funded escrow stays funded
 * until an admin (or the client) refunds it.
 */
export class CancelContract {
  constructor(
    private readonly ports: Pick<MarketplacePorts, 'contracts' | 'clock'>,
    private readonly reconciliation: Reconciliation,
  ) {}

  async execute(command: CancelContractCommand): Promise<Contract> {
    requireRole(command.actor, 'client', 'freelancer');
    const contractId = requireObjectId(command.contractId, 'contractId');
    const reason = optionalText(command.reason, 'cancelReason', CANCEL_REASON_LENGTH_MAX);
    const description = optionalText(command.description, 'cancelReasonDescription', CANCEL_DESCRIPTION_LENGTH_MAX);
    const contract = await this.reconciliation.requireContract(contractId);
    return this.reconciliation.journaled({ type: 'job', id: contract.jobId }, async () => {
      const canceled = await decideAndAppend<Contract, ContractEvent>(this.ports.contracts, contractId, evolveContract, (current) => {
        if (current === null) throw new ContractNotFound(contractId);
        return decideCancel(current, { actor: command.actor, reason, description, at: this.ports.clock.now() });
      });
      await this.ports.contracts.reproject(contractId);
      await this.reconciliation.reconcileJob(contract.jobId);
      if (canceled === null) throw new ContractNotFound(contractId);
      return canceled;
    });
  }
}
