import { viewOfEscrow, type EscrowView } from '../escrow/escrow.ts';
import { requireText } from '../shared/bounded-text.ts';
import { requireRole } from '../user/authorization.ts';
import type { Actor } from '../user/user.ts';
import { escrowOfTarget, type FailedRefundTarget } from './failed-refund-escrow.ts';
import type { EscrowFlow } from '../application/escrow-flow.ts';
import type { MarketplacePorts } from '../application/marketplace-ports.ts';

/** Long enough for a bank reference and a sentence on how the client was paid. */
export const REFUND_SETTLEMENT_NOTE_LENGTH_MAX = 1_000;

/**
 * An admin records that a failed client refund was paid to the client another way (a bank transfer,
 * say): the refund stops being owed, and the note says how. Recorded once; nothing is sent. The
 * escrow is named by its contract, or by its own id when it funds none (a payment returned whole).
 */
export class SettleRefundByHand {
  constructor(
    private readonly ports: Pick<MarketplacePorts, 'clock' | 'escrows'>,
    private readonly flow: EscrowFlow,
  ) {}

  async execute(command: { readonly actor: Actor; readonly note: unknown } & FailedRefundTarget): Promise<EscrowView> {
    requireRole(command.actor, 'admin');
    const note = requireText(command.note, 'note', REFUND_SETTLEMENT_NOTE_LENGTH_MAX);
    const escrow = await escrowOfTarget(this.ports, this.flow, command);
    const { state } = await this.flow.journaled({ type: 'escrow', id: escrow.id }, () =>
      this.flow.decideThenFollow(escrow, () => ({
        type: 'SettleClientRefundByHand',
        actor: command.actor,
        note,
        at: this.ports.clock.now(),
      })),
    );
    return viewOfEscrow(state);
  }
}
