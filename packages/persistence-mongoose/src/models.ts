import { Schema, type Connection, type Model } from 'mongoose';

/**
 * The stored shape of every collection. Ids are the domain's 24-hex strings, stored as strings
 * (`_id` included): the domain never sees an ObjectId and a query never needs a conversion.
 * `minimize: false` keeps empty objects, `versionKey: false` keeps `__v` out, and subdocuments
 * get no `_id` of their own, so what is read back is exactly what the domain wrote.
 */
const SCHEMA_OPTIONS = { versionKey: false, minimize: false, autoIndex: false, autoCreate: false, strict: 'throw' } as const;
const NESTED_OPTIONS = { _id: false, versionKey: false, minimize: false } as const;

export interface EventDocument {
  readonly streamId: string;
  readonly sequence: number;
  readonly type: string;
  readonly data: Record<string, unknown>;
  readonly recordedAt: Date;
}

function eventSchema(): Schema<EventDocument> {
  const schema = new Schema<EventDocument>(
    {
      streamId: { type: String, required: true },
      sequence: { type: Number, required: true },
      type: { type: String, required: true },
      data: { type: Schema.Types.Mixed, required: true },
      recordedAt: { type: Date, required: true },
    },
    SCHEMA_OPTIONS,
  );
  // The claim: one event per position of a stream, so two appenders can never both win.
  schema.index({ streamId: 1, sequence: 1 }, { unique: true, name: 'stream_sequence_unique' });
  // The repair pass finds the streams written lately here, to reproject them.
  schema.index({ recordedAt: 1 }, { name: 'recorded' });
  return schema;
}

const statusHistorySchema = new Schema(
  { status: { type: String, required: true }, at: { type: Date, required: true }, by: { type: String, default: null } },
  NESTED_OPTIONS,
);

export interface ContractDocument {
  readonly _id: string;
  readonly jobId: string;
  readonly clientId: string;
  readonly freelancerId: string;
  readonly amountPaise: number;
  readonly status: string;
  readonly statusHistory: readonly { status: string; at: Date; by: string | null }[];
  readonly releaseFundStatus: string;
  readonly escrowId: string | null;
  readonly cancellation: Record<string, unknown> | null;
  readonly deliveries: number;
  readonly deliveredAt: Date | null;
  readonly changeRequests: number;
  readonly createdAt: Date;
  readonly updatedAt: Date;
  readonly sequence: number;
  /** The view of the escrow funding the contract, as its document in `escrows` holds it (null: none yet). */
  readonly escrow: EscrowDocument | null;
}

function contractSchema(): Schema<ContractDocument> {
  const schema = new Schema<ContractDocument>(
    {
      _id: { type: String, required: true },
      jobId: { type: String, required: true },
      clientId: { type: String, required: true },
      freelancerId: { type: String, required: true },
      amountPaise: { type: Number, required: true },
      status: { type: String, required: true },
      statusHistory: { type: [statusHistorySchema], required: true },
      releaseFundStatus: { type: String, required: true },
      escrowId: { type: String, default: null },
      cancellation: { type: Schema.Types.Mixed, default: null },
      deliveries: { type: Number, required: true },
      deliveredAt: { type: Date, default: null },
      changeRequests: { type: Number, required: true },
      createdAt: { type: Date, required: true },
      updatedAt: { type: Date, required: true },
      sequence: { type: Number, required: true },
      escrow: { type: Schema.Types.Mixed, default: null },
    },
    SCHEMA_OPTIONS,
  );
  // One index per list the API offers, each ending in the newest-first order of that list.
  schema.index({ clientId: 1, createdAt: -1 }, { name: 'client_newest' });
  schema.index({ freelancerId: 1, createdAt: -1 }, { name: 'freelancer_newest' });
  schema.index({ jobId: 1, clientId: 1, createdAt: -1 }, { name: 'job_client_newest' });
  schema.index({ freelancerId: 1, status: 1, createdAt: -1 }, { name: 'freelancer_status_newest' });
  schema.index({ createdAt: -1 }, { name: 'newest' });
  return schema;
}

