import { decideCancelForRefund } from '../contract/contract.decide.ts';
import { NotAPartyToContract } from '../contract/contract.errors.ts';
import { EscrowAlreadyResolved, EscrowInChargeback, EscrowInDispute, RefundRefused } from '../escrow/escrow.errors.ts';
import { isChargebackOpen, isDisputeOpen, viewOfEscrow, type EscrowView } from '../escrow/escrow.ts';
import { optionalText } from '../shared/bounded-text.ts';
import { assert } from '../shared/domain-error.ts';
import { requireObjectId } from '../shared/ids.ts';
import { requireRole, requireSelf } from '../user/authorization.ts';
import type { Actor } from '../user/user.ts';
import { CANCEL_DESCRIPTION_LENGTH_MAX, CANCEL_REASON_LENGTH_MAX } from './cancel-contract.use-case.ts';
import type { EscrowFlow } from '../application/escrow-flow.ts';
import type { MarketplacePolicy, MarketplacePorts } from '../application/marketplace-ports.ts';

export const COMPLETED_WORK = 'the work was completed: release the escrow, or open a dispute';

export interface RefundEscrowCommand {
  readonly actor: Actor;
  readonly contractId: unknown;
  readonly clientId: unknown;
  readonly cancelReason?: unknown;
  readonly cancelReasonDescription?: unknown;
}

/**
 * An admin, or the contract's own client, refunds the escrow of work that was not completed. Live
 * work is canceled first, which fixes the stage and who stopped it, the two things that decide the
 * split; then the refund is claimed on the escrow's stream, the client's share refunded through the
 * processor and the freelancer's share credited to their wallet.
 */
export class RefundEscrow {
  constructor(
    private readonly ports: Pick<MarketplacePorts, 'clock'>,
    private readonly policy: Pick<MarketplacePolicy, 'refundSplit'>,
    private readonly flow: EscrowFlow,
  ) {}

  async execute(command: RefundEscrowCommand): Promise<EscrowView> {
    const { actor } = command;
    requireRole(actor, 'admin', 'client');
    const contractId = requireObjectId(command.contractId, 'contractId');
    const clientId = requireObjectId(command.clientId, 'clientId');
    requireSelf(actor, clientId, { adminMayActForOthers: true });
    const reason = optionalText(command.cancelReason, 'cancelReason', CANCEL_REASON_LENGTH_MAX);
    const description = optionalText(command.cancelReasonDescription, 'cancelReasonDescription', CANCEL_DESCRIPTION_LENGTH_MAX);

    const contract = await this.flow.requireContract(contractId);
    if (contract.clientId !== clientId) throw new NotAPartyToContract();
    const state = await this.flow.escrowOf(contract);
    if (state === null) throw new RefundRefused('this contract has no funded escrow');
    const { escrow } = state;
    // Refused before the contract is canceled when the escrow could not be refunded anyway.
    if (state.resolution !== null) {
      await this.flow.advance(escrow);
      throw new EscrowAlreadyResolved(state.resolution.kind);
    }
    if (isDisputeOpen(state)) throw new EscrowInDispute();
    if (isChargebackOpen(state)) throw new EscrowInChargeback();
    if (contract.status === 'Completed') throw new RefundRefused(COMPLETED_WORK);

    const refunded = await this.flow.journaled({ type: 'escrow', id: escrow.id }, async () => {
      const canceled = await this.flow.changeContract(contractId, (current) => {
        if (current.status === 'Canceled') return null;
        // The freelancer may have delivered since the check above.
        if (current.status === 'Completed') throw new RefundRefused(COMPLETED_WORK);
        return decideCancelForRefund(current, state, { actor, reason, description, at: this.ports.clock.now() });
      });
      const stop = canceled.cancellation;
      assert(stop !== null, 'refunded work is canceled');
      // The job reopens as after any cancel, even if a dispute opened meanwhile holds the refund back.
      await this.flow.advanceJob(canceled.jobId);
      // Only a dispute decision cancels Completed work, and it resolved the escrow: resolve decides
      // nothing, reads the stream again and answers that resolution.
      const stage = stop.from === 'Completed' ? null : stop.from;
      return this.flow.resolve(
        state,
        () =>
          stage === null
            ? null
            : {
                type: 'Refund',
                decidedBy: actor,
                contractId,
                stage,
                stoppedBy: stop.byRole,
                policy: this.policy.refundSplit,
                reason: reason ?? stop.reason,
                reasonDescription: description ?? stop.description,
                at: this.ports.clock.now(),
              },
        canceled,
      );
    });
    const view = viewOfEscrow(refunded);
    assert(view.status === 'refunded', 'a settled refund shows as refunded');
    return view;
  }
}
