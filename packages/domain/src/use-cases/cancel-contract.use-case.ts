import { decideCancel } from '../contract/contract.decide.ts';
import type { Contract } from '../contract/contract.ts';
import { optionalText } from '../shared/bounded-text.ts';
import { requireObjectId } from '../shared/ids.ts';
import { requireRole } from '../user/authorization.ts';
import type { Actor } from '../user/user.ts';
import type { EscrowFlow } from '../application/escrow-flow.ts';
import type { MarketplacePorts } from '../application/marketplace-ports.ts';

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
    private readonly ports: Pick<MarketplacePorts, 'clock'>,
    private readonly flow: EscrowFlow,
  ) {}

  async execute(command: CancelContractCommand): Promise<Contract> {
    requireRole(command.actor, 'client', 'freelancer');
    const contractId = requireObjectId(command.contractId, 'contractId');
    const reason = optionalText(command.reason, 'cancelReason', CANCEL_REASON_LENGTH_MAX);
    const description = optionalText(command.description, 'cancelReasonDescription', CANCEL_DESCRIPTION_LENGTH_MAX);
    const contract = await this.flow.requireContract(contractId);
    const escrow = await this.flow.escrowOf(contract);
    return this.flow.journaled({ type: 'job', id: contract.jobId }, async () => {
      const canceled = await this.flow.changeContract(contractId, (current) =>
        decideCancel(current, escrow, { actor: command.actor, reason, description, at: this.ports.clock.now() }),
      );
      await this.flow.advanceJob(contract.jobId);
      return canceled;
    });
  }
}
