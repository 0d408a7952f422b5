import type { AddReviewResult, Review, ReviewRepository } from '@skillhouse/domain';

export class InMemoryReviewRepository implements ReviewRepository {
  private readonly reviewsByContract = new Map<string, Review>();

  async add(review: Review): Promise<AddReviewResult> {
    if (this.reviewsByContract.has(review.contractId)) return { outcome: 'alreadyExists' };
    this.reviewsByContract.set(review.contractId, structuredClone(review));
    return { outcome: 'added' };
  }

  async listByFreelancer(freelancerId: string, limit: number): Promise<readonly Review[]> {
    return structuredClone(
      [...this.reviewsByContract.values()]
        .filter((review) => review.freelancerId === freelancerId)
        .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())
        .slice(0, limit),
    );
  }

  all(): readonly Review[] {
    return structuredClone([...this.reviewsByContract.values()]);
  }
}
