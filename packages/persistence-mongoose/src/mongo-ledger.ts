import {
  assertValidTransfer,
  TRANSFER_KINDS,
  type AccountPosition,
  type Ledger,
  type RecordedTransfers,
  type Transfer,
} from '@skillhouse/domain';
import type { Model } from 'mongoose';
import { isDuplicateKeyOn } from './duplicate-key.ts';
import type { TransferDocument } from './models.ts';
import { StoredFields } from './stored-values.ts';
import { writeOptionsFor, type WriteConcernSettings } from './write-concern.ts';

/** The most transfers one escrow or a page of withdrawals can have: a few per movement. */
export const TRANSFERS_PER_READ_MAX = 500;

const DUPLICATE_KEY_CODE = 11000;

/** A wallet's transfers come back in one batch or few. */
const POSITION_BATCH_SIZE = 10_000;

/**
 * Transfers in `ledger_transfers`, `_id` = the transfer's id: the primary key is the claim. A
 * record is one unordered insertMany; ids already taken come back as duplicate-key errors, and only
 * then are the transfers that hold them read.
 */
export class MongoLedger implements Ledger {
  constructor(
    private readonly transfers: Model<TransferDocument>,
    private readonly writeConcern: WriteConcernSettings,
  ) {}

  async record(transfers: readonly Transfer[]): Promise<RecordedTransfers> {
    if (transfers.length === 0) return { recorded: [], existing: [] };
    for (const transfer of transfers) assertValidTransfer(transfer);
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

  async listByAccount(account: string, limit: number): Promise<readonly Transfer[]> {
    const documents: unknown[] = await this.transfers
      .find({ $or: [{ debitAccount: account }, { creditAccount: account }] })
      .sort({ at: -1, _id: -1 })
      .limit(limit)
      .lean();
    return documents.map(transferFromDocument);
  }

  async listByEscrow(escrowId: string): Promise<readonly Transfer[]> {
    const documents: unknown[] = await this.transfers.find({ escrowId }).sort({ at: 1, _id: 1 }).limit(TRANSFERS_PER_READ_MAX).lean();
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
   * number of debits come from the same transfers. Not an aggregate: FerretDB v1 answers only the
   * first accumulator of a `$group`, so a sum and a count cannot be read together.
   */
  async positionOf(account: string): Promise<AccountPosition> {
    const documents: unknown[] = await this.transfers
      .find({ $or: [{ debitAccount: account }, { creditAccount: account }] }, { debitAccount: 1, amountPaise: 1 })
      .batchSize(POSITION_BATCH_SIZE)
      .lean();
    let balancePaise = 0;
    let debits = 0;
    for (const document of documents) {
      const fields = StoredFields.of(document, `ledger_transfers of ${account}`);
      const amount = fields.paise('amountPaise');
      if (fields.text('debitAccount') === account) {
        balancePaise -= amount;
        debits += 1;
      } else {
        balancePaise += amount;
      }
    }
    return { balancePaise, debits };
  }

  async listAfter(afterId: string | null, limit: number): Promise<readonly Transfer[]> {
    const documents: unknown[] = await this.transfers
      .find(afterId === null ? {} : { _id: { $gt: afterId } })
      .sort({ _id: 1 })
      .limit(limit)
      .lean();
    return documents.map(transferFromDocument);
  }
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
