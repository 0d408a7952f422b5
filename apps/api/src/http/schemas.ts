import { z } from 'zod';
import {
  CHARGEBACK_STATUSES,
  CONTRACT_STATUSES,
  DISPUTE_DESCRIPTION_LENGTH_MAX,
  DISPUTE_NOTE_LENGTH_MAX,
  DISPUTE_REASONS,
  DISPUTE_STATEMENT_LENGTH_MAX,
  DISPUTE_STATEMENT_MEDIA_MAX,
  DISPUTE_STATUSES,
  inrShareToPaise,
  inrToPaise,
  RESOLUTION_KINDS,
  ROLES,
  TRANSFER_KINDS,
  WITHDRAWAL_STATUSES,
  ValidationError,
} from '@skillhouse/domain';
import { HttpErrors } from './http.errors.ts';

/**
 * The request and response schemas, defined once: routes validate with them and the OpenAPI
 * document is generated from them. Response schemas describe what the serializers in documents.ts
 * produce; the integration tests parse real responses with them.
 */

/**
 * A schema with an id of its own (`.meta({ id })`), or null: `anyOf` [its reference, null] in the
 * OpenAPI document. Zod's `.nullable()` of such a schema is written either as `allOf` [its
 * reference, a nullable type], which null does not satisfy, or, when it is the schema's first use,
 * by widening the shared schema itself to admit null for every use.
 */
export function orNull<T extends z.ZodType>(schema: T): z.ZodUnion<[T, z.ZodNull]> {
  return z.union([schema, z.null()]);
}

export const objectId = z
  .string()
  .regex(/^[0-9a-fA-F]{24}$/, 'must be a 24-character hexadecimal id')
  .meta({ description: 'A MongoDB ObjectId in its 24-hex-digit form', example: '64f1a2b3c4d5e6f7a8b9c0d4' });

/**
 * INR as a JSON number that the domain's own conversion accepts: it decides, so the 400 names this
 * field together with every other bad one.
 */
function inrNumber(toPaise: (value: unknown, field: string) => unknown) {
  return z.number().superRefine((value, context) => {
    try {
      toPaise(value, 'amount');
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      context.addIssue({ code: 'custom', message: error.message.replace(/^amount /, '') });
    }
  });
}

/** INR with at most two decimals, within what one payment can charge. */
export const inrAmount = inrNumber(inrToPaise).meta({
  description: 'An amount in INR: positive, at most two decimals, at most 999999.99',
  example: 50000,
});

const timestamp = z.iso.datetime().meta({ description: 'ISO 8601 date and time, UTC' });

export const roleSchema = z.enum(ROLES);
const contractStatusSchema = z.enum(CONTRACT_STATUSES);

export const errorSchema = z
  .object({
    message: z.string(),
    code: z.string().meta({ example: HttpErrors.RequestInvalid.code }),
    details: z.record(z.string(), z.unknown()).optional(),
  })
  .meta({ id: 'Error', description: 'Every error answer. `details.fields` names offending request fields.' });

export const userReferenceSchema = z
  .object({ _id: objectId, name: z.string().nullable(), role: roleSchema.nullable() })
  .meta({ id: 'UserReference', description: 'A populated user; name and role are null when the directory does not know the user' });

export const jobReferenceSchema = z
  .object({
    _id: objectId,
    title: z.string().nullable(),
    description: z.string().nullable(),
    rate: z.number().nullable(),
    status: z.enum(['Open', 'Closed']).nullable(),
  })
  .meta({ id: 'JobReference', description: 'A populated job; every field but _id is null when the job is unknown' });

const disputeStatusSchema = z.enum(DISPUTE_STATUSES);
const disputeReasonSchema = z.enum(DISPUTE_REASONS);
const actorReferenceSchema = z.object({ _id: z.string(), role: z.enum(['client', 'freelancer', 'admin', 'system']) });

export const resolutionSchema = z
  .object({
    kind: z.enum(RESOLUTION_KINDS),
    stage: z.enum(['Pending', 'Started', 'Ongoing']).nullable(),
    clientRefund: z.number(),
    freelancerPayout: z.number(),
    platformFee: z.number(),
    decidedBy: actorReferenceSchema,
    decidedAt: timestamp,
    reason: z.string().nullable(),
    reasonDescription: z.string().nullable(),
  })
  .meta({ id: 'EscrowResolution', description: 'How the escrow ended: clientRefund + freelancerPayout + platformFee = amount' });