const hireSchema = new Schema(
  {
    contractId: { type: String, required: true },
    clientId: { type: String, required: true },
    freelancerId: { type: String, required: true },
    amountPaise: { type: Number, required: true },
    at: { type: Date, required: true },
  },
  NESTED_OPTIONS,
);

export interface HireDocument {
  readonly contractId: string;
  readonly clientId: string;
  readonly freelancerId: string;
  readonly amountPaise: number;
  readonly at: Date;
}

export interface JobDocument {
  readonly _id: string;
  readonly clientId: string;
  readonly title: string;
  readonly description: string;
  readonly ratePaise: number;
  readonly status: string;
  readonly liveHire: HireDocument | null;
  readonly hiredFreelancerId: string | null;
  readonly hires: readonly HireDocument[];
  readonly createdAt: Date;
  readonly updatedAt: Date;
  readonly sequence: number;
}

function jobSchema(): Schema<JobDocument> {
  return new Schema<JobDocument>(
    {
      _id: { type: String, required: true },
      clientId: { type: String, required: true },
      title: { type: String, required: true },
      description: { type: String, required: true },
      ratePaise: { type: Number, required: true },
      status: { type: String, required: true },
      liveHire: { type: hireSchema, default: null },
      hiredFreelancerId: { type: String, default: null },
      hires: { type: [hireSchema], required: true },
      createdAt: { type: Date, required: true },
      updatedAt: { type: Date, required: true },
      sequence: { type: Number, required: true },
    },
    SCHEMA_OPTIONS,
  );
}

/**
 * The escrow: its funding as claimed (never changed after the insert), then the view of its
 * stream, written by `project` only over an older one. The list fields at the end repeat parts of
 * the view at the top level, where an index can serve each list.
 */
export interface EscrowDocument {
  readonly _id: string;
  readonly checkoutSessionId: string;
  readonly paymentIntentId: string;
  readonly jobId: string;
  readonly clientId: string;
  readonly freelancerId: string;
  readonly amountPaise: number;
  readonly platformFeePaise: number;
  readonly freelancerEarningPaise: number;
  readonly proposedContractId: string;
  readonly fundedAt: Date;
  // The view: EscrowState without the escrow, and its status.
  readonly sequence: number;
  readonly contractId: string | null;
  readonly review: Record<string, unknown> | null;
  readonly reviewRounds: number;
  readonly changeRequests: readonly Record<string, unknown>[];
  readonly dispute: Record<string, unknown> | null;
  readonly resolution: Record<string, unknown> | null;
  readonly clientRefundId: string | null;
  /** What the processor did on its own and the answers to a failed refund; null (or absent, in older views) while nothing. */
  readonly processor: Record<string, unknown> | null;
  readonly settledAt: Date | null;
  readonly updatedAt: Date;
  /** For operators reading the collection; the adapter derives the status from the view. */
  readonly status: string;
  // The list fields.
  /** When the review timer releases this escrow: the review's end while unresolved and not in dispute, else null. */
  readonly reviewDueAt: Date | null;
  readonly disputeStatus: string | null;
  readonly disputeOpenedAt: Date | null;
  /** When the client refund failed, while it waits for an admin's retry or settlement by hand. */
  readonly refundFailedAt: Date | null;
  /** When an open chargeback was opened, while it is open. */
  readonly chargebackOpenedAt: Date | null;
}

