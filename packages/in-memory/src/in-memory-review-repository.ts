import { isAfterInNewestFirst, type AddReviewResult, type PageRequest, type Review, type ReviewRepository } from '@skillhouse/domain';
import { copyOf } from './copy-of.ts';

export class InMemoryReviewRepository implements ReviewRepository {
  private readonly reviewsByContract = new Map<string, Review>();
  private readonly byFreelancer = new Map<string, Review[]>();

  async add(review: Review): Promise<AddReviewResult> {
    if (this.reviewsByContract.has(review.contractId)) return { outcome: 'alreadyExists' };
    const added = copyOf(review);
    this.reviewsByContract.set(added.contractId, added);
    let reviews = this.byFreelancer.get(added.freelancerId);
    if (reviews === undefined) this.byFreelancer.set(added.freelancerId, (reviews = []));
    reviews.push(added);
    return { outcome: 'added' };
  }

  /** Sorts only the freelancer's reviews, and copies only those returned. */
  async listByFreelancer(freelancerId: string, page: PageRequest): Promise<readonly Review[]> {
    return (this.byFreelancer.get(freelancerId) ?? [])
      .filter((review) => isAfterInNewestFirst(review.createdAt, review.id, page.after))
      .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0))
      .slice(0, page.limit)
      .map(copyOf);
  }

  all(): readonly Review[] {
    return copyOf([...this.reviewsByContract.values()]);
  }
}
