import { describe, expect, it } from 'vitest';
import { hostsOf, mongoConnectionOptions } from './connect-mongo.ts';

describe('hostsOf(uri)', () => {
  it('names the hosts and nothing else', () => {
    expect(hostsOf('mongodb://127.0.0.1:27017/')).toBe('127.0.0.1:27017');
    expect(hostsOf('mongodb://admin:s3cret@db1:27017,db2:27018/skillhouse?replicaSet=rs0')).toBe('db1:27017,db2:27018');
    expect(hostsOf('mongodb+srv://user:pass@cluster0.example.net/app')).toBe('cluster0.example.net');
  });

  it('says so when the string is not a MongoDB URI, without repeating it', () => {
    expect(hostsOf('postgres://user:secret@host/db')).toBe('(an unparsable connection string)');
  });
});

describe('mongoConnectionOptions(options)', () => {
  // A change here changes how every write and read behaves on a replica set: update
  // docs/persistence.md ("On a replica set") in the same commit, saying why.
  it('opens every connection with these options, and no others', () => {
    expect(mongoConnectionOptions()).toStrictEqual({
      serverSelectionTimeoutMS: 5_000,
      connectTimeoutMS: 5_000,
      socketTimeoutMS: 20_000,
      waitQueueTimeoutMS: 5_000,
      heartbeatFrequencyMS: 10_000,
      maxPoolSize: 20,
      retryWrites: true,
      retryReads: true,
      writeConcern: { w: 'majority', journal: true },
      readConcern: { level: 'majority' },
      readPreference: 'primary',
      bufferCommands: false,
      autoIndex: false,
      autoCreate: false,
    });
  });

  it('takes the timeouts, the pool size and the database name from the caller, and nothing that weakens durability', () => {
    const options = mongoConnectionOptions({
      serverSelectionTimeoutMS: 2_000,
      connectTimeoutMS: 1_000,
      socketTimeoutMS: 8_000,
      maxPoolSize: 5,
      dbName: 'skillhouse',
    });
    expect(options).toMatchObject({
      serverSelectionTimeoutMS: 2_000,
      connectTimeoutMS: 1_000,
      socketTimeoutMS: 8_000,
      waitQueueTimeoutMS: 2_000,
      maxPoolSize: 5,
      dbName: 'skillhouse',
      retryWrites: true,
      writeConcern: { w: 'majority', journal: true },
      readConcern: { level: 'majority' },
    });
  });
});
