import { describe, expect, it } from 'vitest';
import { hostsOf } from './connect-mongo.ts';

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
