import {
  assertRecordable,
  escrowOfAccount,
  paymentHeld,
  PLATFORM_ACCOUNTS,
  TRANSFER_KINDS,
  type AccountPosition,
  type Ledger,
  type RecordedTransfers,
  type PageRequest,
  type Transfer,
  walletAccount,
} from '@skillhouse/domain';
import type { FilterQuery, Model } from 'mongoose';
import { isDuplicateKeyOn } from './duplicate-key.ts';
import type { EscrowDocument, TransferDocument } from './models.ts';
import { StoredFields } from './stored-values.ts';
import { writeOptionsFor, type WriteConcernSettings } from './write-concern.ts';

/** The most transfers one escrow or a page of withdrawals can have: a few per movement. */
export const TRANSFERS_PER_READ_MAX = 500;

const DUPLICATE_KEY_CODE = 11000;

/** A wallet's transfers come back in one batch or few. */
const POSITION_BATCH_SIZE = 10_000;

/** What a payment held is read from: the escrow's claim, its id, amount and funding time. */
const CLAIM_FIELDS = { amountPaise: 1, fundedAt: 1 } as const;

const PAYMENT_ID_PREFIX = 'escrow:';

/**
 * Transfers in `ledger_transfers`, `_id` = the transfer's id: the primary key is the claim. A
 * record is one unordered insertMany; ids already taken come back as duplicate-key errors, and only
 * then are the transfers that hold them read.
 *
 * Each escrow's payment held is its document in `escrows` (Ledger): every read that can meet the
 * processor's account or an escrow's reads the claims too, and a payment_held stored under the same
 * id (written by deliveries and the wallet migration before this) is the same transfer, read once.
 */
export class MongoLedger implements Ledger {
  constructor(
    private readonly transfers: Model<TransferDocument>,
    private readonly escrows: Model<EscrowDocument>,
    private readonly writeConcern: WriteConcernSettings,
  ) {}

  async record(transfers: readonly Transfer[]): Promise<RecordedTransfers> {
    if (transfers.length === 0) return { recorded: [], existing: [] };
    for (const transfer of transfers) assertRecordable(transfer);
    const taken = await this.insertReportingTaken(transfers);
    if (taken.size === 0) return { recorded: transfers, existing: [] };
    const documents: unknown[] = await this.transfers.find({ _id: { $in: [...taken] } }).lean();
    const existing = documents.map(transferFromDocument);
    return { recorded: transfers.filter((transfer) => !taken.has(transfer.id)), existing };
  }

  /** The ids that were already taken. */
  private async insertReportingTaken(transfers: readonly Transfer[]): Promise<Set<string>> {
    const documents = transfers.map(documentOf);
    try {
      await this.driverCollection().insertMany(documents, { ordered: false, ...writeOptionsFor(this.writeConcern) });
      return new Set();
    } catch (error) {
      const failures = writeErrorsOf(error);
      if (failures === null) {
        // A driver that reports a lone insert's duplicate without the per-document list.
        const [only] = documents;
        if (documents.length === 1 && only !== undefined && isDuplicateKeyOn(error, ['_id'])) return new Set([only._id]);
        throw error;
      }
      if (failures.some((failure) => failure.code !== DUPLICATE_KEY_CODE)) throw error;
      return new Set(
        failures.flatMap((failure) => {
          const document = documents[failure.index];
          return document === undefined ? [] : [document._id];
        }),
      );
    }
  }

  /** The driver's collection, typed by its documents: one unordered insert needs the driver's own insertMany. */
  private driverCollection() {
    return this.transfers.db.collection<TransferDocument>(this.transfers.collection.collectionName);
  }

  /**
   * The payments held that `account`'s transfers include, as a filter on `escrows`: every claim for
   * the processor, the escrow's own for an escrow, none for any other account.
   */
  private claimsOf(account: string): FilterQuery<EscrowDocument> | null {
    if (account === PLATFORM_ACCOUNTS.processor) return {};
    const escrowId = escrowOfAccount(account);
    return escrowId === null ? null : { _id: escrowId };
  }

