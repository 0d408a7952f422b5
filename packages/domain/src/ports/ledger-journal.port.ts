import type { LedgerEntry } from '../ledger/ledger.ts';
import type { Paise } from '../money/money.ts';

export type RecordResult = { readonly outcome: 'recorded' } | { readonly outcome: 'alreadyRecorded'; readonly existing: LedgerEntry };

export interface LedgerJournal {
  /** Appends the entry unless one with its idempotency key exists: a replayed movement counts once. */
  record(entry: LedgerEntry): Promise<RecordResult>;
  /** Newest first, bounded. */
  listByOwner(ownerId: string, limit: number): Promise<readonly LedgerEntry[]>;
  listByEscrow(escrowId: string): Promise<readonly LedgerEntry[]>;
  balanceOf(ownerId: string): Promise<Paise>;
}
