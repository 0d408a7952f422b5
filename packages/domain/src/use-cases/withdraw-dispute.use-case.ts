import type { Dispute } from '../escrow/dispute.ts';
import { assert } from '../shared/domain-error.ts';
import { requireRole } from '../user/authorization.ts';
import type { Actor } from '../user/user.ts';
import { contractWithEscrow } from './dispute-access.ts';
import type { EscrowFlow } from '../application/escrow-flow.ts';
import type { MarketplacePorts } from '../application/marketplace-ports.ts';

/**
 * The party who opened a dispute withdraws it: the escrow is free to move again, and a review period
 * that was running resumes with at least three days left. A refund ordered before the dispute (the
 * contract was canceled for a refund) then goes ahead.
 */
export class WithdrawDispute {
  constructor(
    private readonly ports: Pick<MarketplacePorts, 'clock'>,
    private readonly flow: EscrowFlow,
  ) {}

  async execute(command: { readonly actor: Actor; readonly contractId: unknown }): Promise<Dispute> {
    requireRole(command.actor, 'client', 'freelancer');
    const { escrow } = await contractWithEscrow(this.flow, command.contractId);
    return this.flow.journaled({ type: 'escrow', id: escrow.escrow.id }, async () => {
      const withdrawn = await this.flow.changeEscrow(escrow.escrow, () => ({
        type: 'WithdrawDispute',
        actor: command.actor,
        at: this.ports.clock.now(),
      }));
      assert(withdrawn.dispute?.status === 'withdrawn', 'a withdrawn dispute is withdrawn');
      await this.flow.advance(escrow.escrow);
      return withdrawn.dispute;
    });
  }
}