  private async paymentsHeld(filter: FilterQuery<EscrowDocument> | null, sort: Record<string, 1 | -1>, limit: number): Promise<Transfer[]> {
    if (filter === null) return [];
    const documents: unknown[] = await this.escrows.find(filter, CLAIM_FIELDS).sort(sort).limit(limit).lean();
    return documents.map(paymentHeldFromDocument);
  }

  async listByAccount(account: string, limit: number): Promise<readonly Transfer[]> {
    const [stored, held] = await Promise.all([
      this.transfers
        .find({ $or: [{ debitAccount: account }, { creditAccount: account }] })
        .sort({ at: -1, _id: -1 })
        .limit(limit)
        .lean<unknown[]>(),
      this.paymentsHeld(this.claimsOf(account), { fundedAt: -1, _id: -1 }, limit),
    ]);
    // Each side is its newest `limit`: the newest `limit` of both are among them.
    return mergeTransfers(stored.map(transferFromDocument), held, byTime).toReversed().slice(0, limit);
  }

  async listByEscrow(escrowId: string): Promise<readonly Transfer[]> {
    const [stored, held] = await Promise.all([
      this.transfers.find({ escrowId }).sort({ at: 1, _id: 1 }).limit(TRANSFERS_PER_READ_MAX).lean<unknown[]>(),
      this.paymentsHeld({ _id: escrowId }, { _id: 1 }, 1),
    ]);
    return mergeTransfers(stored.map(transferFromDocument), held, byTime);
  }

  async listWithdrawalDebits(userId: string, page: PageRequest): Promise<readonly Transfer[]> {
    const { after } = page;
    const keyset = after === undefined ? {} : { $or: [{ at: { $lt: after.at } }, { at: after.at, withdrawalId: { $lt: after.id } }] };
    const documents: unknown[] = await this.transfers
      .find({ debitAccount: walletAccount(userId), kind: 'withdrawal', ...keyset })
      .sort({ at: -1, withdrawalId: -1 })
      .limit(page.limit)
      .lean();
    return documents.map(transferFromDocument);
  }

  async listByWithdrawals(withdrawalIds: readonly string[]): Promise<readonly Transfer[]> {
    if (withdrawalIds.length === 0) return [];
    const documents: unknown[] = await this.transfers
      .find({ withdrawalId: { $in: [...new Set(withdrawalIds)] } })
      .sort({ at: 1, _id: 1 })
      .limit(TRANSFERS_PER_READ_MAX)
      .lean();
    return documents.map(transferFromDocument);
  }

  /**
   * One read of the account's transfers (their accounts and amounts only), so the balance and the
   * number of debits come from the same transfers, and for the processor or an escrow one of the
   * claims (the processor's reads every claim: no use case asks for it, the audit walks instead).
   * Not an aggregate: FerretDB v1 answers only the first accumulator of a `$group`, so a sum and a
   * count cannot be read together.
   */
  async positionOf(account: string): Promise<AccountPosition> {
    const claims = this.claimsOf(account);
    const [stored, held] = await Promise.all([
      this.transfers
        .find({ $or: [{ debitAccount: account }, { creditAccount: account }] }, { debitAccount: 1, amountPaise: 1 })
        .batchSize(POSITION_BATCH_SIZE)
        .lean<unknown[]>(),
      claims === null ? [] : this.escrows.find(claims, CLAIM_FIELDS).batchSize(POSITION_BATCH_SIZE).lean<unknown[]>(),
    ]);
    const payments = held.map(paymentHeldFromDocument);
    const heldIds = new Set(payments.map((transfer) => transfer.id));
    const moves: { readonly debitAccount: string; readonly amountPaise: number }[] = payments;
    for (const document of stored) {
      const fields = StoredFields.of(document, `ledger_transfers of ${account}`);
      if (heldIds.has(fields.text('_id'))) continue;
      moves.push({ debitAccount: fields.text('debitAccount'), amountPaise: fields.paise('amountPaise') });
    }
    let balancePaise = 0;
    let debits = 0;
    for (const { debitAccount, amountPaise } of moves) {
      if (debitAccount === account) {
        balancePaise -= amountPaise;
        debits += 1;
      } else {
        balancePaise += amountPaise;
      }
    }
    return { balancePaise, debits };
  }

