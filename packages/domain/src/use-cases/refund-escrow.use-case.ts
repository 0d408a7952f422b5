import { decideCancelForRefund } from '../contract/contract.decide.ts';
import { evolveContract, type Contract, type ContractEvent } from '../contract/contract.ts';
import { ContractNotFound, NotAPartyToContract } from '../contract/contract.errors.ts';
import { EscrowAlreadyResolved, RefundRefused } from '../escrow/escrow.errors.ts';
import type { EscrowView } from '../escrow/escrow.ts';
import { optionalText } from '../shared/bounded-text.ts';
import { assert } from '../shared/domain-error.ts';
import { requireObjectId } from '../shared/ids.ts';
import { requireRole, requireSelf } from '../user/authorization.ts';
import type { Actor } from '../user/user.ts';
import { CANCEL_DESCRIPTION_LENGTH_MAX, CANCEL_REASON_LENGTH_MAX } from './cancel-contract.use-case.ts';
import type { MarketplacePorts } from '../application/marketplace-ports.ts';
import type { EscrowSettlement } from '../application/escrow-settlement.ts';
import type { Reconciliation } from '../application/reconciliation.ts';
import { decideAndAppend } from '../application/stream-append.ts';

export interface RefundEscrowCommand {
  readonly actor: Actor;
  readonly contractId: unknown;
  readonly clientId: unknown;
  readonly cancelReason?: unknown;
  readonly cancelReasonDescription?: unknown;
}

/**
 * An admin, or the contract's own client, refunds the escrow of work that was not completed. Live
 * work is canceled first, which fixes the stage that decides the split; then the escrow's one
 * resolution is claimed, the client's share refunded through the processor and the freelancer's
 * share credited to their wallet.
 */
export class RefundEscrow {
  constructor(
    private readonly ports: Pick<MarketplacePorts, 'contracts' | 'escrows' | 'clock'>,
    private readonly reconciliation: Reconciliation,
    private readonly settlement: EscrowSettlement,
  ) {}

  async execute(command: RefundEscrowCommand): Promise<EscrowView> {
    const { actor } = command;
    requireRole(actor, 'admin', 'client');
    const contractId = requireObjectId(command.contractId, 'contractId');
    const clientId = requireObjectId(command.clientId, 'clientId');
    requireSelf(actor, clientId, { adminMayActForOthers: true });
    const reason = optionalText(command.cancelReason, 'cancelReason', CANCEL_REASON_LENGTH_MAX);
    const description = optionalText(command.cancelReasonDescription, 'cancelReasonDescription', CANCEL_DESCRIPTION_LENGTH_MAX);

    const contract = await this.reconciliation.requireContract(contractId);
    if (contract.clientId !== clientId) throw new NotAPartyToContract();
    const escrow = await this.settlement.requireUnresolvedEscrow(contract, () => new RefundRefused('this contract has no funded escrow'));
    if (contract.status === 'Completed') throw new RefundRefused('the work was completed: release the escrow instead');

    await this.reconciliation.journaled({ type: 'escrow', id: escrow.id }, async () => {
      const canceled = await this.cancelLiveWork(contractId, { actor, reason, description });
      const { won, resolution } = await this.settlement.claimAndSettle(
        escrow,
        this.settlement.refundFor(escrow, canceled, actor.userId, reason, description),
      );
      // The work is canceled whoever settled the refund, so the job reopens before any answer.
      await this.reconciliation.reconcileJob(canceled.jobId);
      if (!won) throw new EscrowAlreadyResolved(resolution.kind);
    });
    const view = await this.ports.escrows.view(escrow.id);
    assert(view !== null && view.status === 'refunded', 'a settled refund shows as refunded');
    return view;
  }

  private async cancelLiveWork(
    contractId: string,
    cancel: { actor: Actor; reason: string | null; description: string | null },
  ): Promise<Contract> {
    const contract = await decideAndAppend<Contract, ContractEvent>(this.ports.contracts, contractId, evolveContract, (current) => {
      if (current === null) throw new ContractNotFound(contractId);
      if (current.status === 'Canceled') return null;
      if (current.status === 'Completed') throw new RefundRefused('the work was completed: release the escrow instead');
      return decideCancelForRefund(current, { ...cancel, at: this.ports.clock.now() });
    });
    await this.ports.contracts.reproject(contractId);
    assert(contract?.status === 'Canceled', 'refunded work is canceled');
    return contract;
  }
}
