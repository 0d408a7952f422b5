import type { Review } from '../review/review.ts';

export type AddReviewResult = { readonly outcome: 'added' } | { readonly outcome: 'alreadyExists' };

export interface ReviewRepository {
  /** One review per contract, by a unique key on the contract id. */
  add(review: Review): Promise<AddReviewResult>;
  /** Newest first, bounded. */
  listByFreelancer(freelancerId: string, limit: number): Promise<readonly Review[]>;
}
