import { z } from 'zod';
import type { Marketplace } from '@skillhouse/domain';
import { disputedEscrowDocument, disputeDocument, escrowDocument, historyEntryDocument } from '../documents.ts';
import { nextCursorOf, pageOf, pageQuerySchema } from '../list-page.ts';
import { userRoute, type Route } from '../route.ts';
import {
  disputeDecisionBody,
  disputedEscrowSchema,
  disputeListQuery,
  disputeOpenBody,
  disputeSchema,
  disputeStatementBody,
  escrowSchema,
  historyEntrySchema,
  messageWith,
  objectId,
  orNull,
  pagedList,
} from '../schemas.ts';

const contractParams = z.object({ contractId: objectId });

/** Disputes over a contract's escrow: opened, argued and withdrawn by its parties, decided by an admin. */
export function disputeRoutes(service: Marketplace): Route[] {
  return [
    userRoute({
      method: 'post',
      path: '/api/contracts/{contractId}/dispute',
      summary: 'Open a dispute on the contract’s escrow (its client or freelancer): nothing moves until it is withdrawn or decided',
      tags: ['disputes'],
      roles: ['client', 'freelancer'],
      params: contractParams,
      body: disputeOpenBody,
      success: { status: 201, description: 'The dispute, open', schema: messageWith('dispute', disputeSchema) },
      errors: [400, 404, 409, 415],
      async handle({ actor, params, body }) {
        const dispute = await service.openDispute.execute({ actor, contractId: params.contractId, ...body });
        return { status: 201, body: { message: 'Dispute opened', dispute: disputeDocument(dispute) } };
      },
    }),
    userRoute({
      method: 'get',
      path: '/api/contracts/{contractId}/dispute',
      summary: 'The contract’s latest dispute with its statements (its parties and admins); null if none was ever opened',
      tags: ['disputes'],
      roles: ['client', 'freelancer', 'admin'],
      params: contractParams,
      success: { status: 200, description: 'The dispute', schema: z.object({ dispute: orNull(disputeSchema) }) },
      errors: [400, 404],
      async handle({ actor, params }) {
        const dispute = await service.getDispute.execute({ actor, contractId: params.contractId });
        return { body: { dispute: dispute === null ? null : disputeDocument(dispute) } };
      },
    }),
    userRoute({
      method: 'post',
      path: '/api/contracts/{contractId}/dispute/statements',
      summary: 'Add a statement to the open dispute (its parties), with media the caller uploaded',
      tags: ['disputes'],
      roles: ['client', 'freelancer'],
      params: contractParams,
      body: disputeStatementBody,
      success: { status: 201, description: 'The dispute with the statement', schema: messageWith('dispute', disputeSchema) },
      errors: [400, 404, 409, 415],
      async handle({ actor, params, body }) {
        const dispute = await service.addDisputeStatement.execute({ actor, contractId: params.contractId, ...body });
        return { status: 201, body: { message: 'Statement added', dispute: disputeDocument(dispute) } };
      },
    }),
    userRoute({
      method: 'delete',
      path: '/api/contracts/{contractId}/dispute',
      summary: 'Withdraw the open dispute (only the party who opened it); a running review period resumes with at least 3 days left',
      tags: ['disputes'],
      roles: ['client', 'freelancer'],
      params: contractParams,
      success: { status: 200, description: 'The dispute, withdrawn', schema: messageWith('dispute', disputeSchema) },
      errors: [400, 404, 409],
      async handle({ actor, params }) {
        const dispute = await service.withdrawDispute.execute({ actor, contractId: params.contractId });
        return { body: { message: 'Dispute withdrawn', dispute: disputeDocument(dispute) } };
      },
    }),
    userRoute({
      method: 'put',
      path: '/api/admin/disputes/{contractId}/resolve',
      summary:
        'Decide the open dispute: the freelancer’s share (INR, 0 to their earning), whether the fee goes back; the client gets the rest',
      description:
        'The decision is the escrow’s one resolution: the client’s share is refunded through the payment processor, the freelancer’s credited to their wallet. The contract ends Completed if the freelancer got the whole earning, otherwise Canceled.',
      tags: ['disputes'],
      roles: ['admin'],
      params: contractParams,
      body: disputeDecisionBody,
      success: { status: 200, description: 'The escrow, resolved', schema: messageWith('data', escrowSchema) },
      errors: [400, 404, 409, 415, 502],
      async handle({ actor, params, body }) {
        const escrow = await service.decideDispute.execute({ actor, contractId: params.contractId, ...body });
        return { body: { message: 'Dispute decided', data: escrowDocument(escrow) } };
      },
    }),
    userRoute({
      method: 'get',
      path: '/api/admin/disputes',
      summary: 'Disputes by status (`?status=open|resolved|withdrawn`, open by default), oldest first, a page at a time',
      tags: ['disputes'],
      roles: ['admin'],
      query: pageQuerySchema.extend(disputeListQuery.shape),
      success: { status: 200, description: 'The disputed escrows', schema: pagedList(disputedEscrowSchema) },
      errors: [400],
      async handle({ actor, query }) {
        const escrows = await service.listDisputes.execute({ actor, status: query.status, page: pageOf(query) });
        return {
          body: { count: escrows.items.length, data: escrows.items.map(disputedEscrowDocument), nextCursor: nextCursorOf(escrows) },
        };
      },
    }),
    userRoute({
      method: 'get',
      path: '/api/contracts/{contractId}/history',
      summary:
        'Everything that happened to the contract, its escrow and its dispute, and every money movement, in order (its parties and admins)',
      tags: ['contracts'],
      roles: ['client', 'freelancer', 'admin'],
      params: contractParams,
      success: {
        status: 200,
        description: 'The history',
        schema: z.object({ count: z.number().int(), data: z.array(historyEntrySchema) }),
      },
      errors: [400, 404],
      async handle({ actor, params }) {
        const history = await service.contractHistory.execute({ actor, contractId: params.contractId });
        return { body: { count: history.length, data: history.map(historyEntryDocument) } };
      },
    }),
  ];
}