function escrowSchema(): Schema<EscrowDocument> {
  const schema = new Schema<EscrowDocument>(
    {
      _id: { type: String, required: true },
      checkoutSessionId: { type: String, required: true },
      paymentIntentId: { type: String, required: true },
      jobId: { type: String, required: true },
      clientId: { type: String, required: true },
      freelancerId: { type: String, required: true },
      amountPaise: { type: Number, required: true },
      platformFeePaise: { type: Number, required: true },
      freelancerEarningPaise: { type: Number, required: true },
      proposedContractId: { type: String, required: true },
      fundedAt: { type: Date, required: true },
      sequence: { type: Number, required: true },
      contractId: { type: String, default: null },
      review: { type: Schema.Types.Mixed, default: null },
      reviewRounds: { type: Number, required: true },
      changeRequests: { type: [Schema.Types.Mixed], required: true },
      dispute: { type: Schema.Types.Mixed, default: null },
      resolution: { type: Schema.Types.Mixed, default: null },
      clientRefundId: { type: String, default: null },
      processor: { type: Schema.Types.Mixed, default: null },
      settledAt: { type: Date, default: null },
      updatedAt: { type: Date, required: true },
      status: { type: String, required: true },
      reviewDueAt: { type: Date, default: null },
      disputeStatus: { type: String, default: null },
      disputeOpenedAt: { type: Date, default: null },
      refundFailedAt: { type: Date, default: null },
      chargebackOpenedAt: { type: Date, default: null },
    },
    SCHEMA_OPTIONS,
  );
  // The claim: one escrow per checkout session, however many times the payment is delivered.
  schema.index({ checkoutSessionId: 1 }, { unique: true, name: 'checkout_session_unique' });
  // One index per list, each in the list's order.
  schema.index({ clientId: 1, fundedAt: -1 }, { name: 'client_newest' });
  schema.index({ reviewDueAt: 1, _id: 1 }, { name: 'review_due' });
  schema.index({ contractId: 1, settledAt: 1, fundedAt: 1, _id: 1 }, { name: 'unfinished_payments' });
  schema.index({ disputeStatus: 1, disputeOpenedAt: 1, _id: 1 }, { name: 'dispute_status_oldest' });
  // The operators' queues of money held and of payments returned whole, oldest funded first.
  schema.index({ status: 1, fundedAt: 1, _id: 1 }, { name: 'status_oldest' });
  schema.index({ 'resolution.kind': 1, fundedAt: 1, _id: 1 }, { name: 'resolution_kind_oldest' });
  // The reconciliation walks every escrow funded since a time.
  schema.index({ fundedAt: 1, _id: 1 }, { name: 'funded_oldest' });
  // The processor's reports name the payment; the queues of failed refunds and open chargebacks.
  schema.index({ paymentIntentId: 1 }, { name: 'payment_intent' });
  schema.index({ refundFailedAt: 1, _id: 1 }, { name: 'refund_failed_oldest' });
  schema.index({ chargebackOpenedAt: 1, _id: 1 }, { name: 'chargeback_open_oldest' });
  return schema;
}

/** A migration that has run to its end on this database: later starts skip it with one read. */
export interface MigrationDocument {
  readonly _id: string;
  readonly completedAt: Date;
}

function migrationSchema(): Schema<MigrationDocument> {
  return new Schema<MigrationDocument>(
    { _id: { type: String, required: true }, completedAt: { type: Date, required: true } },
    SCHEMA_OPTIONS,
  );
}

/** A wallet entry as written before the double-entry ledger: kept so the migration can read it. */
export interface LedgerEntryDocument {
  readonly idempotencyKey: string;
  readonly ownerId: string;
  readonly amountPaise: number;
  readonly direction: string;
  readonly description: string;
  readonly contractId: string | null;
  readonly escrowId: string;
  readonly at: Date;
}

function ledgerEntrySchema(): Schema<LedgerEntryDocument> {
  const schema = new Schema<LedgerEntryDocument>(
    {
      idempotencyKey: { type: String, required: true },
      ownerId: { type: String, required: true },
      amountPaise: { type: Number, required: true },
      direction: { type: String, required: true },
      description: { type: String, required: true },
      contractId: { type: String, default: null },
      escrowId: { type: String, required: true },
      at: { type: Date, required: true },
    },
    SCHEMA_OPTIONS,
  );
  schema.index({ idempotencyKey: 1 }, { unique: true, name: 'idempotency_key_unique' });
  // The migration reads them by escrow.
  schema.index({ escrowId: 1 }, { name: 'escrow' });
  return schema;
}

/** A transfer of the double-entry ledger; `_id` is its id, so the primary key is the claim. */
export interface TransferDocument {
  readonly _id: string;
  readonly debitAccount: string;
  readonly creditAccount: string;
  readonly amountPaise: number;
  readonly kind: string;
  readonly escrowId: string | null;
  readonly contractId: string | null;
  readonly withdrawalId: string | null;
  readonly externalId: string | null;
  readonly description: string;
  readonly at: Date;
}

