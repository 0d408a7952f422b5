import mongoose from 'mongoose';

const {
  MongoNetworkError,
  MongoServerSelectionError,
  MongoNotConnectedError,
  MongoTopologyClosedError,
  MongoOperationTimeoutError,
  MongoServerError,
} = mongoose.mongo;

/** Driver errors the driver does not export a class of (v6), recognised by name. */
const UNAVAILABLE_ERROR_NAMES = new Set(['MongoWaitQueueTimeoutError', 'MongoPoolClearedError', 'MongooseServerSelectionError']);

/**
 * Server error codes that say the server, not the request, is the trouble: it is shutting down,
 * stepping down, unreachable from the node that got the command, or ran out of time.
 */
export const UNAVAILABLE_SERVER_CODES: ReadonlySet<number> = new Set([
  6, // HostUnreachable
  7, // HostNotFound
  24, // LockTimeout: the server could not take a lock in time
  50, // MaxTimeMSExpired
  64, // WriteConcernFailed: the write may or may not have reached a majority; a retry is safe, every claim is idempotent
  89, // NetworkTimeout
  91, // ShutdownInProgress
  189, // PrimarySteppedDown
  262, // ExceededTimeLimit
  9001, // SocketException
  10107, // NotWritablePrimary
  11600, // InterruptedAtShutdown
  11602, // InterruptedDueToReplStateChange
  13435, // NotPrimaryNoSecondaryOk
  13436, // NotPrimaryOrSecondary
]);

function isUnavailableItself(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (
    error instanceof MongoNetworkError ||
    error instanceof MongoServerSelectionError ||
    error instanceof MongoNotConnectedError ||
    error instanceof MongoTopologyClosedError ||
    error instanceof MongoOperationTimeoutError
  ) {
    return true;
  }
  if (UNAVAILABLE_ERROR_NAMES.has(error.name)) return true;
  if (!(error instanceof MongoServerError)) return false;
  return (typeof error.code === 'number' && UNAVAILABLE_SERVER_CODES.has(error.code)) || isSqliteBusy(error);
}

/**
 * FerretDB v1 on SQLite answers a write that waited past SQLite's busy timeout for the database's
 * one write lock with InternalError (1) "... database is locked (5) (SQLITE_BUSY)": the server is
 * too busy, the command was not applied, and a retry later passes. MongoDB's word for it is
 * LockTimeout (above). Seen in the benchmark at 10,000 contracts, where every update scans.
 */
function isSqliteBusy(error: InstanceType<typeof MongoServerError>): boolean {
  return error.code === 1 && error.message.includes('(SQLITE_BUSY)');
}

/**
 * Whether an error means the database could not be reached or did not answer in time (as opposed
 * to refusing the command): a caller may retry it later. Follows `cause`, since a layer above may
 * wrap the driver's error.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current !== undefined && current !== null; depth += 1) {
    if (isUnavailableItself(current)) return true;
    current = current instanceof Error ? current.cause : undefined;
  }
  return false;
}
