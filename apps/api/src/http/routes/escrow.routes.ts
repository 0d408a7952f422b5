import { z } from 'zod';
import { DomainError, EscrowErrors, type Actor, type EscrowView, type Marketplace } from '@skillhouse/domain';
import type { Context } from 'koa';
import { escrowDocument } from '../documents.ts';
import { userRoute, type Route } from '../route.ts';
import { cancelReasonBody, escrowSchema, messageWith, objectId } from '../schemas.ts';

/**
 * A release or refund retried under its Idempotency-Key after it failed on our side (a 502 from
 * Stripe after the refund was decided, an outage) answers as the first one would have: the escrow
 * it resolved, once its money has moved (running it again finished that), not 409 ALREADY_RESOLVED.
 * Only the same caller's resolution of the same kind counts.
 */
async function retriedResolution(
  service: Marketplace,
  retry: { ctx: Context; actor: Actor; contractId: string; kind: 'release' | 'refund' },
  resolve: () => Promise<EscrowView>,
): Promise<EscrowView> {
  try {
    return await resolve();
  } catch (error) {
    if (!(retry.ctx.state.idempotentRetry === true && error instanceof DomainError && error.code === EscrowErrors.AlreadyResolved.code)) {
      throw error;
    }
    const { escrow } = await service.contracts.view({ contractId: retry.contractId });
    const resolution = escrow?.resolution;
    const settled = escrow?.status === (retry.kind === 'release' ? 'released' : 'refunded');
    if (escrow == null || resolution?.kind !== retry.kind || resolution.decidedBy !== retry.actor.userId || !settled) throw error;
    return escrow;
  }
}

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
      async handle({ actor, params, ctx }) {
        const escrow = await retriedResolution(service, { ctx, actor, contractId: params.contractId, kind: 'release' }, () =>
          service.releaseEscrow.execute({ actor, contractId: params.contractId }),
        );
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
      async handle({ actor, params, body, ctx }) {
        const escrow = await retriedResolution(service, { ctx, actor, contractId: params.contractId, kind: 'refund' }, () =>
          service.refundEscrow.execute({ actor, ...params, ...body }),
        );
        return { body: { message: 'Escrow refunded to the client', data: escrowDocument(escrow) } };
      },
    }),
  ];
}
