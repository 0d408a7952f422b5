import { isAfterInNewestFirst, type AddReviewResult, type PageRequest, type Review, type ReviewRepository } from '@skillhouse/domain';

export class InMemoryReviewRepository implements ReviewRepository {
  private readonly reviewsByContract = new Map<string, Review>();
  private readonly byFreelancer = new Map<string, Review[]>();

  async add(review: Review): Promise<AddReviewResult> {
    if (this.reviewsByContract.has(review.contractId)) return { outcome: 'alreadyExists' };
    this.reviewsByContract.set(review.contractId, review);
    let reviews = this.byFreelancer.get(review.freelancerId);
    if (reviews === undefined) this.byFreelancer.set(review.freelancerId, (reviews = []));
    reviews.push(review);
    return { outcome: 'added' };
  }

  /** Sorts only the freelancer's reviews. */
  async listByFreelancer(freelancerId: string, page: PageRequest): Promise<readonly Review[]> {
    return (this.byFreelancer.get(freelancerId) ?? [])
      .filter((review) => isAfterInNewestFirst(review.createdAt, review.id, page.after))
      .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0))
      .slice(0, page.limit);
  }

  all(): readonly Review[] {
    return [...this.reviewsByContract.values()];
  }
}