  async listAfter(afterId: string | null, limit: number): Promise<readonly Transfer[]> {
    const claims = claimsAfter(afterId);
    const [stored, held] = await Promise.all([
      this.transfers
        .find(afterId === null ? {} : { _id: { $gt: afterId } })
        .sort({ _id: 1 })
        .limit(limit)
        .lean<unknown[]>(),
      // One more: the claim `claimsAfter` lets in at the bound may sort before `afterId`.
      this.paymentsHeld(claims, { _id: 1 }, limit + 1),
    ]);
    const after = held.filter((transfer) => afterId === null || transfer.id > afterId);
    return mergeTransfers(stored.map(transferFromDocument), after, byId).slice(0, limit);
  }
}

/**
 * The claims whose payment's id (`escrow:<escrowId>:payment`) sorts after `afterId`, as a filter on
 * their ids, with at most one too many (the bound's own, filtered after): escrow ids are ObjectIds,
 * all of one length, so their payments' ids sort as they do. Null: none.
 */
function claimsAfter(afterId: string | null): FilterQuery<EscrowDocument> | null {
  if (afterId === null || afterId < PAYMENT_ID_PREFIX) return {};
  if (!afterId.startsWith(PAYMENT_ID_PREFIX)) return null;
  const [escrowId = ''] = afterId.slice(PAYMENT_ID_PREFIX.length).split(':');
  return { _id: { $gte: escrowId } };
}

function paymentHeldFromDocument(document: unknown): Transfer {
  const fields = StoredFields.ofDocument(document, 'escrows');
  return paymentHeld({ id: fields.text('_id'), amountPaise: fields.paise('amountPaise'), fundedAt: fields.date('fundedAt') });
}

/** Both lists in `order`, the stored copy of a payment held dropped: the claim stands for it. */
function mergeTransfers(stored: readonly Transfer[], held: readonly Transfer[], order: (a: Transfer, b: Transfer) => number): Transfer[] {
  const heldIds = new Set(held.map((transfer) => transfer.id));
  return [...stored.filter((transfer) => !heldIds.has(transfer.id)), ...held].sort(order);
}

/** Oldest first by time, then id, as the queries sort. */
function byTime(a: Transfer, b: Transfer): number {
  return a.at.getTime() - b.at.getTime() || byId(a, b);
}

function byId(a: Transfer, b: Transfer): number {
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

function documentOf(transfer: Transfer): TransferDocument {
  const { id, ...fields } = transfer;
  return { _id: id, ...fields };
}

/** The per-document failures of an unordered insertMany, or null when the error is not one. */
function writeErrorsOf(error: unknown): { index: number; code: number }[] | null {
  if (typeof error !== 'object' || error === null || !('writeErrors' in error)) return null;
  const { writeErrors } = error;
  const list: unknown[] = Array.isArray(writeErrors) ? writeErrors : [writeErrors];
  const failures: { index: number; code: number }[] = [];
  for (const failure of list) {
    if (typeof failure !== 'object' || failure === null) return null;
    const index = 'index' in failure ? failure.index : undefined;
    const code = 'code' in failure ? failure.code : undefined;
    if (typeof index !== 'number' || typeof code !== 'number') return null;
    failures.push({ index, code });
  }
  return failures;
}

export function transferFromDocument(document: unknown): Transfer {
  const id = StoredFields.of(document, 'ledger_transfers').text('_id');
  const fields = StoredFields.of(document, `ledger_transfers/${id}`);
  return {
    id,
    debitAccount: fields.text('debitAccount'),
    creditAccount: fields.text('creditAccount'),
    amountPaise: fields.paise('amountPaise'),
    kind: fields.oneOf('kind', TRANSFER_KINDS),
    escrowId: fields.textOrNull('escrowId'),
    contractId: fields.textOrNull('contractId'),
    withdrawalId: fields.textOrNull('withdrawalId'),
    externalId: fields.textOrNull('externalId'),
    description: fields.text('description'),
    at: fields.date('at'),
  };
}