export const escrowSchema = z
  .object({
    _id: objectId,
    contractId: objectId.nullable(),
    jobId: objectId,
    clientId: objectId,
    freelancerId: objectId,
    amount: z.number(),
    platformFee: z.number(),
    freelancerEarning: z.number(),
    status: z.enum(['funded', 'released', 'refunded']),
    reviewEndsAt: timestamp
      .nullable()
      .meta({ description: 'When the client’s review period ends: the escrow is then released unless the client answered' }),
    changeRequests: z.number().int(),
    dispute: z.object({ status: disputeStatusSchema, reason: disputeReasonSchema, openedAt: timestamp }).nullable(),
    resolution: orNull(resolutionSchema),
    checkoutSessionId: z.string(),
    paymentIntentId: z.string(),
    refund: z.object({ clientRefund: z.number(), freelancerPayout: z.number(), stripeRefundId: z.string().nullable() }).nullable(),
    processor: z
      .object({
        refundFailure: z
          .object({
            refundId: z.string().nullable().meta({ description: 'The refund that failed; null when Stripe refused to make it at all' }),
            reason: z.string(),
            failedAt: timestamp,
          })
          .nullable(),
        refundFailures: z.number().int(),
        refundRetries: z.number().int(),
        refundSettledByHand: z.object({ by: objectId, note: z.string(), settledAt: timestamp }).nullable(),
        outsideRefunded: z.number().meta({ description: 'INR refunded outside this service (e.g. in Stripe’s Dashboard)' }),
        chargeback: z
          .object({
            disputeId: z.string(),
            status: z.enum(CHARGEBACK_STATUSES),
            amount: z.number(),
            openedAt: timestamp,
            closedAt: timestamp.nullable(),
          })
          .nullable(),
      })
      .meta({
        description:
          'What the payment processor did on its own: a client refund that failed (an admin retries it or settles it by hand), refunds made outside this service, a chargeback',
      }),
    createdAt: timestamp,
    resolvedAt: timestamp.nullable(),
  })
  .meta({ id: 'Escrow' });

export const contractEscrowSchema = escrowSchema
  .omit({ checkoutSessionId: true, paymentIntentId: true, processor: true })
  .extend({
    refund: z.object({ clientRefund: z.number(), freelancerPayout: z.number() }).nullable(),
    dispute: z.object({ status: disputeStatusSchema, openedAt: timestamp }).nullable(),
    resolution: resolutionSchema.omit({ reason: true, reasonDescription: true }).nullable(),
  })
  .meta({
    id: 'ContractEscrow',
    description:
      'The escrow of a contract as anyone may read it (contracts are public): without its Stripe ids, the dispute’s reason or the resolution’s reasons',
  });

export const contractSchema = z
  .object({
    _id: objectId,
    jobId: jobReferenceSchema,
    clientId: userReferenceSchema,
    freelancerId: userReferenceSchema,
    amount: z.number(),
    status: contractStatusSchema,
    statusHistory: z.array(
      z.object({
        status: contractStatusSchema,
        date: timestamp,
        by: z.string().nullable().meta({
          description:
            'Who made the change: a user id, or "system"; the client for Pending. Null on a contract last written before this was kept',
        }),
      }),
    ),
    releaseFundStatus: z.enum(['NotRequested', 'Requested', 'Approved']),
    escrowId: objectId.nullable(),
    escrow: orNull(contractEscrowSchema),
    cancelledBy: objectId.nullable(),
    cancelReason: z.string().nullable(),
    cancelReasonDescription: z.string().nullable(),
    canceledFrom: z.enum(['Pending', 'Started', 'Ongoing', 'Completed']).nullable(),
    reviewEndsAt: timestamp.nullable(),
    changeRequests: z.number().int(),
    createdAt: timestamp,
    updatedAt: timestamp,
  })
  .meta({ id: 'Contract' });

export const jobSummarySchema = z
  .object({
    _id: objectId,
    title: z.string().nullable(),
    rate: z.number().nullable(),
    status: z.enum(['Open', 'Closed']).nullable(),
  })
  .meta({
    id: 'JobSummary',
    description: 'A job as lists show it: without its description; every field but _id is null when the job is unknown',
  });

export const listedContractSchema = contractSchema.extend({ jobId: jobSummarySchema }).meta({
  id: 'ListedContract',
  description: 'A contract as lists show it: its job in summary (no description); one contract shows the whole job',
});

/** `{ count, data }` of a paged list: count is the length of this page; nextCursor asks for the next page, null on the last. */
export function pagedList<T extends z.ZodType>(item: T) {
  return z.object({
    count: z.number().int(),
    data: z.array(item),
    nextCursor: z.string().nullable().meta({ description: 'The `cursor` of the next page; null on the last page' }),
  });
}

export const jobSchema = z
  .object({
    _id: objectId,
    clientId: objectId,
    title: z.string(),
    description: z.string(),
    rate: z.number(),
    status: z.enum(['Open', 'Closed']),
    hiredFreelancerId: objectId.nullable(),
    createdAt: timestamp,
    updatedAt: timestamp,
  })
  .meta({ id: 'Job' });

export const reviewSchema = z
  .object({
    _id: objectId,
    contractId: objectId,
    clientId: objectId,
    freelancerId: objectId,
    rating: z.number().int().min(1).max(5),
    description: z.string(),
    createdAt: timestamp,
  })
  .meta({ id: 'Review' });

