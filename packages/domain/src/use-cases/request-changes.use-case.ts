import type { Contract } from '../contract/contract.ts';
import { requireText } from '../shared/bounded-text.ts';
import { requireRole } from '../user/authorization.ts';
import type { Actor } from '../user/user.ts';
import { contractWithEscrow } from './dispute-access.ts';
import type { EscrowFlow } from '../application/escrow-flow.ts';
import type { MarketplacePolicy, MarketplacePorts } from '../application/marketplace-ports.ts';

export const CHANGE_REQUEST_NOTE_LENGTH_MAX = 2_000;

/**
 * The client sends a delivery back during its review period. The request is claimed on the escrow's
 * stream first, where it excludes the review timer's release; the contract then follows, Completed
 * back to Ongoing, and the review period is cleared until the next delivery.
 */
export class RequestChanges {
  constructor(
    private readonly ports: Pick<MarketplacePorts, 'clock'>,
    private readonly policy: Pick<MarketplacePolicy, 'changeRequestsMax'>,
    private readonly flow: EscrowFlow,
  ) {}

  async execute(command: { readonly actor: Actor; readonly contractId: unknown; readonly note: unknown }): Promise<Contract> {
    requireRole(command.actor, 'client');
    const note = requireText(command.note, 'note', CHANGE_REQUEST_NOTE_LENGTH_MAX);
    const { contract, escrow } = await contractWithEscrow(this.flow, command.contractId);
    await this.flow.journaled({ type: 'escrow', id: escrow.escrow.id }, async () => {
      await this.flow.changeEscrow(escrow.escrow, () => ({
        type: 'RequestChanges',
        actor: command.actor,
        note,
        releaseFundStatus: contract.releaseFundStatus,
        changeRequestsMax: this.policy.changeRequestsMax,
        at: this.ports.clock.now(),
      }));
      await this.flow.advance(escrow.escrow);
    });
    return this.flow.requireContract(contract.id);
  }
}
