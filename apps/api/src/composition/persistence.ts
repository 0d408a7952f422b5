import type { Logger } from 'pino';
import { createInMemoryPorts } from '@skillhouse/in-memory';
import { connectMongo, createMongoosePorts, type PersistencePorts } from '@skillhouse/persistence-mongoose';
import type { DatabaseConfig } from '../config/config.ts';
import type { ActivityFeed } from '../events/activity-feed.ts';
import { MemoryActivityFeed } from '../events/memory-activity-feed.ts';
import { MongoActivityFeed } from '../events/mongo-activity-feed.ts';
import type { IdempotencyStore } from '../http/idempotency/idempotency-store.ts';
import { MemoryIdempotencyStore } from '../http/idempotency/memory-idempotency-store.ts';
import { MongoIdempotencyStore } from '../http/idempotency/mongo-idempotency-store.ts';
import type { RateLimitBackend } from '../http/rate-limits.ts';
import { IN_PROCESS_DATABASE, type Database } from './database.ts';

export type { PersistencePorts };

/** The ports that keep records, in memory or on MongoDB, and the database behind them. */
export interface Persistence {
  readonly database: Database;
  readonly ports: PersistencePorts;
  readonly requestStores: RequestStores;
}

/**
 * What the HTTP layer keeps besides the domain's records, on the same database: idempotency keys,
 * rate-limit counts, and the feed of events the live streams follow.
 */
export interface RequestStores {
  readonly idempotency: IdempotencyStore;
  readonly rateLimitBackend: RateLimitBackend;
  readonly activity: ActivityFeed;
}

export async function openPersistence(config: DatabaseConfig, logger: Logger): Promise<Persistence> {
  if (config.kind === 'memory') {
    const { contracts, jobs, escrows, ledger, payoutAccounts, reviews, users, operations } = createInMemoryPorts();
    return {
      database: IN_PROCESS_DATABASE,
      ports: { contracts, jobs, escrows, ledger, payoutAccounts, reviews, users, operations },
      requestStores: {
        idempotency: new MemoryIdempotencyStore(),
        rateLimitBackend: { kind: 'memory' },
        activity: new MemoryActivityFeed(contracts, escrows),
      },
    };
  }
  const mongo = await connectMongo(config.uri, {
    ...config.timeouts,
    onConnectionEvent: (event, details) => {
      if (event === 'reconnected') logger.info({ hosts: details.hosts }, 'database reconnected');
      else logger.warn({ hosts: details.hosts, err: details.error }, `database ${event}`);
    },
  });
  const database: Database = {
    kind: 'mongo',
    async ping() {
      const db = mongo.connection.db;
      if (db === undefined) throw new Error('the database connection is not open');
      await db.command({ ping: 1 });
    },
    close: () => mongo.close(),
  };
  try {
    return {
      database,
      ports: await createMongoosePorts(mongo.connection),
      requestStores: {
        idempotency: await MongoIdempotencyStore.open(mongo.connection),
        rateLimitBackend: { kind: 'mongo', connection: mongo.connection },
        activity: new MongoActivityFeed(mongo.connection),
      },
    };
  } catch (error) {
    await mongo.close();
    throw error;
  }
}