export const withdrawalSchema = z
  .object({
    _id: objectId,
    userId: objectId,
    amount: z.number(),
    status: z.enum(WITHDRAWAL_STATUSES),
    payoutId: z.string().nullable(),
    requestedAt: timestamp,
    paidOutAt: timestamp.nullable(),
    returnedAmount: z
      .number()
      .describe('How much came back to the wallet: all of it when returned, part of it after a partial reversal, else 0'),
    returnedAt: timestamp.nullable().describe('When money last came back to the wallet'),
    returnReason: z.string().nullable(),
  })
  .meta({ id: 'Withdrawal' });

export const payoutAccountSchema = z
  .object({
    connected: z.boolean(),
    accountId: z.string().nullable().meta({ description: "The processor's connected account (acct_...), null before one is created" }),
    payoutsEnabled: z.boolean(),
  })
  .meta({ id: 'PayoutAccount' });

export const earningsSchema = z
  .object({
    userId: objectId,
    balance: z.number(),
    available: z.number(),
    held: z.number(),
    entries: z.array(
      z.object({
        amount: z.number(),
        direction: z.enum(['credit', 'debit']),
        kind: z.enum(TRANSFER_KINDS),
        description: z.string(),
        contractId: objectId.nullable(),
        escrowId: objectId.nullable(),
        withdrawalId: objectId.nullable(),
        createdAt: timestamp,
      }),
    ),
    withdrawals: z.array(withdrawalSchema),
  })
  .meta({ id: 'Earnings' });

export const disputeSchema = z
  .object({
    number: z.number().int(),
    status: disputeStatusSchema,
    openedBy: actorReferenceSchema,
    reason: disputeReasonSchema,
    description: z.string(),
    openedAt: timestamp,
    closedAt: timestamp.nullable(),
    statements: z.array(z.object({ by: actorReferenceSchema, text: z.string(), mediaUrls: z.array(z.string()), createdAt: timestamp })),
  })
  .meta({ id: 'Dispute' });

export const disputedEscrowSchema = escrowSchema.extend({ dispute: orNull(disputeSchema) }).meta({ id: 'DisputedEscrow' });

export const historyEntrySchema = z
  .object({
    at: timestamp,
    actor: actorReferenceSchema,
    source: z.enum(['contract', 'escrow', 'money']),
    type: z.string().meta({ example: 'StatusChanged' }),
    details: z.record(z.string(), z.unknown()).meta({ description: 'What happened; amounts in INR' }),
  })
  .meta({ id: 'HistoryEntry' });

export const disputeOpenBody = z.object({
  reason: disputeReasonSchema,
  description: z.string().min(1).max(DISPUTE_DESCRIPTION_LENGTH_MAX),
});

export const disputeStatementBody = z.object({
  text: z.string().min(1).max(DISPUTE_STATEMENT_LENGTH_MAX),
  mediaUrls: z.array(z.string().max(2_048)).max(DISPUTE_STATEMENT_MEDIA_MAX).optional(),
});

/** A share of a paid amount: zero or more, at most two decimals; the domain bounds it by the freelancer's earning. */
export const inrShare = inrNumber(inrShareToPaise).meta({
  description: 'An amount in INR: zero or more, at most two decimals',
  example: 13500,
});

export const disputeDecisionBody = z.object({
  freelancerPayout: inrShare,
  refundPlatformFee: z.boolean(),
  note: z.string().min(1).max(DISPUTE_NOTE_LENGTH_MAX),
});

export const disputeListQuery = z.object({
  status: disputeStatusSchema.optional().meta({ description: 'The disputes in this status; open when left out' }),
});

export const changeRequestBody = z.object({ note: z.string().min(1).max(2_000) });

export const directoryUserSchema = z
  .object({ _id: objectId, role: roleSchema, displayName: z.string(), blocked: z.boolean() })
  .meta({ id: 'DirectoryUser' });

/** Why work is canceled, optional wherever it may be canceled; the domain bounds the lengths. */
export const cancelReasonBody = z.object({ cancelReason: z.string().optional(), cancelReasonDescription: z.string().optional() });

export const messageWith = <K extends string, S extends z.ZodType>(
  key: K,
  schema: S,
): z.ZodObject<{ message: z.ZodString } & Record<K, S>> => z.object({ message: z.string(), ...({ [key]: schema } as Record<K, S>) });

export const booksAuditSchema = z
  .object({
    transfersChecked: z.number().int(),
    escrowsChecked: z.number().int(),
    count: z.number().int(),
    violations: z.array(
      z.object({
        rule: z.string().meta({ description: 'The invariant broken, e.g. `balances-sum-to-zero`, `escrow-transfers`' }),
        subject: z.string(),
        message: z.string(),
      }),
    ),
  })
  .meta({ id: 'BooksAudit' });
