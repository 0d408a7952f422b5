import { z } from 'zod';
import type { Marketplace } from '@skillhouse/domain';
import { escrowDocument } from '../documents.ts';
import { userRoute, type Route } from '../route.ts';
import { cancelReasonBody, escrowSchema, messageWith, objectId } from '../schemas.ts';

export function escrowRoutes(service: Marketplace): Route[] {
  return [
    userRoute({
      method: 'put',
      path: '/api/admin/escrow/release-fund/{contractId}',
      summary: 'Release a Completed contract’s escrow after the client asked: the freelancer’s wallet gets their earning',
      tags: ['escrow'],
      roles: ['admin'],
      params: z.object({ contractId: objectId }),
      success: { status: 200, description: 'The escrow, released', schema: messageWith('data', escrowSchema) },
      errors: [400, 404, 409],
      async handle({ actor, params }) {
        const escrow = await service.releaseEscrow.execute({ actor, contractId: params.contractId });
        return { body: { message: 'Funds released to the freelancer', data: escrowDocument(escrow) } };
      },
    }),
    userRoute({
      method: 'put',
      path: '/api/admin/escrow/refund-client/{contractId}/{clientId}',
      summary: 'Refund the escrow of work not completed (an admin, or the contract’s own client); live work is canceled first',
      description:
        'The split follows the stage the work reached: Pending, the client gets everything but the platform fee; Started and Ongoing, the freelancer keeps a configured share of their earning.',
      tags: ['escrow'],
      roles: ['admin', 'client'],
      params: z.object({ contractId: objectId, clientId: objectId }),
      body: cancelReasonBody,
      success: { status: 200, description: 'The escrow, refunded', schema: messageWith('data', escrowSchema) },
      errors: [400, 404, 409, 415, 502],
      async handle({ actor, params, body }) {
        const escrow = await service.refundEscrow.execute({ actor, ...params, ...body });
        return { body: { message: 'Escrow refunded to the client', data: escrowDocument(escrow) } };
      },
    }),
  ];
}
