import type { LedgerDirection, LedgerEntry, LedgerJournal, Paise, RecordResult } from '@skillhouse/domain';
import type { Model } from 'mongoose';
import { isDuplicateKeyOn } from './duplicate-key.ts';
import type { LedgerEntryDocument } from './models.ts';
import { parseLedgerDirection } from './stored-values.ts';
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
      const existing = await this.entries.findOne({ idempotencyKey: entry.idempotencyKey }).lean<LedgerEntryDocument>();
      if (existing === null) throw error;
      return { outcome: 'alreadyRecorded', existing: entryFromDocument(existing) };
    }
  }

  async listByOwner(ownerId: string, limit: number): Promise<readonly LedgerEntry[]> {
    const documents = await this.entries.find({ ownerId }).sort({ at: -1, _id: -1 }).limit(limit).lean<LedgerEntryDocument[]>();
    return documents.map(entryFromDocument);
  }

  async listByEscrow(escrowId: string): Promise<readonly LedgerEntry[]> {
    const documents = await this.entries.find({ escrowId }).sort({ at: 1, _id: 1 }).limit(ESCROW_ENTRIES_MAX).lean<LedgerEntryDocument[]>();
    return documents.map(entryFromDocument);
  }

  /** Summed per direction by the server: FerretDB v1 has no `$cond` inside `$group`. */
  async balanceOf(ownerId: string): Promise<Paise> {
    const totals = await this.entries.aggregate<{ _id: LedgerDirection; totalPaise: number }>([
      { $match: { ownerId } },
      { $group: { _id: '$direction', totalPaise: { $sum: '$amountPaise' } } },
    ]);
    const credits = totals.find((total) => total._id === 'credit')?.totalPaise ?? 0;
    const debits = totals.find((total) => total._id === 'debit')?.totalPaise ?? 0;
    const balance = credits - debits;
    if (!Number.isSafeInteger(balance)) throw new Error(`the balance of ${ownerId} is not a whole number of paise: ${balance}`);
    return balance;
  }
}

function entryFromDocument(document: LedgerEntryDocument): LedgerEntry {
  return {
    idempotencyKey: document.idempotencyKey,
    ownerId: document.ownerId,
    amountPaise: document.amountPaise,
    direction: parseLedgerDirection(document.direction, 'ledger_entries.direction'),
    description: document.description,
    contractId: document.contractId,
    escrowId: document.escrowId,
    at: document.at,
  };
}
