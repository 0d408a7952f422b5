import type { Logger } from 'pino';
import { createInMemoryPorts } from '@skillhouse/in-memory';
import { connectMongo, createMongoosePorts, type PersistencePorts } from '@skillhouse/persistence-mongoose';
import type { DatabaseConfig } from '../config/config.ts';
import { IN_PROCESS_DATABASE, type Database } from './database.ts';

export type { PersistencePorts };

/** The ports that keep records, in memory or on MongoDB, and the database behind them. */
export interface Persistence {
  readonly database: Database;
  readonly ports: PersistencePorts;
}

export async function openPersistence(config: DatabaseConfig, logger: Logger): Promise<Persistence> {
  if (config.kind === 'memory') {
    const { contracts, jobs, escrows, ledger, payoutAccounts, reviews, users, operations } = createInMemoryPorts();
    return { database: IN_PROCESS_DATABASE, ports: { contracts, jobs, escrows, ledger, payoutAccounts, reviews, users, operations } };
  }
  const mongo = await connectMongo(config.uri, {
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
    return { database, ports: await createMongoosePorts(mongo.connection) };
  } catch (error) {
    await mongo.close();
    throw error;
  }
}
