import type { Collection, Connection } from 'mongoose';

/** FerretDB v1 answers an index with `expireAfterSeconds` with this code. */
const NOT_IMPLEMENTED = 238;
/** How many writes pass between two sweeps of expired records, where the database has no TTL index. */
const WRITES_PER_SWEEP = 500;

/**
 * Records that expire at the time in `field`: removed by a TTL index where the server has one
 * (MongoDB), otherwise (FerretDB v1 has no TTL indexes) by a sweep after every WRITES_PER_SWEEP
 * writes of this process, through a plain index on the field. Readers check the time themselves
 * either way, so a record not yet removed is never taken for a live one.
 */
export class ExpiringRecords {
  private writes = 0;
  private sweeping: Promise<unknown> | null = null;

  private constructor(
    private readonly collection: Collection,
    private readonly field: string,
    private readonly swept: boolean,
  ) {}

  static async open(connection: Connection, collectionName: string, field: string): Promise<ExpiringRecords> {
    const collection = connection.collection(collectionName);
    try {
      await collection.createIndex({ [field]: 1 }, { name: `${field}_ttl`, expireAfterSeconds: 0 });
      return new ExpiringRecords(collection, field, false);
    } catch (error) {
      if ((error as { code?: unknown } | null)?.code !== NOT_IMPLEMENTED) throw error;
      await collection.createIndex({ [field]: 1 }, { name: `${field}_expiry` });
      return new ExpiringRecords(collection, field, true);
    }
  }

  /** Counts a write; every WRITES_PER_SWEEP of them, removes the expired records in the background. */
  wrote(): void {
    if (!this.swept) return;
    this.writes += 1;
    if (this.writes < WRITES_PER_SWEEP || this.sweeping !== null) return;
    this.writes = 0;
    // A failed sweep is retried by the next one; nothing waits on it.
    this.sweeping = this.collection
      .deleteMany({ [this.field]: { $lt: new Date() } })
      .catch(() => undefined)
      .finally(() => {
        this.sweeping = null;
      });
  }
}
