import { randomBytes } from 'node:crypto';
import { afterAll, afterEach, beforeAll, inject } from 'vitest';
import { connectMongo, type MongoConnection } from '../connect-mongo.ts';
import { createMongoosePorts, type MongoosePorts } from '../mongoose-ports.ts';
import { createEscrowWorld, type EscrowWorld, type EscrowWorldOptions } from './escrow-world.ts';

/**
 * The URI the integration global setup provides. Missing, it is an error and never a skip: a Mongo
 * suite that quietly ran nothing would pass without proving anything.
 */
export function requireMongoUri(): string {
  const uri = inject('mongodbUri');
  if (typeof uri !== 'string' || uri === '') {
    throw new Error('no MongoDB to test against: run the integration project, whose global setup provides mongodbUri');
  }
  return uri;
}

export interface TestDatabase {
  readonly uri: string;
  readonly dbName: string;
  readonly connection: MongoConnection;
  readonly ports: MongoosePorts;
  /** Counts documents of a collection straight from the server, for invariants the ports do not expose. */
  count(collection: string, filter: Record<string, unknown>): Promise<number>;
  /** Deletes every document, keeping the collections and their indexes. */
  clear(): Promise<void>;
  /** Drops the database and closes the connection. */
  drop(): Promise<void>;
}

/** A database of its own for one test file, named `skillhouse_<tag>_<random>`, on a pool of 25 connections. */
export async function openTestDatabase(tag: string): Promise<TestDatabase> {
  const uri = requireMongoUri();
  const dbName = `skillhouse_${tag}_${randomBytes(4).toString('hex')}`;
  const connection = await connectMongo(uri, { dbName, maxPoolSize: 25 });
  const ports = await createMongoosePorts(connection.connection);
  return {
    uri,
    dbName,
    connection,
    ports,
    count: (collection, filter) => connection.connection.collection(collection).countDocuments(filter),
    clear: async () => {
      await Promise.all(Object.values(connection.connection.models).map((model) => model.deleteMany({})));
    },
    drop: async () => {
      await connection.connection.dropDatabase();
      await connection.close();
    },
  };
}

/**
 * A fresh database for each test that asks, named `skillhouse_<tag>_<random>` and connected with no
 * models yet (a test may seed it straight through the driver first); dropped after that test.
 */
export function freshDatabasePerTest(tag: string): () => Promise<MongoConnection> {
  const opened: MongoConnection[] = [];
  afterEach(async () => {
    for (const mongo of opened.splice(0)) {
      await mongo.connection.dropDatabase();
      await mongo.close();
    }
  });
  return async () => {
    const mongo = await connectMongo(requireMongoUri(), { dbName: `skillhouse_${tag}_${randomBytes(4).toString('hex')}` });
    opened.push(mongo);
    return mongo;
  };
}

export interface EscrowWorldOnDatabase {
  readonly database: TestDatabase;
  readonly world: EscrowWorld;
}

/**
 * A test file's use cases over a database of its own (see `openTestDatabase`), with the world's
 * options: opened before the file's tests, dropped after them. Its database and world exist inside
 * tests and hooks only.
 */
export function escrowWorldOnTestDatabase(tag: string, options: EscrowWorldOptions = {}): EscrowWorldOnDatabase {
  let database: TestDatabase | undefined;
  let world: EscrowWorld | undefined;
  beforeAll(async () => {
    database = await openTestDatabase(tag);
    world = createEscrowWorld(database.ports, options);
  });
  afterAll(async () => {
    await database?.drop();
  });
  const opened = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error(`the ${tag} database is not open: use it inside tests and hooks`);
    return value;
  };
  return {
    get database() {
      return opened(database);
    },
    get world() {
      return opened(world);
    },
  };
}
