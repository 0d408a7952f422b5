import { describePortConformance } from '@skillhouse/port-conformance';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, requireMongoUri, type TestDatabase } from './testing/test-database.ts';

let database: TestDatabase | null = null;

beforeAll(async () => {
  database = await openTestDatabase('conformance');
});

afterAll(async () => {
  await database?.drop();
});

describe('the MongoDB under test', () => {
  it('is provided by the integration setup', () => {
    expect(requireMongoUri()).toMatch(/^mongodb(\+srv)?:\/\//);
  });
});

describePortConformance('Mongoose adapters', async () => {
  if (database === null) throw new Error('the test database is opened before the tests');
  const opened = database;
  return { ports: opened.ports, cleanup: () => opened.clear() };
});
