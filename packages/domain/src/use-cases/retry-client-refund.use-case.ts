import { viewOfEscrow, type EscrowView } from '../escrow/escrow.ts';
import { requireRole } from '../user/authorization.ts';
import type { Actor } from '../user/user.ts';
import { escrowOfTarget, type FailedRefundTarget } from './failed-refund-escrow.ts';
import type { EscrowFlow } from '../application/escrow-flow.ts';
import type { MarketplacePorts } from '../application/marketplace-ports.ts';

/**
 * An admin sends a failed client refund again. The retry is claimed on the escrow's stream first,
 * then the refund is made (a new one at the processor, since the last one failed) and recorded; a
 * crash in between is finished by recovery, and two retries at once send one refund. The escrow is
 * named by its contract, or by its own id when it funds none (a payment returned whole).
 */
export class RetryClientRefund {
  constructor(
    private readonly ports: Pick<MarketplacePorts, 'clock' | 'escrows'>,
    private readonly flow: EscrowFlow,
  ) {}

  async execute(command: { readonly actor: Actor } & FailedRefundTarget): Promise<EscrowView> {
    requireRole(command.actor, 'admin');
    const escrow = await escrowOfTarget(this.ports, this.flow, command);
    const { state } = await this.flow.journaled({ type: 'escrow', id: escrow.id }, () =>
      this.flow.decideThenFollow(escrow, () => ({ type: 'RetryClientRefund', actor: command.actor, at: this.ports.clock.now() })),
    );
    return viewOfEscrow(state);
  }
}
