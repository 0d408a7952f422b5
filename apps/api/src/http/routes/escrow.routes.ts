import { z } from 'zod';
import {
  DomainError,
  EscrowErrors,
  REFUND_SETTLEMENT_NOTE_LENGTH_MAX,
  type Actor,
  type EscrowView,
  type FailedRefundTarget,
  type Marketplace,
} from '@skillhouse/domain';
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
    ...failedRefundRoutes(service, z.object({ contractId: objectId }), ({ contractId }) => ({ contractId }), {
      retry: '/api/admin/escrow/refund-retry/{contractId}',
      settle: '/api/admin/escrow/refund-settled/{contractId}',
      named: 'by its contract',
    }),
    ...failedRefundRoutes(service, z.object({ escrowId: objectId }), ({ escrowId }) => ({ escrowId }), {
      retry: '/api/admin/escrows/{escrowId}/refund-retry',
      settle: '/api/admin/escrows/{escrowId}/refund-settled',
      named: 'by its own id, for a payment returned whole, which funds no contract (the `escrowId` of a `failed-refunds` queue entry)',
    }),
  ];
}

/** An admin's two answers to a client refund the processor reported failed, for the escrow `params` names. */
function failedRefundRoutes<P extends z.ZodObject>(
  service: Marketplace,
  params: P,
  targetOf: (params: z.infer<P>) => FailedRefundTarget,
  paths: { readonly retry: string; readonly settle: string; readonly named: string },
): Route[] {
  return [
    userRoute({
      method: 'put',
      path: paths.retry,
      summary: 'Send a client refund the payment processor reported failed again',
      description:
        `The escrow named ${paths.named}. ` +
        'Only while the escrow’s client refund is failed (`processor.refundFailure`); a second retry at once sends one refund. ' +
        'An outage of the processor answers 502/503 and the retry is finished by recovery.',
      tags: ['escrow'],
      roles: ['admin'],
      params,
      success: { status: 200, description: 'The escrow, its refund sent again', schema: messageWith('data', escrowSchema) },
      errors: [400, 404, 409, 502],
      async handle({ actor, params: named }) {
        const escrow = await service.retryClientRefund.execute({ actor, ...targetOf(named) });
        return { body: { message: 'Client refund sent again', data: escrowDocument(escrow) } };
      },
    }),
    userRoute({
      method: 'put',
      path: paths.settle,
      summary: 'Record that a failed client refund was paid to the client another way',
      description: `The escrow named ${paths.named}. Only while the escrow’s client refund is failed; nothing is sent, the note says how the client was paid.`,
      tags: ['escrow'],
      roles: ['admin'],
      params,
      body: z.object({ note: z.string().min(1).max(REFUND_SETTLEMENT_NOTE_LENGTH_MAX) }),
      success: { status: 200, description: 'The escrow, its refund settled by hand', schema: messageWith('data', escrowSchema) },
      errors: [400, 404, 409, 415],
      async handle({ actor, params: named, body }) {
        const escrow = await service.settleRefundByHand.execute({ actor, ...targetOf(named), note: body.note });
        return { body: { message: 'Client refund recorded as settled by hand', data: escrowDocument(escrow) } };
      },
    }),
  ];
}
