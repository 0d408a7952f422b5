import { balanceOf, type LedgerEntry, type LedgerJournal, type Paise, type RecordResult } from '@skillhouse/domain';
import { copyOf } from './copy-of.ts';

/**
 * Entries keyed by idempotency key, indexed by owner and by escrow in the order recorded: a read
 * touches only its owner's or escrow's entries. Each owner's balance is kept as entries are
 * recorded, so reading it costs the same however many entries the owner has.
 */
export class InMemoryLedgerJournal implements LedgerJournal {
  private readonly entriesByKey = new Map<string, LedgerEntry>();
  private readonly byOwner = new Map<string, LedgerEntry[]>();
  private readonly byEscrow = new Map<string, LedgerEntry[]>();
  private readonly balances = new Map<string, Paise>();

  async record(entry: LedgerEntry): Promise<RecordResult> {
    const existing = this.entriesByKey.get(entry.idempotencyKey);
    if (existing !== undefined) return { outcome: 'alreadyRecorded', existing: copyOf(existing) };
    const recorded = copyOf(entry);
    this.entriesByKey.set(recorded.idempotencyKey, recorded);
    entriesIn(this.byOwner, recorded.ownerId).push(recorded);
    entriesIn(this.byEscrow, recorded.escrowId).push(recorded);
    this.balances.set(recorded.ownerId, (this.balances.get(recorded.ownerId) ?? 0) + balanceOf([recorded]));
    return { outcome: 'recorded' };
  }

  async listByOwner(ownerId: string, limit: number): Promise<readonly LedgerEntry[]> {
    const owned = this.byOwner.get(ownerId) ?? [];
    const newestFirst: LedgerEntry[] = [];
    for (let index = owned.length - 1; index >= 0 && newestFirst.length < limit; index -= 1) {
      const entry = owned[index];
      if (entry !== undefined) newestFirst.push(copyOf(entry));
    }
    return newestFirst;
  }

  async listByEscrow(escrowId: string): Promise<readonly LedgerEntry[]> {
    return copyOf(this.byEscrow.get(escrowId) ?? []);
  }

  async balanceOf(ownerId: string): Promise<Paise> {
    return this.balances.get(ownerId) ?? 0;
  }

  /** In insertion order. */
  entries(): LedgerEntry[] {
    return copyOf([...this.entriesByKey.values()]);
  }
}

function entriesIn(index: Map<string, LedgerEntry[]>, key: string): LedgerEntry[] {
  let entries = index.get(key);
  if (entries === undefined) index.set(key, (entries = []));
  return entries;
}
