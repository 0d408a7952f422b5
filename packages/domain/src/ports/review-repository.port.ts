import type { Review } from '../review/review.ts';
import type { PageRequest } from '../shared/page.ts';

export type AddReviewResult = { readonly outcome: 'added' } | { readonly outcome: 'alreadyExists' };

export interface ReviewRepository {
  /** One review per contract, by a unique key on the contract id. */
  add(review: Review): Promise<AddReviewResult>;
  /** Newest first by (createdAt, id), one page. */
  listByFreelancer(freelancerId: string, page: PageRequest): Promise<readonly Review[]>;
}
