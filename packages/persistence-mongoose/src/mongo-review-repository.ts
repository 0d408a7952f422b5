import type { AddReviewResult, Review, ReviewRepository } from '@skillhouse/domain';
import type { Model } from 'mongoose';
import { isDuplicateKeyOn } from './duplicate-key.ts';
import type { ReviewDocument } from './models.ts';

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

  async listByFreelancer(freelancerId: string, limit: number): Promise<readonly Review[]> {
    const documents = await this.reviews.find({ freelancerId }).sort({ createdAt: -1, _id: -1 }).limit(limit).lean<ReviewDocument[]>();
    return documents.map((document) => ({
      id: document._id,
      contractId: document.contractId,
      clientId: document.clientId,
      freelancerId: document.freelancerId,
      rating: document.rating,
      description: document.description,
      createdAt: document.createdAt,
    }));
  }
}
