import { isDatabaseUnavailable } from '@skillhouse/persistence-mongoose';
import type { Connection } from 'mongoose';
import { RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';

const DUPLICATE_KEY = 11_000;

interface SlotDocument {
  /** `<key>:<window>:<n>`: the n-th request of the key in the window, claimed by its insert. */
  readonly _id: string;
  readonly key: string;
  readonly window: number;
  readonly expire: Date;
}

/**
 * A fixed-window rate limiter on MongoDB or FerretDB v1 that counts by claiming slots: the n-th
 * request of a caller in a window inserts `<key>:<window>:<n>`, n from 1 to the limit, so the
 * unique `_id` index decides, and at most `points` requests per window pass however many processes
 * count at once. rate-limiter-flexible's own Mongo store counts with an upsert and `$inc`, which
 * FerretDB v1 does not make atomic: with 30 requests at once against a limit of 10 it let all 30
 * through. A request reads how many slots are taken (one count), then claims the next free one
 * (one insert, more only while others claim the same slot). A refused request claims nothing.
 */
/** Tries at claiming a slot before a database refusing commands counts as down. */
const CLAIM_ATTEMPTS_MAX = 3;

export class SlotRateLimiter {
  constructor(
    private readonly connection: Connection,
    private readonly collectionName: string,
    readonly keyPrefix: string,
    readonly points: number,
    private readonly windowSeconds: number,
    /** Counts in this process while the database does not answer, so an outage never fails a request here. */
    private readonly insurance: RateLimiterAbstract,
  ) {}

  private get slots() {
    return this.connection.collection<SlotDocument>(this.collectionName);
  }

  /** Resolves with the count when the request may pass; rejects with a RateLimiterRes when it may not. */
  async consume(callerKey: string): Promise<RateLimiterRes> {
    const key = `${this.keyPrefix}:${callerKey}`;
    const windowMs = this.windowSeconds * 1_000;
    const now = Date.now();
    const window = Math.floor(now / windowMs);
    const expire = new Date((window + 1) * windowMs);
    const msBeforeNext = expire.getTime() - now;
    let failures = 0;
    for (;;) {
      try {
        let taken = await this.slots.countDocuments({ key, window });
        while (taken < this.points) {
          taken += 1;
          try {
            await this.slots.insertOne({ _id: `${key}:${window}:${taken}`, key, window, expire });
            return new RateLimiterRes(this.points - taken, msBeforeNext, taken, taken === 1);
          } catch (error) {
            if ((error as { code?: unknown } | null)?.code !== DUPLICATE_KEY) throw error;
          }
        }
        break;
      } catch (error) {
        // A database that does not answer is an outage: this process counts alone until it does. A
        // lone refused command (FerretDB on SQLite can refuse a write in a burst) is tried again, counting afresh.
        failures += 1;
        if (isDatabaseUnavailable(error) || failures >= CLAIM_ATTEMPTS_MAX) return this.insurance.consume(callerKey);
      }
    }
    // rate-limiter-flexible's limiters reject with a RateLimiterRes past the limit; this one keeps that contract.
    // eslint-disable-next-line @typescript-eslint/only-throw-error
    throw new RateLimiterRes(0, msBeforeNext, this.points + 1, false);
  }
}
