import { evolveContract, type Contract, type ContractEvent } from '../contract/contract.ts';
import { EscrowAlreadyResolved } from '../escrow/escrow.errors.ts';
import {
  ledgerKeyForFreelancerPayout,
  stripeKeyForClientRefund,
  type Escrow,
  type EscrowResolution,
  type ResolutionProgress,
} from '../escrow/escrow.ts';
import { splitRefund } from '../money/fee-policy.ts';
import { assert, type DomainError } from '../shared/domain-error.ts';
import { SYSTEM_ACTOR_ID } from '../user/user.ts';
import type { MarketplacePolicy, MarketplacePorts } from './marketplace-ports.ts';
import { decideAndAppend } from './stream-append.ts';

type Resolution = EscrowResolution & ResolutionProgress;

/**
 * How an escrow ends: its one resolution (release, refund or return) is claimed under the escrow's
 * id, then settled step by step, each money movement under its own idempotency key, so settling
 * again, after a crash or from a racing request, moves nothing twice.
 */
export class EscrowSettlement {
  constructor(
    private readonly ports: MarketplacePorts,
    private readonly policy: Pick<MarketplacePolicy, 'refundSplit'>,
  ) {}

  /** Money that could not be matched to work goes back whole, and the platform keeps nothing. */
  returnWhole(escrow: Escrow): EscrowResolution {
    return {
      escrowId: escrow.id, contractId: null, kind: 'return', stage: null,
      clientRefundPaise: escrow.amountPaise, freelancerPayoutPaise: 0, platformFeePaise: 0,
      decidedBy: SYSTEM_ACTOR_ID, decidedAt: this.ports.clock.now(),
      cancelReason: 'unmatched_payment', cancelReasonDescription: 'The payment could not be matched to a contract that needed funding.',
    };
  }

  /** The refund of canceled work: the split follows the stage it was canceled from. */
  refundFor(escrow: Escrow, contract: Contract, decidedBy: string, reason: string | null, description: string | null): EscrowResolution {
    assert(contract.cancellation !== null, 'a refund follows a cancellation');
    const split = splitRefund(
      { amountPaise: escrow.amountPaise, platformFeePaise: escrow.platformFeePaise, freelancerEarningPaise: escrow.freelancerEarningPaise },
      contract.cancellation.from,
      this.policy.refundSplit,
    );
    return {
      escrowId: escrow.id, contractId: contract.id, kind: 'refund', stage: contract.cancellation.from,
      ...split, decidedBy, decidedAt: this.ports.clock.now(),
      cancelReason: reason ?? contract.cancellation.reason, cancelReasonDescription: description ?? contract.cancellation.description,
    };
  }

  /**
   * The contract's escrow, while it is still funded. One already resolved is refused, after its
   * remaining steps are finished: a retry after a crash completes the first resolution's work.
   */
  async requireUnresolvedEscrow(contract: Contract, noEscrow: () => DomainError): Promise<Escrow> {
    if (contract.escrowId === null) throw noEscrow();
    const escrow = await this.ports.escrows.findById(contract.escrowId);
    assert(escrow !== null, 'an attached escrow exists');
    const earlier = await this.ports.escrows.findResolution(escrow.id);
    if (earlier !== null) {
      await this.settle(escrow, earlier);
      throw new EscrowAlreadyResolved(earlier.kind);
    }
    return escrow;
  }

  /** Claims the escrow's one resolution, then settles whichever resolution holds the claim. */
  async claimAndSettle(escrow: Escrow, resolution: EscrowResolution): Promise<{ won: boolean; resolution: Resolution }> {
    const claim = await this.ports.escrows.claimResolution(resolution);
    const held: Resolution = claim.outcome === 'claimed' ? { ...resolution, stripeRefundId: null, completedAt: null } : claim.existing;
    await this.settle(escrow, held);
    return { won: claim.outcome === 'claimed', resolution: held };
  }

  /** Moves the money a claimed resolution decided, each movement under its own idempotency key. */
  async settle(escrow: Escrow, resolution: Resolution): Promise<void> {
    if (resolution.completedAt !== null) return;
    assert(
      resolution.clientRefundPaise + resolution.freelancerPayoutPaise + resolution.platformFeePaise === escrow.amountPaise,
      'a resolution accounts for every paisa paid',
    );
    if (resolution.clientRefundPaise > 0 && resolution.stripeRefundId === null) {
      const refund = await this.ports.payments.refundPayment({
        paymentIntentId: escrow.paymentIntentId, amountPaise: resolution.clientRefundPaise,
        idempotencyKey: stripeKeyForClientRefund(escrow.id), escrowId: escrow.id,
      });
      await this.ports.escrows.recordProgress(escrow.id, { stripeRefundId: refund.refundId });
    }
    if (resolution.freelancerPayoutPaise > 0) {
      await this.ports.ledger.record({
        idempotencyKey: ledgerKeyForFreelancerPayout(escrow.id, resolution.kind),
        ownerId: escrow.freelancerId, amountPaise: resolution.freelancerPayoutPaise, direction: 'credit',
        description: resolution.kind === 'release' ? 'Escrow released' : `Partial payout on refund (work ${resolution.stage})`,
        contractId: resolution.contractId, escrowId: escrow.id, at: resolution.decidedAt,
      });
    }
    if (resolution.kind === 'release' && resolution.contractId !== null) {
      await this.approveReleaseOn(resolution.contractId, resolution);
    }
    await this.ports.escrows.recordProgress(escrow.id, { completedAt: this.ports.clock.now() });
  }

  private async approveReleaseOn(contractId: string, resolution: Resolution): Promise<void> {
    await decideAndAppend<Contract, ContractEvent>(this.ports.contracts, contractId, evolveContract, (contract) =>
      contract?.releaseFundStatus === 'Requested'
        ? { type: 'ReleaseApproved', data: { by: resolution.decidedBy, escrowId: resolution.escrowId, at: this.ports.clock.now() } }
        : null,
    );
    await this.ports.contracts.reproject(contractId);
  }
}
