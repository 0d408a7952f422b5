import type { ClaimOutcome, IdempotencyRecord, IdempotencyStore, StoredAnswer } from './idempotency-store.ts';

/** The embedded default's keys, in this process: a claim is recorded before anything awaits, as under a unique index. */
export class MemoryIdempotencyStore implements IdempotencyStore {
  private readonly records = new Map<string, IdempotencyRecord>();

  async claim(scopedKey: string, record: IdempotencyRecord): Promise<ClaimOutcome> {
    const existing = this.records.get(scopedKey);
    if (existing !== undefined && !isStale(existing, new Date())) return { outcome: 'taken', existing };
    this.forgetExpired(new Date());
    this.records.set(scopedKey, record);
    return { outcome: 'claimed' };
  }

  async complete(scopedKey: string, claimId: string, answer: StoredAnswer, expiresAt: Date): Promise<void> {
    const record = this.records.get(scopedKey);
    if (record?.claimId === claimId) this.records.set(scopedKey, { ...record, answer, expiresAt });
  }

  async release(scopedKey: string, claimId: string): Promise<void> {
    if (this.records.get(scopedKey)?.claimId === claimId) this.records.delete(scopedKey);
  }

  /**
   * Keeps memory bounded by what the last 24 hours used: records are held in the order they were
   * claimed, which is the order they expire in, so the expired ones are at the front.
   */
  private forgetExpired(now: Date): void {
    for (const [key, record] of this.records) {
      if (record.expiresAt.getTime() > now.getTime()) break;
      this.records.delete(key);
    }
  }
}

/** Expired, or a claim whose request never finished in time. */
export function isStale(record: IdempotencyRecord, now: Date): boolean {
  const time = now.getTime();
  return record.expiresAt.getTime() <= time || (record.answer === null && record.lockedUntil.getTime() <= time);
}
