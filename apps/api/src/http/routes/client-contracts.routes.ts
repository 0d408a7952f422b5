import { z } from 'zod';
import type { Marketplace } from '@skillhouse/domain';
import { contractDocument, escrowDocument, listedContractDocument, populatedContract } from '../documents.ts';
import { contractFiltersOf, contractListQuery, fundedWindowQuery, nextCursorOf, pageOf, pageQuerySchema, windowOf } from '../list-page.ts';
import { publicRoute, userRoute, type Route } from '../route.ts';
import {
  cancelReasonBody,
  changeRequestBody,
  contractSchema,
  escrowSchema,
  inrAmount,
  listedContractSchema,
  messageWith,
  objectId,
  orNull,
  pagedList,
} from '../schemas.ts';

export function clientContractRoutes(service: Marketplace): Route[] {
  return [...contractChanges(service), ...contractQueries(service)];
}

function contractChanges(service: Marketplace): Route[] {
  return [
    userRoute({
      method: 'post',
      path: '/api/client/create-contract/{jobId}',
      summary: 'Hire a freelancer on an open job of the caller (without a payment; a later payment attaches to it)',
      tags: ['contracts'],
      roles: ['client'],
      params: z.object({ jobId: objectId }),
      body: z.object({ freelancerId: objectId, amount: inrAmount }),
      success: { status: 201, description: 'The contract, Pending', schema: messageWith('contract', contractSchema) },
      errors: [400, 404, 409, 415],
      async handle({ actor, params, body }) {
        const contract = await service.createContract.execute({ actor, jobId: params.jobId, ...body });
        return { status: 201, body: { message: 'Contract created', contract: await populatedContract(service, contract.id) } };
      },
    }),
    userRoute({
      method: 'delete',
      path: '/api/client/cancel-contract/{contractId}',
      summary: 'Cancel live work (the contract’s client or freelancer); a funded escrow stays funded until refunded',
      description: 'The body is optional: without one the contract is canceled with no reason.',
      tags: ['contracts'],
      roles: ['client', 'freelancer'],
      params: z.object({ contractId: objectId }),
      body: cancelReasonBody,
      success: { status: 200, description: 'The contract, Canceled', schema: messageWith('contract', contractSchema) },
      errors: [400, 404, 409, 415],
      async handle({ actor, params, body }) {
        const contract = await service.cancelContract.execute({
          actor,
          contractId: params.contractId,
          reason: body.cancelReason,
          description: body.cancelReasonDescription,
        });
        return { body: { message: 'Contract canceled', contract: await populatedContract(service, contract.id) } };
      },
    }),
    userRoute({
      method: 'patch',
      path: '/api/client/request-changes/{contractId}',
      summary: 'Send a delivery back during the review period, with a note: the contract goes back to Ongoing (at most 5 times)',
      tags: ['contracts'],
      roles: ['client'],
      params: z.object({ contractId: objectId }),
      body: changeRequestBody,
      success: { status: 200, description: 'The contract, Ongoing', schema: messageWith('contract', contractSchema) },
      errors: [400, 404, 409, 415],
      async handle({ actor, params, body }) {
        const contract = await service.requestChanges.execute({ actor, contractId: params.contractId, note: body.note });
        return { body: { message: 'Changes requested', contract: await populatedContract(service, contract.id) } };
      },
    }),
    userRoute({
      method: 'get',
      path: '/api/client/payments',
      summary: 'The caller’s payments, newest first, a page at a time: a payment returned whole shows its reason in `resolution`',
      tags: ['escrow'],
      roles: ['client'],
      query: pageQuerySchema.extend(fundedWindowQuery),
      success: { status: 200, description: 'The escrows of the caller’s payments', schema: pagedList(escrowSchema) },
      errors: [400],
      async handle({ actor, query }) {
        const funded = windowOf(query.fundedFrom, query.fundedBefore);
        const payments = await service.listPayments.execute({ actor, page: pageOf(query), ...(funded === undefined ? {} : { funded }) });
        return { body: { count: payments.items.length, data: payments.items.map(escrowDocument), nextCursor: nextCursorOf(payments) } };
      },
    }),
    userRoute({
      method: 'patch',
      path: '/api/client/release-fund/{contractId}',
      summary: 'Ask an admin to release the escrow of the caller’s Completed, funded contract',
      tags: ['contracts'],
      roles: ['client'],
      params: z.object({ contractId: objectId }),
      success: { status: 200, description: 'releaseFundStatus is Requested', schema: messageWith('contract', contractSchema) },
      errors: [400, 404, 409],
      async handle({ actor, params }) {
        const contract = await service.requestRelease.execute({ actor, contractId: params.contractId });
        return { body: { message: 'Fund release requested', contract: await populatedContract(service, contract.id) } };
      },
    }),
  ];
}

function contractQueries(service: Marketplace): Route[] {
  return [
    publicRoute({
      method: 'get',
      path: '/api/client/is-created/{jobId}/{clientId}',
      summary: 'The live (or else the latest) contract of a job and client, or null',
      tags: ['contracts'],
      params: z.object({ jobId: objectId, clientId: objectId }),
      success: { status: 200, description: 'The contract or null', schema: z.object({ contract: orNull(contractSchema) }) },
      errors: [400],
      async handle({ params }) {
        const details = await service.contracts.findForJobAndClient(params);
        return { body: { contract: details === null ? null : contractDocument(details) } };
      },
    }),
    publicRoute({
      method: 'get',
      path: '/api/client/get-contracts/{clientId}',
      summary: 'A client’s contracts, newest first, a page at a time',
      tags: ['contracts'],
      params: z.object({ clientId: objectId }),
      query: contractListQuery,
      success: { status: 200, description: 'The contracts', schema: pagedList(listedContractSchema) },
      errors: [400],
      async handle({ params, query }) {
        const page = await service.contracts.listForClient({ clientId: params.clientId, ...contractFiltersOf(query) });
        const data = page.items.map(listedContractDocument);
        return { body: { count: data.length, data, nextCursor: nextCursorOf(page) } };
      },
    }),
    userRoute({
      method: 'get',
      path: '/api/client/all-contracts',
      summary: 'Every contract, newest first, a page at a time (admin only: a deliberate deviation from the original, which was open)',
      tags: ['contracts'],
      roles: ['admin'],
      query: contractListQuery,
      success: {
        status: 200,
        description: 'The contracts',
        schema: z.object({ data: z.array(listedContractSchema), nextCursor: z.string().nullable() }),
      },
      errors: [400],
      async handle({ actor, query }) {
        const page = await service.contracts.listAll({ actor, ...contractFiltersOf(query) });
        return { body: { data: page.items.map(listedContractDocument), nextCursor: nextCursorOf(page) } };
      },
    }),
  ];
}
