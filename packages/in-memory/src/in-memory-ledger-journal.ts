import { balanceOf, type LedgerEntry, type LedgerJournal, type Paise, type RecordResult } from '@skillhouse/domain';

export class InMemoryLedgerJournal implements LedgerJournal {
  private readonly entriesByKey = new Map<string, LedgerEntry>();

  async record(entry: LedgerEntry): Promise<RecordResult> {
    const existing = this.entriesByKey.get(entry.idempotencyKey);
    if (existing !== undefined) return { outcome: 'alreadyRecorded', existing: structuredClone(existing) };
    this.entriesByKey.set(entry.idempotencyKey, structuredClone(entry));
    return { outcome: 'recorded' };
  }

  async listByOwner(ownerId: string, limit: number): Promise<readonly LedgerEntry[]> {
    return this.entries()
      .filter((entry) => entry.ownerId === ownerId)
      .reverse()
      .slice(0, limit);
  }

  async listByEscrow(escrowId: string): Promise<readonly LedgerEntry[]> {
    return this.entries().filter((entry) => entry.escrowId === escrowId);
  }

  async balanceOf(ownerId: string): Promise<Paise> {
    return balanceOf(this.entries().filter((entry) => entry.ownerId === ownerId));
  }

  /** In insertion order. */
  entries(): LedgerEntry[] {
    return structuredClone([...this.entriesByKey.values()]);
  }
}
