import { z } from 'zod';
import type { Marketplace } from '@skillhouse/domain';
import {
  contractCaseDocument,
  contractCaseSchema,
  previewDocument,
  previewParams,
  previewQuery,
  previewSchema,
  queuePageDocument,
  queuePageSchema,
  queueParams,
  queueQuery,
} from '../admin-documents.ts';
import { reconciliationDocument, reconciliationQuery, reconciliationSchema } from '../reconciliation-document.ts';
import { userRoute, type Route } from '../route.ts';
import { booksAuditSchema, objectId } from '../schemas.ts';

/**
 * What the operators' console reads: the queues, one contract's whole case, an action's consequence
 * before it is taken, and the reconciliation of the books with the processor.
 */
export function adminRoutes(service: Marketplace): Route[] {
  return [
    userRoute({
      method: 'get',
      path: '/api/admin/queue/{queue}',
      summary: 'One operators’ queue, oldest first, a page at a time, with the size of the whole queue',
      description:
        '`release-requested`: Completed contracts whose client asked for the release. `disputes`: open disputes. `refunds-due`: funded escrows of canceled contracts. `auto-releases`: review periods ending within 48 hours. `returned-payments`: payments that funded no contract and went back whole. `failed-refunds`: client refunds Stripe reported failed, awaiting a retry or a settlement by hand. `chargebacks`: open chargebacks. A disputed escrow shows under disputes only; an escrow under an open chargeback is not a release or refund to do.',
      tags: ['admin'],
      roles: ['admin'],
      params: queueParams,
      query: queueQuery,
      success: { status: 200, description: 'A page of the queue', schema: queuePageSchema },
      errors: [400],
      async handle({ actor, params, query }) {
        const page = await service.listAdminQueue.execute({
          actor,
          queue: params.queue,
          limit: query.limit === undefined ? undefined : Number(query.limit),
          cursor: query.cursor,
        });
        return { body: queuePageDocument(page) };
      },
    }),
    userRoute({
      method: 'get',
      path: '/api/admin/contracts/{contractId}',
      summary: 'One contract’s whole case: the contract and its escrow, its parties with their blocked state, its history and its dispute',
      tags: ['admin'],
      roles: ['admin'],
      params: z.object({ contractId: objectId }),
      success: { status: 200, description: 'The case', schema: contractCaseSchema },
      errors: [400, 404],
      async handle({ actor, params }) {
        return { body: contractCaseDocument(await service.contractForAdmin.execute({ actor, contractId: params.contractId })) };
      },
    }),
    userRoute({
      method: 'get',
      path: '/api/admin/contracts/{contractId}/preview/{action}',
      summary: 'What a release, a refund or a dispute decision would do now, decided as the action would decide it; nothing changes',
      description:
        'For `dispute`, give `freelancerPayout` (INR) and `refundPlatformFee`. Refused exactly as the action would be (409 when the escrow is resolved, in dispute, not requested, …).',
      tags: ['admin'],
      roles: ['admin'],
      params: previewParams,
      query: previewQuery,
      success: { status: 200, description: 'Who would get what', schema: previewSchema },
      errors: [400, 404, 409],
      async handle({ actor, params, query }) {
        const preview = await service.previewResolution.execute({
          actor,
          contractId: params.contractId,
          action: params.action,
          freelancerPayout: query.freelancerPayout,
          refundPlatformFee: query.refundPlatformFee === undefined ? undefined : query.refundPlatformFee === 'true',
        });
        return { body: previewDocument(preview) };
      },
    }),
    userRoute({
      method: 'get',
      path: '/api/admin/reconciliation',
      summary: 'The ledger compared with Stripe: every difference, by kind; nothing changes',
      description:
        'Each escrow funded since `since`: the payment intent’s amount received, its refunds and their states, the refunded total; each withdrawal requested since then: its transfer and any reversal. Reads Stripe for each, so a long window takes a while: the daily run is the `reconcile` command (docs/ledger.md).',
      tags: ['admin'],
      roles: ['admin'],
      query: reconciliationQuery,
      success: { status: 200, description: 'The differences found (none: the books and Stripe agree)', schema: reconciliationSchema },
      errors: [400, 502],
      async handle({ actor, query }) {
        const since = query.since === undefined ? undefined : new Date(query.since);
        return { body: reconciliationDocument(await service.reconcile.execute({ actor, since })) };
      },
    }),
    userRoute({
      method: 'get',
      path: '/api/admin/audit',
      summary: 'The books audited: every invariant of the ledger and of each escrow, and each violation found; nothing changes',
      description:
        'The same checks as the `audit-books` command (docs/ledger.md, "The audit"), over everything the service holds, on the embedded default too. Reads every transfer and every escrow: for a large database, run the command instead.',
      tags: ['admin'],
      roles: ['admin'],
      success: { status: 200, description: 'What was checked, and the violations (none: the books balance)', schema: booksAuditSchema },
      errors: [],
      async handle({ actor }) {
        const audit = await service.auditBooks.execute({ actor });
        return { body: { ...audit, count: audit.violations.length, violations: [...audit.violations] } };
      },
    }),
  ];
}
