import type { Review } from '../review/review.ts';
import { requireObjectId } from '../shared/ids.ts';
import { readPage, requirePage, type Page, type PageQuery } from '../shared/page.ts';
import type { MarketplacePorts } from '../application/marketplace-ports.ts';

/** The reviews a freelancer received, newest first, a page at a time. */
export class ListReviews {
  constructor(private readonly ports: Pick<MarketplacePorts, 'reviews'>) {}

  async execute(query: { freelancerId: unknown; page?: PageQuery }): Promise<Page<Review>> {
    const freelancerId = requireObjectId(query.freelancerId, 'freelancerId');
    return readPage(
      requirePage(query.page),
      (page) => this.ports.reviews.listByFreelancer(freelancerId, page),
      (review) => ({ at: review.createdAt, id: review.id }),
    );
  }
}
