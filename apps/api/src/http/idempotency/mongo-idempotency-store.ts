import type { Connection } from 'mongoose';
import { ExpiringRecords } from '../expiring-records.ts';
import { isStale, retries } from './memory-idempotency-store.ts';
import type { ClaimOutcome, IdempotencyRecord, IdempotencyStore, StoredAnswer } from './idempotency-store.ts';

export const IDEMPOTENCY_COLLECTION = 'idempotency_keys';

interface IdempotencyDocument extends IdempotencyRecord {
  /** `<userId>:<key>`: the unique index every claim is an insert under. */
  readonly _id: string;
}

const DUPLICATE_KEY = 11_000;
const CLAIM_ATTEMPTS = 3;

function isDuplicateKey(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === DUPLICATE_KEY;
}

/**
 * Keys on MongoDB or FerretDB v1, one document per user and key under the `_id` index: a claim is an
 * insert, so of two API processes claiming one key, one inserts and the other reads its record
 * (FerretDB v1 does not make a conditional update atomic, but it does enforce unique indexes).
 * Completing and releasing touch only the claimer's own document. A record left behind (a process
 * died mid-request, or 24 hours passed) is removed by the next claim, then claimed again by insert.
 * Expired records are removed by a TTL index, or swept where FerretDB has none; each claim checks the expiry itself.
 */
export class MongoIdempotencyStore implements IdempotencyStore {
  private constructor(
    private readonly connection: Connection,
    private readonly expiring: ExpiringRecords,
  ) {}

  static async open(connection: Connection): Promise<MongoIdempotencyStore> {
    return new MongoIdempotencyStore(connection, await ExpiringRecords.open(connection, IDEMPOTENCY_COLLECTION, 'expiresAt'));
  }

  private get keys() {
    return this.connection.collection<IdempotencyDocument>(IDEMPOTENCY_COLLECTION);
  }

  async claim(scopedKey: string, record: IdempotencyRecord): Promise<ClaimOutcome> {
    let afterFailure = false;
    for (let attempt = 1; attempt <= CLAIM_ATTEMPTS; attempt += 1) {
      try {
        await this.keys.insertOne({ _id: scopedKey, ...record });
        this.expiring.wrote();
        return { outcome: 'claimed', afterFailure };
      } catch (error) {
        if (!isDuplicateKey(error)) throw error;
      }
      const existing = await this.keys.findOne({ _id: scopedKey });
      if (existing === null) continue;
      const { _id: _key, ...held } = existing;
      if (!isStale(held, new Date())) return { outcome: 'taken', existing: held };
      afterFailure = retries(held, record);
      // Only that very record goes: a claim made meanwhile carries another claimId and stays.
      await this.keys.deleteOne({ _id: scopedKey, claimId: held.claimId });
    }
    return { outcome: 'contended' };
  }

  async complete(scopedKey: string, claimId: string, answer: StoredAnswer, expiresAt: Date): Promise<void> {
    await this.keys.updateOne({ _id: scopedKey, claimId }, { $set: { answer, expiresAt } });
  }

  async release(scopedKey: string, claimId: string): Promise<void> {
    await this.keys.updateOne({ _id: scopedKey, claimId }, { $set: { failed: true, lockedUntil: new Date(0) } });
  }
}
