import { z } from 'zod';
import type { Marketplace } from '@skillhouse/domain';
import { listedContractDocument, populatedContract } from '../documents.ts';
import { contractFilterQuery, contractFiltersOf, contractListQuery, linkNextPage, pageQuerySchema } from '../list-page.ts';
import { publicRoute, userRoute, type Route } from '../route.ts';
import { cancelReasonBody, contractSchema, listedContractSchema, messageWith, objectId } from '../schemas.ts';

const updatableStatus = z.enum(['Started', 'Ongoing', 'Completed', 'Canceled']);

export function freelancerContractRoutes(service: Marketplace): Route[] {
  return [
    userRoute({
      method: 'post',
      path: '/api/freelancer/contract/approve-contract/{contractId}/{freelancerId}',
      summary: 'The contract’s freelancer accepts it: Pending → Started',
      tags: ['contracts'],
      roles: ['freelancer'],
      params: z.object({ contractId: objectId, freelancerId: objectId }),
      success: { status: 200, description: 'The contract, Started', schema: messageWith('contract', contractSchema) },
      errors: [400, 404, 409],
      async handle({ actor, params }) {
        const contract = await service.acceptContract.execute({ actor, ...params });
        return { body: { message: 'Contract approved', contract: await populatedContract(service, contract.id) } };
      },
    }),
    publicRoute({
      method: 'get',
      path: '/api/freelancer/contract/get-contracts/{freelancerId}',
      summary: 'A freelancer’s contracts, newest first, a page at a time (the next page’s address in `Link`)',
      tags: ['contracts'],
      params: z.object({ freelancerId: objectId }),
      query: contractListQuery,
      success: { status: 200, description: 'The contracts', schema: z.array(listedContractSchema) },
      errors: [400],
      async handle({ params, query, ctx }) {
        const page = await service.contracts.listForFreelancer({ freelancerId: params.freelancerId, ...contractFiltersOf(query) });
        linkNextPage(ctx, page);
        return { body: page.items.map(listedContractDocument) };
      },
    }),
    publicRoute({
      method: 'get',
      path: '/api/freelancer/contract/view-contract/{contractId}',
      summary: 'One contract, populated',
      tags: ['contracts'],
      params: z.object({ contractId: objectId }),
      success: { status: 200, description: 'The contract', schema: contractSchema },
      errors: [400, 404],
      async handle({ params }) {
        return { body: await populatedContract(service, params.contractId) };
      },
    }),
    userRoute({
      method: 'put',
      path: '/api/freelancer/contract/update-status/{contractId}',
      summary: 'The contract’s freelancer moves the work one step (Started → Ongoing → Completed) or cancels it',
      description: 'cancelReason and cancelReasonDescription are kept only when the status is Canceled.',
      tags: ['contracts'],
      roles: ['freelancer'],
      params: z.object({ contractId: objectId }),
      body: cancelReasonBody.extend({ status: updatableStatus }),
      success: { status: 200, description: 'The contract', schema: contractSchema },
      errors: [400, 404, 409, 415],
      async handle({ actor, params, body }) {
        const contract = await service.updateContractStatus.execute({
          actor,
          contractId: params.contractId,
          status: body.status,
          reason: body.cancelReason,
          description: body.cancelReasonDescription,
        });
        return { body: await populatedContract(service, contract.id) };
      },
    }),
    publicRoute({
      method: 'get',
      path: '/api/freelancer/contract/completed-works/{freelancerId}',
      summary: 'A freelancer’s Completed contracts, newest first, a page at a time (the next page’s address in `Link`)',
      tags: ['contracts'],
      params: z.object({ freelancerId: objectId }),
      query: pageQuerySchema.extend({ createdFrom: contractFilterQuery.createdFrom, createdBefore: contractFilterQuery.createdBefore }),
      success: { status: 200, description: 'The Completed contracts', schema: z.array(listedContractSchema) },
      errors: [400],
      async handle({ params, query, ctx }) {
        const filters = contractFiltersOf(query);
        const page = await service.contracts.listForFreelancer({ freelancerId: params.freelancerId, ...filters, status: 'Completed' });
        linkNextPage(ctx, page);
        return { body: page.items.map(listedContractDocument) };
      },
    }),
  ];
}
