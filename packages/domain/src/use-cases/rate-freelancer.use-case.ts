import { NotAPartyToContract } from '../contract/contract.errors.ts';
import { ReviewErrors } from '../review/review.errors.ts';
import { requireRating, REVIEW_DESCRIPTION_LENGTH_MAX, type Review } from '../review/review.ts';
import { requireText } from '../shared/bounded-text.ts';
import { ConflictError, ValidationError } from '../shared/domain-error.ts';
import { requireObjectId } from '../shared/ids.ts';
import { requireRole, requireSelf } from '../user/authorization.ts';
import type { Actor } from '../user/user.ts';
import type { MarketplacePorts } from '../application/marketplace-ports.ts';
import type { EscrowFlow } from '../application/escrow-flow.ts';

export interface RateFreelancerCommand {
  readonly actor: Actor;
  readonly clientId: unknown;
  readonly freelancerId: unknown;
  readonly contractId: unknown;
  readonly rating: unknown;
  readonly description: unknown;
}

/** The client reviews the freelancer of their Completed contract, once per contract. */
export class RateFreelancer {
  constructor(
    private readonly ports: Pick<MarketplacePorts, 'reviews' | 'clock' | 'ids'>,
    private readonly flow: EscrowFlow,
  ) {}

  async execute(command: RateFreelancerCommand): Promise<Review> {
    requireRole(command.actor, 'client');
    const clientId = requireObjectId(command.clientId, 'clientId');
    requireSelf(command.actor, clientId, { adminMayActForOthers: false });
    const freelancerId = requireObjectId(command.freelancerId, 'freelancerId');
    const contractId = requireObjectId(command.contractId, 'contractId');
    const rating = requireRating(command.rating);
    const description = requireText(command.description, 'description', REVIEW_DESCRIPTION_LENGTH_MAX);

    const contract = await this.flow.requireContract(contractId);
    if (contract.clientId !== clientId) throw new NotAPartyToContract();
    if (contract.freelancerId !== freelancerId) {
      throw new ValidationError(ReviewErrors.WrongFreelancer, 'freelancerId is not the freelancer of this contract', {
        fields: { freelancerId: 'not the freelancer of this contract' },
      });
    }
    // Completed is final only once the escrow is settled: before, the client may still send the work back or dispute it.
    const escrow = await this.flow.escrowOf(contract);
    if (contract.status !== 'Completed' || escrow?.settledAt == null) {
      throw new ConflictError(ReviewErrors.ContractNotCompleted, 'only a Completed contract whose escrow was released can be reviewed');
    }

    const review: Review = {
      id: this.ports.ids.newId(),
      contractId,
      clientId,
      freelancerId,
      rating,
      description,
      createdAt: this.ports.clock.now(),
    };
    const added = await this.ports.reviews.add(review);
    if (added.outcome === 'alreadyExists') throw new ConflictError(ReviewErrors.AlreadyExists, 'this contract has already been reviewed');
    return review;
  }
}
