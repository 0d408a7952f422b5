import mongoose from 'mongoose';
import { describe, expect, it } from 'vitest';
import { isDatabaseUnavailable } from './database-unavailable.ts';

const { MongoNetworkError, MongoNetworkTimeoutError, MongoServerError, MongoServerSelectionError, MongoNotConnectedError } = mongoose.mongo;

function serverError(code: number): InstanceType<typeof MongoServerError> {
  return new MongoServerError({ code, errmsg: `server error ${code}`, ok: 0 });
}

describe('isDatabaseUnavailable(error)', () => {
  it('is true of the driver telling that no server could be reached or answered in time', () => {
    expect(isDatabaseUnavailable(new MongoNetworkError('connection 3 to 127.0.0.1:27017 closed'))).toBe(true);
    expect(isDatabaseUnavailable(new MongoNetworkTimeoutError('connection timed out'))).toBe(true);
    const noServer = { error: null, servers: new Map() } as unknown as ConstructorParameters<typeof MongoServerSelectionError>[1];
    expect(isDatabaseUnavailable(new MongoServerSelectionError('Server selection timed out after 5000 ms', noServer))).toBe(true);
    expect(isDatabaseUnavailable(new MongoNotConnectedError('not connected'))).toBe(true);
    const waitQueue = Object.assign(new Error('Timed out while checking out a connection from connection pool'), {
      name: 'MongoWaitQueueTimeoutError',
    });
    expect(isDatabaseUnavailable(waitQueue)).toBe(true);
  });

  it('is true of a server shutting down, stepping down or out of time', () => {
    for (const code of [91, 11600, 189, 10107, 50]) expect(isDatabaseUnavailable(serverError(code)), `code ${code}`).toBe(true);
  });

  it('is true of FerretDB on SQLite giving up on the write lock, and false of its other internal errors', () => {
    const locked = '[msg_findandmodify.go:196 handler.(*Handler).findAndModifyDocument] database is locked (5) (SQLITE_BUSY)';
    expect(isDatabaseUnavailable(new MongoServerError({ code: 1, errmsg: locked, ok: 0 }))).toBe(true);
    expect(isDatabaseUnavailable(new MongoServerError({ code: 1, errmsg: 'unexpected type', ok: 0 }))).toBe(false);
    expect(isDatabaseUnavailable(serverError(24))).toBe(true);
  });

  it('follows the cause of a wrapping error', () => {
    expect(isDatabaseUnavailable(new Error('could not append', { cause: new MongoNetworkError('reset') }))).toBe(true);
  });

  it('is false of a refused command and of anything that is not the driver’s', () => {
    expect(isDatabaseUnavailable(serverError(11000))).toBe(false);
    expect(isDatabaseUnavailable(serverError(2))).toBe(false);
    expect(isDatabaseUnavailable(new Error('a bug'))).toBe(false);
    expect(isDatabaseUnavailable('a string')).toBe(false);
    expect(isDatabaseUnavailable(null)).toBe(false);
  });
});