function transferSchema(): Schema<TransferDocument> {
  const schema = new Schema<TransferDocument>(
    {
      _id: { type: String, required: true },
      debitAccount: { type: String, required: true },
      creditAccount: { type: String, required: true },
      amountPaise: { type: Number, required: true },
      kind: { type: String, required: true },
      escrowId: { type: String, default: null },
      contractId: { type: String, default: null },
      withdrawalId: { type: String, default: null },
      externalId: { type: String, default: null },
      description: { type: String, required: true },
      at: { type: Date, required: true },
    },
    SCHEMA_OPTIONS,
  );
  schema.index({ debitAccount: 1, at: -1 }, { name: 'debit_account_newest' });
  schema.index({ creditAccount: 1, at: -1 }, { name: 'credit_account_newest' });
  schema.index({ escrowId: 1 }, { name: 'escrow' });
  schema.index({ withdrawalId: 1 }, { name: 'withdrawal' });
  return schema;
}

export interface ReviewDocument {
  readonly _id: string;
  readonly contractId: string;
  readonly clientId: string;
  readonly freelancerId: string;
  readonly rating: number;
  readonly description: string;
  readonly createdAt: Date;
}

function reviewSchema(): Schema<ReviewDocument> {
  const schema = new Schema<ReviewDocument>(
    {
      _id: { type: String, required: true },
      contractId: { type: String, required: true },
      clientId: { type: String, required: true },
      freelancerId: { type: String, required: true },
      rating: { type: Number, required: true },
      description: { type: String, required: true },
      createdAt: { type: Date, required: true },
    },
    SCHEMA_OPTIONS,
  );
  // The claim: one review per contract.
  schema.index({ contractId: 1 }, { unique: true, name: 'contract_unique' });
  schema.index({ freelancerId: 1, createdAt: -1 }, { name: 'freelancer_newest' });
  return schema;
}

export interface UserDocument {
  readonly _id: string;
  readonly role: string;
  readonly displayName: string;
  readonly blocked: boolean;
}

function userSchema(): Schema<UserDocument> {
  return new Schema<UserDocument>(
    {
      _id: { type: String, required: true },
      role: { type: String, required: true },
      // Empty is valid: the identity service may not have told us a name yet (Mongoose's `required`
      // refuses an empty string).
      displayName: { type: String, default: '' },
      blocked: { type: Boolean, required: true },
    },
    SCHEMA_OPTIONS,
  );
}

export interface OperationDocument {
  readonly _id: string;
  readonly subject: { readonly type: string; readonly id: string };
  readonly openedAt: Date;
  readonly failedAttempts: number;
  readonly dueAt: Date;
}

function operationSchema(): Schema<OperationDocument> {
  const subjectSchema = new Schema({ type: { type: String, required: true }, id: { type: String, required: true } }, NESTED_OPTIONS);
  const schema = new Schema<OperationDocument>(
    {
      _id: { type: String, required: true },
      subject: { type: subjectSchema, required: true },
      openedAt: { type: Date, required: true },
      failedAttempts: { type: Number, required: true },
      dueAt: { type: Date, required: true },
    },
    SCHEMA_OPTIONS,
  );
  schema.index({ dueAt: 1, _id: 1 }, { name: 'due' });
  return schema;
}

/** A freelancer's payout account; `_id` is the user's id, so the primary key is the claim. */
export interface PayoutAccountDocument {
  readonly _id: string;
  readonly accountId: string;
  readonly payoutsEnabled: boolean;
  readonly createdAt: Date;
  readonly reportedAt: Date | null;
}

function payoutAccountSchema(): Schema<PayoutAccountDocument> {
  const schema = new Schema<PayoutAccountDocument>(
    {
      _id: { type: String, required: true },
      accountId: { type: String, required: true },
      payoutsEnabled: { type: Boolean, required: true },
      createdAt: { type: Date, required: true },
      reportedAt: { type: Date, default: null },
    },
    SCHEMA_OPTIONS,
  );
  // The processor's webhooks name the account: one user per account.
  schema.index({ accountId: 1 }, { unique: true, name: 'account_id_unique' });
  return schema;
}

