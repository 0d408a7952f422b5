import { execFileSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MongoClient, type Db } from 'mongodb';
import { startFerretDb, type RunningFerretDb } from '@skillhouse/test-servers';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { indexIdsAsQueried } from './ferretdb-id-index.ts';

const INSTALL_SQLITE3 = join(resolve(dirname(fileURLToPath(import.meta.url)), '../../..'), 'scripts/install-sqlite3.sh');
const DATABASE = 'id_index';
const JOBS = 50;

interface Job {
  _id: string;
  title: string;
  sequence: number;
}

interface User {
  _id: string;
}

/** The statement FerretDB v1.24.2 sends SQLite for an update by `_id` (internal/backends/sqlite/collection.go, UpdateAll). */
function ferretDbUpdateById(table: string): string {
  return `UPDATE "${table}" SET _ferretdb_sjson = ? WHERE _ferretdb_sjson->'$._id' = ?`;
}

// A FerretDB of its own in each test, whatever MONGODB_URI says: the index is on FerretDB's SQLite files.
describe("FerretDB v1's _id index, as its queries read it", () => {
  let ferretDb: RunningFerretDb;
  let client: MongoClient;
  let db: Db;

  const sqlite = (sql: string) =>
    execFileSync('sqlite3', ['-batch', '-init', '/dev/null', join(ferretDb.dataDir, `${DATABASE}.sqlite`), sql], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  const jobsTable = () => sqlite("SELECT table_name FROM _ferretdb_collections WHERE name = 'jobs';").trim();
  /** SQLite's plan for FerretDB's update by `_id` (FerretDB's explain covers reads only). */
  const updatePlan = () => sqlite(`EXPLAIN QUERY PLAN ${ferretDbUpdateById(jobsTable())};`);
  /** FerretDB's own plan, from its own SQLite, for a read by `_id` (after a read: a connection notices a new index at its next statement). */
  const findPlan = async (_id: string) => {
    await db.collection<Job>('jobs').findOne({ _id });
    return JSON.stringify(await db.command({ explain: { find: 'jobs', filter: { _id } } }));
  };
  const indexCount = () => sqlite("SELECT count(*) FROM sqlite_master WHERE type = 'index';");

  beforeAll(() => {
    execFileSync('bash', [INSTALL_SQLITE3], { stdio: 'inherit' });
  });

  beforeEach(async () => {
    ferretDb = await startFerretDb();
    client = await new MongoClient(ferretDb.url).connect();
    db = client.db(DATABASE);
    await db
      .collection<Job>('jobs')
      .insertMany(Array.from({ length: JOBS }, (_, index) => ({ _id: `job-${index}`, title: `Job ${index}`, sequence: 1 })));
    await db.collection<User>('users').insertOne({ _id: 'user-1' });
  });

  afterEach(async () => {
    await client?.close();
    await ferretDb?.stop();
  });

  it('turns the scans of reads and updates by _id into index searches, and FerretDB answers as before', async () => {
    const lastJob = `job-${JOBS - 1}`;
    expect(updatePlan()).toMatch(/SCAN/);
    expect(await findPlan(lastJob)).toMatch(/SCAN/);

    expect(indexIdsAsQueried(ferretDb.dataDir)).toBe(2);

    expect(updatePlan()).toMatch(/SEARCH .* USING INDEX skillhouse_bench_id_jobs_/);
    expect(await findPlan(lastJob)).toMatch(/SEARCH .* USING INDEX skillhouse_bench_id_jobs_/);
    const jobs = db.collection<Job>('jobs');
    expect(await jobs.findOneAndUpdate({ _id: 'job-7' }, { $set: { sequence: 2 } }, { returnDocument: 'after' })).toEqual({
      _id: 'job-7',
      title: 'Job 7',
      sequence: 2,
    });
    expect(await jobs.updateOne({ _id: lastJob }, { $set: { sequence: 3 } })).toMatchObject({ matchedCount: 1, modifiedCount: 1 });
    expect(await jobs.findOne({ _id: lastJob })).toEqual({ _id: lastJob, title: `Job ${JOBS - 1}`, sequence: 3 });
    expect(await jobs.countDocuments({ sequence: 1 })).toBe(JOBS - 2);
    expect(await jobs.deleteOne({ _id: 'job-8' })).toMatchObject({ deletedCount: 1 });
    expect(await jobs.findOne({ _id: 'job-8' })).toBeNull();
    // FerretDB's own unique index on _id still holds: a second job-9 is refused.
    await expect(jobs.insertOne({ _id: 'job-9', title: 'again', sequence: 1 })).rejects.toMatchObject({ code: 11000 });
  });

  it('indexes only the tables without the index: run again, it adds nothing; a new collection gets its own', async () => {
    expect(indexIdsAsQueried(ferretDb.dataDir)).toBe(2);
    const indexes = indexCount();
    expect(indexIdsAsQueried(ferretDb.dataDir)).toBe(0);
    expect(indexCount()).toBe(indexes);

    await db.collection<User>('reviews').insertOne({ _id: 'review-1' });
    expect(indexIdsAsQueried(ferretDb.dataDir)).toBe(1);
  });
});
