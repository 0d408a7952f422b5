import type { Review } from '../review/review.ts';
import { requireObjectId } from '../shared/ids.ts';
import type { MarketplacePolicy, MarketplacePorts } from '../application/marketplace-ports.ts';

/** The reviews a freelancer received, newest first. */
export class ListReviews {
  constructor(
    private readonly ports: Pick<MarketplacePorts, 'reviews'>,
    private readonly policy: Pick<MarketplacePolicy, 'listLimitMax'>,
  ) {}

  async execute(query: { freelancerId: unknown }): Promise<readonly Review[]> {
    return this.ports.reviews.listByFreelancer(requireObjectId(query.freelancerId, 'freelancerId'), this.policy.listLimitMax);
  }
}