/**
 * A shard key, should a collection be sharded: ranged (`1`) or hashed. MongoDB enforces a unique
 * index across shards only when it starts with the shard key, so every collection that claims
 * something under a unique index is sharded on that index's leading fields, and a claim is always
 * decided on one shard. `shard-keys.unit.test.ts` fails when an index breaks that.
 */
export type ShardKey = Readonly<Record<string, 1 | 'hashed'>>;

/**
 * Each collection's shard key (why each: docs/scaling.md). `_id` is unique per shard only unless it
 * is the shard key; no claim rests on `_id` where it is not.
 */
export const SHARD_KEYS: Readonly<Record<string, ShardKey | 'unsharded'>> = {
  // A stream lives on one shard: its reads and its position claims (streamId, sequence) both.
  contract_events: { streamId: 1 },
  job_events: { streamId: 1 },
  escrow_events: { streamId: 1 },
  // Projections claim nothing: spread by their id.
  contracts: { _id: 'hashed' },
  jobs: { _id: 'hashed' },
  // The claim of a payment: one escrow per checkout session.
  escrows: { checkoutSessionId: 1 },
  // The claim of a money movement: its idempotency key.
  ledger_entries: { idempotencyKey: 1 },
  // The claim of a transfer is its id: one id always hashes to one shard, so the primary key stays
  // unique, and transfers (ids derived from escrows and wallets) spread evenly.
  ledger_transfers: { _id: 'hashed' },
  // The claim of one review per contract.
  reviews: { contractId: 1 },
  users: { _id: 'hashed' },
  operations: { _id: 'hashed' },
  // Two claims, one payout account per user (`_id`) and one user per Stripe account (`account_id_unique`),
  // cannot both lead a shard key; one small document per freelancer stays on the primary shard.
  payout_accounts: 'unsharded',
  // A handful of documents: on the primary shard.
  migrations: 'unsharded',
};

export interface PersistenceModels {
  readonly contractEvents: Model<EventDocument>;
  readonly jobEvents: Model<EventDocument>;
  readonly contracts: Model<ContractDocument>;
  readonly jobs: Model<JobDocument>;
  readonly escrowEvents: Model<EventDocument>;
  readonly escrows: Model<EscrowDocument>;
  readonly ledgerEntries: Model<LedgerEntryDocument>;
  readonly transfers: Model<TransferDocument>;
  readonly payoutAccounts: Model<PayoutAccountDocument>;
  readonly reviews: Model<ReviewDocument>;
  readonly users: Model<UserDocument>;
  readonly operations: Model<OperationDocument>;
  readonly migrations: Model<MigrationDocument>;
}

/** Registers the models on `connection` once; later calls reuse them. */
export function modelsFor(connection: Connection): PersistenceModels {
  function model<T>(name: string, collection: string, schema: () => Schema<T>): Model<T> {
    return (connection.models[name] as Model<T> | undefined) ?? connection.model<T>(name, schema(), collection);
  }
  return {
    contractEvents: model('ContractEvent', 'contract_events', eventSchema),
    jobEvents: model('JobEvent', 'job_events', eventSchema),
    contracts: model('Contract', 'contracts', contractSchema),
    jobs: model('Job', 'jobs', jobSchema),
    escrowEvents: model('EscrowEvent', 'escrow_events', eventSchema),
    escrows: model('Escrow', 'escrows', escrowSchema),
    ledgerEntries: model('LedgerEntry', 'ledger_entries', ledgerEntrySchema),
    transfers: model('Transfer', 'ledger_transfers', transferSchema),
    payoutAccounts: model('PayoutAccount', 'payout_accounts', payoutAccountSchema),
    reviews: model('Review', 'reviews', reviewSchema),
    users: model('User', 'users', userSchema),
    operations: model('Operation', 'operations', operationSchema),
    migrations: model('Migration', 'migrations', migrationSchema),
  };
}
