import type { ClaimOutcome, IdempotencyRecord, IdempotencyStore, StoredAnswer } from './idempotency-store.ts';

/** The embedded default's keys, in this process: a claim is recorded before anything awaits, as under a unique index. */
export class MemoryIdempotencyStore implements IdempotencyStore {
  private readonly records = new Map<string, IdempotencyRecord>();

  async claim(scopedKey: string, record: IdempotencyRecord): Promise<ClaimOutcome> {
    const existing = this.records.get(scopedKey);
    if (existing !== undefined && !isStale(existing, new Date())) return { outcome: 'taken', existing };
    this.forgetExpired(new Date());
    this.records.set(scopedKey, record);
    return { outcome: 'claimed', afterFailure: existing !== undefined && retries(existing, record) };
  }

  async complete(scopedKey: string, claimId: string, answer: StoredAnswer, expiresAt: Date): Promise<void> {
    const record = this.records.get(scopedKey);
    if (record?.claimId === claimId) this.records.set(scopedKey, { ...record, answer, expiresAt });
  }

  async release(scopedKey: string, claimId: string): Promise<void> {
    const record = this.records.get(scopedKey);
    if (record?.claimId === claimId) this.records.set(scopedKey, { ...record, failed: true, lockedUntil: new Date(0) });
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

/** Whether `next` retries the request that failed under `previous`: the same request, before the key expired. */
export function retries(previous: IdempotencyRecord, next: IdempotencyRecord): boolean {
  return previous.failed && previous.fingerprint === next.fingerprint && previous.expiresAt.getTime() > Date.now();
}

/** Expired, or a claim that is not running: its request failed, or never finished in time. */
export function isStale(record: IdempotencyRecord, now: Date): boolean {
  const time = now.getTime();
  return record.expiresAt.getTime() <= time || (record.answer === null && record.lockedUntil.getTime() <= time);
}
