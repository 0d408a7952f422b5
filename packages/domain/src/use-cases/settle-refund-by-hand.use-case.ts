import { viewOfEscrow, type EscrowView } from '../escrow/escrow.ts';
import { requireText } from '../shared/bounded-text.ts';
import { requireRole } from '../user/authorization.ts';
import type { Actor } from '../user/user.ts';
import { contractWithEscrow } from './dispute-access.ts';
import type { EscrowFlow } from '../application/escrow-flow.ts';
import type { MarketplacePorts } from '../application/marketplace-ports.ts';

/** Long enough for a bank reference and a sentence on how the client was paid. */
export const REFUND_SETTLEMENT_NOTE_LENGTH_MAX = 1_000;

/**
 * An admin records that a failed client refund was paid to the client another way (a bank transfer,
 * say): the refund stops being owed, and the note says how. Recorded once; nothing is sent.
 */
export class SettleRefundByHand {
  constructor(
    private readonly ports: Pick<MarketplacePorts, 'clock'>,
    private readonly flow: EscrowFlow,
  ) {}

  async execute(command: { readonly actor: Actor; readonly contractId: unknown; readonly note: unknown }): Promise<EscrowView> {
    requireRole(command.actor, 'admin');
    const note = requireText(command.note, 'note', REFUND_SETTLEMENT_NOTE_LENGTH_MAX);
    const { escrow } = await contractWithEscrow(this.flow, command.contractId);
    const { state } = await this.flow.journaled({ type: 'escrow', id: escrow.escrow.id }, () =>
      this.flow.decideThenFollow(escrow.escrow, () => ({
        type: 'SettleClientRefundByHand',
        actor: command.actor,
        note,
        at: this.ports.clock.now(),
      })),
    );
    return viewOfEscrow(state);
  }
}
