import type { AddReviewResult, PageRequest, Review, ReviewRepository } from '@skillhouse/domain';
import type { Model } from 'mongoose';
import { isDuplicateKeyOn } from './duplicate-key.ts';
import type { ReviewDocument } from './models.ts';
import { pageFilter } from './page-filter.ts';
import { StoredFields } from './stored-values.ts';

/** One review per contract, by the unique index on contractId. */
export class MongoReviewRepository implements ReviewRepository {
  constructor(private readonly reviews: Model<ReviewDocument>) {}

  async add(review: Review): Promise<AddReviewResult> {
    const { id, ...fields } = review;
    try {
      await this.reviews.insertOne({ _id: id, ...fields });
      return { outcome: 'added' };
    } catch (error) {
      if (!isDuplicateKeyOn(error, ['contractId'])) throw error;
      if ((await this.reviews.exists({ contractId: review.contractId })) === null) throw error;
      return { outcome: 'alreadyExists' };
    }
  }

  async listByFreelancer(freelancerId: string, page: PageRequest): Promise<readonly Review[]> {
    const documents: unknown[] = await this.reviews
      .find({ freelancerId, ...pageFilter('createdAt', 'newestFirst', page.after) })
      .sort({ createdAt: -1, _id: -1 })
      .limit(page.limit)
      .lean();
    return documents.map(reviewFromDocument);
  }
}

function reviewFromDocument(document: unknown): Review {
  const fields = StoredFields.ofDocument(document, 'reviews');
  return {
    id: fields.text('_id'),
    contractId: fields.text('contractId'),
    clientId: fields.text('clientId'),
    freelancerId: fields.text('freelancerId'),
    rating: fields.count('rating'),
    description: fields.text('description'),
    createdAt: fields.date('createdAt'),
  };
}
