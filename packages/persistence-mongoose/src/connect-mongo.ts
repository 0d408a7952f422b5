import mongoose, { type ConnectOptions, type Connection } from 'mongoose';

/** How long the driver may wait at each step before it gives up; each is a bound on how long a request can stall on the database. */
export interface MongoTimeouts {
  /** Finding a server to send a command to: at start, and for every command while the database is away. */
  readonly serverSelectionTimeoutMS: number;
  /** Opening one TCP connection (and its handshake). */
  readonly connectTimeoutMS: number;
  /** Waiting for the answer to one command on an open connection (a hung server, a dropped packet). */
  readonly socketTimeoutMS: number;
}

export const MONGO_TIMEOUTS_DEFAULT: MongoTimeouts = {
  serverSelectionTimeoutMS: 5_000,
  connectTimeoutMS: 5_000,
  socketTimeoutMS: 20_000,
};

export interface MongoConnectOptions extends Partial<MongoTimeouts> {
  readonly maxPoolSize?: number;
  /** Overrides the database named in the URI. */
  readonly dbName?: string;
  /** Told about connection trouble while running; the driver reconnects by itself. */
  readonly onConnectionEvent?: (event: 'disconnected' | 'reconnected' | 'error', details: { hosts: string; error?: unknown }) => void;
}

export const MAX_POOL_SIZE_DEFAULT = 20;
/**
 * How often the driver checks a server it is connected to: the driver's default. A lost server is
 * noticed at the next check or the next failed command, and a command waiting for a server checks
 * at once; `/readyz` pings the database itself. So between commands it only times the log lines of
 * a lost or returned server, and each check wakes the process.
 */
export const HEARTBEAT_FREQUENCY_MS = 10_000;

export interface MongoConnection {
  readonly connection: Connection;
  /** Closes every pooled connection, without forcing: call it once requests have stopped. */
  close(): Promise<void>;
}

/** The server could not be reached at start; the message names the hosts, never the credentials. */
export class DatabaseUnreachable extends Error {
  constructor(hosts: string, timeoutMs: number, cause: unknown) {
    super(`cannot reach MongoDB at ${hosts} within ${timeoutMs} ms`, { cause });
    this.name = 'DatabaseUnreachable';
  }
}

/** The host list of a connection string, without user, password, database or options. */
export function hostsOf(uri: string): string {
  const match = /^mongodb(?:\+srv)?:\/\/(?:[^@/]*@)?([^/?]*)/.exec(uri);
  return match?.[1] !== undefined && match[1] !== '' ? match[1] : '(an unparsable connection string)';
}

/**
 * Every option the connection is opened with, explicit rather than the driver's defaults, so a
 * driver upgrade cannot change them silently (connect-mongo.unit.test.ts pins them; why each is
 * set: docs/persistence.md, "On a replica set").
 */
export function mongoConnectionOptions(options: Omit<MongoConnectOptions, 'onConnectionEvent'> = {}): ConnectOptions {
  return {
    serverSelectionTimeoutMS: options.serverSelectionTimeoutMS ?? MONGO_TIMEOUTS_DEFAULT.serverSelectionTimeoutMS,
    connectTimeoutMS: options.connectTimeoutMS ?? MONGO_TIMEOUTS_DEFAULT.connectTimeoutMS,
    socketTimeoutMS: options.socketTimeoutMS ?? MONGO_TIMEOUTS_DEFAULT.socketTimeoutMS,
    // A request waiting for a pooled connection waits no longer than one looking for a server.
    waitQueueTimeoutMS: options.serverSelectionTimeoutMS ?? MONGO_TIMEOUTS_DEFAULT.serverSelectionTimeoutMS,
    heartbeatFrequencyMS: HEARTBEAT_FREQUENCY_MS,
    maxPoolSize: options.maxPoolSize ?? MAX_POOL_SIZE_DEFAULT,
    // A write or read cut off by a primary election is retried once by the driver on the new primary.
    retryWrites: true,
    retryReads: true,
    // Acknowledged once a majority holds it in its journal: an election cannot roll it back.
    writeConcern: { w: 'majority', journal: true },
    // Reads see only majority-committed data, so no decision is taken on a write that may roll back.
    readConcern: { level: 'majority' },
    // Decisions read the stream they append to: from the primary, never a lagging secondary.
    readPreference: 'primary',
    bufferCommands: false,
    autoIndex: false,
    autoCreate: false,
    ...(options.dbName === undefined ? {} : { dbName: options.dbName }),
  };
}

/**
 * Connects and waits until a server answers, failing fast after the selection timeout. Commands
 * are not buffered while disconnected: a caller gets the driver's error after the same bounded
 * wait instead of a queue that grows silently.
 */
export async function connectMongo(uri: string, options: MongoConnectOptions = {}): Promise<MongoConnection> {
  const hosts = hostsOf(uri);
  const connectOptions = mongoConnectionOptions(options);
  // Mongoose otherwise keeps every query's stack, formatted, to name where a query already run was
  // run first (an error this package never makes): about 0.1 ms of CPU per query (profiled).
  mongoose.set('skipOriginalStackTraces', true);
  const connection = mongoose.createConnection(uri, connectOptions);
  const report = options.onConnectionEvent ?? (() => undefined);
  // An 'error' event without a listener would crash the process.
  connection.on('error', (error: unknown) => report('error', { hosts, error }));
  try {
    await connection.asPromise();
  } catch (error) {
    await connection.close(true).catch(() => undefined);
    throw new DatabaseUnreachable(hosts, connectOptions.serverSelectionTimeoutMS ?? 0, error);
  }
  const disconnected = () => report('disconnected', { hosts });
  connection.on('disconnected', disconnected);
  connection.on('reconnected', () => report('reconnected', { hosts }));
  const close = async () => {
    // Closing on purpose is not losing the database: no report of it (an operator's command would end on a warning).
    connection.off('disconnected', disconnected);
    await connection.close();
  };
  return { connection, close };
}
