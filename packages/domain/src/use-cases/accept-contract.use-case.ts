import type { Contract } from '../contract/contract.ts';
import { requireObjectId } from '../shared/ids.ts';
import { requireRole, requireSelf } from '../user/authorization.ts';
import type { Actor } from '../user/user.ts';
import type { MarketplacePorts } from '../application/marketplace-ports.ts';
import type { EscrowFlow } from '../application/escrow-flow.ts';
import { progressWork } from '../application/work-progress.ts';

/** The freelancer accepts a Pending contract: it becomes Started. */
export class AcceptContract {
  constructor(
    private readonly ports: Pick<MarketplacePorts, 'clock'>,
    private readonly flow: EscrowFlow,
  ) {}

  async execute(command: { readonly actor: Actor; readonly contractId: unknown; readonly freelancerId: unknown }): Promise<Contract> {
    requireRole(command.actor, 'freelancer');
    const contractId = requireObjectId(command.contractId, 'contractId');
    requireSelf(command.actor, requireObjectId(command.freelancerId, 'freelancerId'), { adminMayActForOthers: false });
    return progressWork(this.ports, this.flow, contractId, command.actor, 'Started');
  }
}
