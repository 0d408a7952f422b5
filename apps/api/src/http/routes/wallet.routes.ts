import { z } from 'zod';
import type { Marketplace } from '@skillhouse/domain';
import { earningsDocument } from '../documents.ts';
import { userRoute, type Route } from '../route.ts';
import { earningsSchema, objectId } from '../schemas.ts';

export function walletRoutes(service: Marketplace): Route[] {
  return [
    userRoute({
      method: 'get',
      path: '/api/freelancer/wallet/earnings/{userId}',
      summary: 'A wallet: balance and latest entries (that user, or an admin)',
      tags: ['wallet'],
      roles: ['client', 'freelancer', 'admin'],
      params: z.object({ userId: objectId }),
      success: { status: 200, description: 'The wallet', schema: earningsSchema },
      errors: [400],
      async handle({ actor, params }) {
        return { body: earningsDocument(await service.getEarnings.execute({ actor, userId: params.userId })) };
      },
    }),
  ];
}
