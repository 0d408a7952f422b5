import mongoose, { type Connection } from 'mongoose';

export interface MongoConnectOptions {
  /** How long to look for a server before giving up, at start and for each operation later (default 5 s). */
  readonly serverSelectionTimeoutMS?: number;
  readonly maxPoolSize?: number;
  /** Overrides the database named in the URI. */
  readonly dbName?: string;
  /** Told about connection trouble while running; the driver reconnects by itself. */
  readonly onConnectionEvent?: (event: 'disconnected' | 'reconnected' | 'error', details: { hosts: string; error?: unknown }) => void;
}

export const SERVER_SELECTION_TIMEOUT_MS_DEFAULT = 5_000;
export const MAX_POOL_SIZE_DEFAULT = 20;

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
 * Connects and waits until a server answers, failing fast after the selection timeout. Commands
 * are not buffered while disconnected: a caller gets the driver's error after the same bounded
 * wait instead of a queue that grows silently.
 */
export async function connectMongo(uri: string, options: MongoConnectOptions = {}): Promise<MongoConnection> {
  const hosts = hostsOf(uri);
  const timeoutMs = options.serverSelectionTimeoutMS ?? SERVER_SELECTION_TIMEOUT_MS_DEFAULT;
  const connection = mongoose.createConnection(uri, {
    serverSelectionTimeoutMS: timeoutMs,
    maxPoolSize: options.maxPoolSize ?? MAX_POOL_SIZE_DEFAULT,
    bufferCommands: false,
    autoIndex: false,
    autoCreate: false,
    ...(options.dbName === undefined ? {} : { dbName: options.dbName }),
  });
  const report = options.onConnectionEvent ?? (() => undefined);
  // An 'error' event without a listener would crash the process.
  connection.on('error', (error: unknown) => report('error', { hosts, error }));
  try {
    await connection.asPromise();
  } catch (error) {
    await connection.close(true).catch(() => undefined);
    throw new DatabaseUnreachable(hosts, timeoutMs, error);
  }
  connection.on('disconnected', () => report('disconnected', { hosts }));
  connection.on('reconnected', () => report('reconnected', { hosts }));
  return { connection, close: () => connection.close() };
}
