import { z } from 'zod';
import {
  ADMIN_QUEUES,
  paiseToInr,
  PREVIEWED_ACTIONS,
  QUEUE_PAGE_SIZE_MAX,
  type ContractCase,
  type QueueEntry,
  type QueuePage,
  type ResolutionPreview,
  type User,
} from '@skillhouse/domain';
import { contractDocument, disputeDocument, escrowDocument, historyEntryDocument } from './documents.ts';
import {
  contractSchema,
  disputeSchema,
  escrowSchema,
  historyEntrySchema,
  jobReferenceSchema,
  objectId,
  orNull,
  resolutionSchema,
  roleSchema,
} from './schemas.ts';

/** The documents and schemas of the admins' read endpoints, which the operators' console calls. */

const timestamp = z.iso.datetime();

/** A party as the directory holds it: whether they are blocked is what an operator needs to see. */
const partySchema = z
  .object({ _id: objectId, name: z.string().nullable(), role: roleSchema.nullable(), blocked: z.boolean(), known: z.boolean() })
  .meta({ id: 'Party', description: 'A user as the directory holds them; known is false when the directory has never seen them' });

function partyDocument(userId: string, user: User | null) {
  return {
    _id: userId,
    name: user === null || user.displayName === '' ? null : user.displayName,
    role: user?.role ?? null,
    blocked: user?.blocked ?? false,
    known: user !== null,
  };
}

export const queueParams = z.object({ queue: z.enum(ADMIN_QUEUES) });
export const queueQuery = z.object({
  limit: z
    .string()
    .regex(/^\d{1,3}$/, `must be a whole number from 1 to ${QUEUE_PAGE_SIZE_MAX}`)
    .optional()
    .meta({ description: `Entries per page, 1 to ${QUEUE_PAGE_SIZE_MAX} (20 when left out)` }),
  cursor: z.string().max(64).optional().meta({ description: 'The `next` of the previous page' }),
});

/** The queue rows of failed refunds and chargebacks show the escrow's own processor block, in part. */
const processorShape = escrowSchema.shape.processor.shape;

const queueEntrySchema = z
  .object({
    escrowId: objectId,
    contractId: objectId.nullable(),
    job: jobReferenceSchema,
    client: partySchema,
    freelancer: partySchema,
    amount: z.number(),
    platformFee: z.number(),
    freelancerEarning: z.number(),
    fundedAt: timestamp,
    contractStatus: z.string().nullable(),
    releaseFundStatus: z.string().nullable(),
    reviewEndsAt: timestamp.nullable(),
    dispute: z
      .object({
        openedBy: z.object({ _id: z.string(), role: z.string() }),
        reason: z.string(),
        openedAt: timestamp,
        statements: z.number().int(),
        lastStatement: z.object({ by: z.object({ _id: z.string(), role: z.string() }), text: z.string(), createdAt: timestamp }).nullable(),
      })
      .nullable(),
    resolution: orNull(resolutionSchema),
    refundFailure: processorShape.refundFailure
      .unwrap()
      .extend({ retries: z.number().int().meta({ description: 'How often admins retried this escrow’s client refund so far' }) })
      .nullable()
      .meta({
        description: 'The client refund the payment processor reported failed, while no admin has retried it or settled it by hand',
      }),
    chargeback: processorShape.chargeback,
  })
  .meta({ id: 'QueueEntry' });

export const queuePageSchema = z
  .object({
    queue: z.enum(ADMIN_QUEUES),
    count: z.number().int().meta({ description: 'Entries in the whole queue' }),
    data: z.array(queueEntrySchema),
    next: z.string().nullable().meta({ description: 'The cursor of the next page; null on the last' }),
  })
  .meta({ id: 'QueuePage' });

