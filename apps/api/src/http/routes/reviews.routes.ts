import { z } from 'zod';
import type { Marketplace } from '@skillhouse/domain';
import { reviewDocument } from '../documents.ts';
import { linkNextPage, pageOf, pageQuerySchema } from '../list-page.ts';
import { publicRoute, userRoute, type Route } from '../route.ts';
import { messageWith, objectId, reviewSchema } from '../schemas.ts';

const rateBody = z.object({
  freelancerId: objectId,
  contractId: objectId,
  rating: z.number().int('must be a whole number').min(1, 'must be 1 to 5').max(5, 'must be 1 to 5'),
  description: z.string().min(1),
});

export function reviewRoutes(service: Marketplace): Route[] {
  return [
    userRoute({
      method: 'post',
      path: '/api/client/review/rate-freelancer/{clientId}',
      summary: 'The client reviews the freelancer of their Completed contract, once per contract',
      tags: ['reviews'],
      roles: ['client'],
      params: z.object({ clientId: objectId }),
      body: rateBody,
      success: { status: 201, description: 'The review', schema: messageWith('review', reviewSchema) },
      errors: [400, 404, 409, 415],
      async handle({ actor, params, body }) {
        const review = await service.rateFreelancer.execute({ actor, clientId: params.clientId, ...body });
        return { status: 201, body: { message: 'Review saved', review: reviewDocument(review) } };
      },
    }),
    publicRoute({
      method: 'get',
      path: '/api/client/review/show-reviews/{freelancerId}',
      summary: 'A freelancer’s reviews, newest first, a page at a time (the next page’s address in `Link`)',
      tags: ['reviews'],
      params: z.object({ freelancerId: objectId }),
      query: pageQuerySchema,
      success: {
        status: 200,
        description: 'The reviews',
        schema: z.array(
          reviewSchema.pick({ _id: true, contractId: true, rating: true, description: true, clientId: true, createdAt: true }),
        ),
      },
      errors: [400],
      async handle({ params, query, ctx }) {
        const reviews = await service.listReviews.execute({ freelancerId: params.freelancerId, page: pageOf(query) });
        linkNextPage(ctx, reviews);
        return {
          body: reviews.items.map((review) => {
            const { freelancerId: _freelancerId, ...listed } = reviewDocument(review);
            return listed;
          }),
        };
      },
    }),
  ];
}
