import { LEDGER_DIRECTIONS, type LedgerEntry, type LedgerJournal, type Paise, type RecordResult } from '@skillhouse/domain';
import type { Model } from 'mongoose';
import { isDuplicateKeyOn } from './duplicate-key.ts';
import type { LedgerEntryDocument } from './models.ts';
import { StoredFields } from './stored-values.ts';
import { saveOptionsFor, type WriteConcernSettings } from './write-concern.ts';

/** The most entries one escrow can have: its resolution pays at most a few movements. */
export const ESCROW_ENTRIES_MAX = 100;

/** Append-only, unique by idempotency key; balances are sums of the owner's entries. */
export class MongoLedgerJournal implements LedgerJournal {
  constructor(
    private readonly entries: Model<LedgerEntryDocument>,
    private readonly writeConcern: WriteConcernSettings,
  ) {}

  async record(entry: LedgerEntry): Promise<RecordResult> {
    try {
      await this.entries.insertOne({ ...entry }, saveOptionsFor(this.writeConcern));
      return { outcome: 'recorded' };
    } catch (error) {
      if (!isDuplicateKeyOn(error, ['idempotencyKey'])) throw error;
      const existing: unknown = await this.entries.findOne({ idempotencyKey: entry.idempotencyKey }).lean();
      if (existing === null) throw error;
      return { outcome: 'alreadyRecorded', existing: entryFromDocument(existing) };
    }
  }

  async listByOwner(ownerId: string, limit: number): Promise<readonly LedgerEntry[]> {
    const documents: unknown[] = await this.entries.find({ ownerId }).sort({ at: -1, _id: -1 }).limit(limit).lean();
    return documents.map(entryFromDocument);
  }

  async listByEscrow(escrowId: string): Promise<readonly LedgerEntry[]> {
    const documents: unknown[] = await this.entries.find({ escrowId }).sort({ at: 1, _id: 1 }).limit(ESCROW_ENTRIES_MAX).lean();
    return documents.map(entryFromDocument);
  }

  /**
   * Summed per direction by the server: FerretDB v1 has no `$cond` inside `$group`. Each sum is read
   * as whole paise, so a fraction stored by another writer stops the read instead of a balance.
   */
  async balanceOf(ownerId: string): Promise<Paise> {
    const totals: unknown[] = await this.entries.aggregate([
      { $match: { ownerId } },
      { $group: { _id: '$direction', totalPaise: { $sum: '$amountPaise' } } },
    ]);
    let balance = 0;
    for (const total of totals) {
      const fields = StoredFields.of(total, `ledger_entries of ${ownerId}, summed`);
      const sum = fields.paise('totalPaise');
      balance += fields.oneOf('_id', LEDGER_DIRECTIONS) === 'credit' ? sum : -sum;
    }
    return balance;
  }
}

/** Ledger entries keep the driver's ObjectId as `_id`, so they are named by their idempotency key. */
function entryFromDocument(document: unknown): LedgerEntry {
  const key = StoredFields.of(document, 'ledger_entries').text('idempotencyKey');
  const fields = StoredFields.of(document, `ledger_entries/${key}`);
  return {
    idempotencyKey: key,
    ownerId: fields.text('ownerId'),
    amountPaise: fields.paise('amountPaise'),
    direction: fields.oneOf('direction', LEDGER_DIRECTIONS),
    description: fields.text('description'),
    contractId: fields.textOrNull('contractId'),
    escrowId: fields.text('escrowId'),
    at: fields.date('at'),
  };
}