function queueEntryDocument(entry: QueueEntry) {
  const { escrow, contract, job, client, freelancer } = entry;
  const full = escrowDocument(escrow);
  const { processor } = full;
  const { dispute } = escrow;
  const last = dispute?.statements.at(-1);
  return {
    escrowId: escrow.id,
    contractId: escrow.contractId,
    job:
      job === null
        ? { _id: escrow.jobId, title: null, description: null, rate: null, status: null }
        : { _id: job.id, title: job.title, description: job.description, rate: paiseToInr(job.ratePaise), status: job.status },
    client: partyDocument(escrow.clientId, client),
    freelancer: partyDocument(escrow.freelancerId, freelancer),
    amount: full.amount,
    platformFee: full.platformFee,
    freelancerEarning: full.freelancerEarning,
    fundedAt: escrow.fundedAt.toISOString(),
    contractStatus: contract?.status ?? null,
    releaseFundStatus: contract?.releaseFundStatus ?? null,
    reviewEndsAt: full.reviewEndsAt,
    dispute:
      dispute === null
        ? null
        : {
            openedBy: { _id: dispute.openedBy, role: dispute.openedByRole },
            reason: dispute.reason,
            openedAt: dispute.openedAt.toISOString(),
            statements: dispute.statements.length,
            lastStatement:
              last === undefined ? null : { by: { _id: last.by, role: last.byRole }, text: last.text, createdAt: last.at.toISOString() },
          },
    resolution: full.resolution,
    refundFailure: processor.refundFailure === null ? null : { ...processor.refundFailure, retries: processor.refundRetries },
    chargeback: processor.chargeback,
  };
}

export function queuePageDocument(page: QueuePage) {
  return { queue: page.queue, count: page.total, data: page.entries.map(queueEntryDocument), next: page.next };
}

export const contractCaseSchema = z
  .object({
    contract: contractSchema,
    escrow: escrowSchema.nullable().meta({ description: 'The whole escrow, Stripe ids included; null for a contract never paid' }),
    parties: z.object({ client: partySchema, freelancer: partySchema }),
    history: z.array(historyEntrySchema),
    dispute: orNull(disputeSchema),
  })
  .meta({ id: 'ContractCase' });

export function contractCaseDocument(found: ContractCase) {
  const { details, history, dispute } = found;
  return {
    contract: contractDocument(details),
    escrow: details.escrow === null ? null : escrowDocument(details.escrow),
    parties: {
      client: partyDocument(details.contract.clientId, details.client),
      freelancer: partyDocument(details.contract.freelancerId, details.freelancer),
    },
    history: history.map(historyEntryDocument),
    dispute: dispute === null ? null : disputeDocument(dispute),
  };
}

export const previewParams = z.object({ contractId: objectId, action: z.enum(PREVIEWED_ACTIONS) });
export const previewQuery = z.object({
  freelancerPayout: z
    .string()
    .max(16)
    .optional()
    .meta({ description: 'For a dispute decision: the freelancer’s share in INR (0 to their earning, two decimals at most)' }),
  refundPlatformFee: z
    .enum(['true', 'false'])
    .optional()
    .meta({ description: 'For a dispute decision: whether the fee goes back to the client' }),
});

export const previewSchema = z
  .object({
    action: z.enum(PREVIEWED_ACTIONS),
    amount: z.number(),
    kind: z.enum(['release', 'refund', 'dispute', 'return']),
    stage: z.enum(['Pending', 'Started', 'Ongoing']).nullable(),
    stoppedBy: z.enum(['client', 'freelancer', 'admin']).nullable(),
    clientRefund: z.number(),
    freelancerPayout: z.number(),
    platformFee: z.number(),
  })
  .meta({
    id: 'ResolutionPreview',
    description: 'What the action would decide now: clientRefund + freelancerPayout + platformFee = amount',
  });

export function previewDocument(preview: ResolutionPreview) {
  const { resolution } = preview;
  return {
    action: preview.action,
    amount: paiseToInr(preview.amountPaise),
    kind: resolution.kind,
    stage: resolution.stage,
    stoppedBy: preview.stoppedBy,
    clientRefund: paiseToInr(resolution.clientRefundPaise),
    freelancerPayout: paiseToInr(resolution.freelancerPayoutPaise),
    platformFee: paiseToInr(resolution.platformFeePaise),
  };
}
