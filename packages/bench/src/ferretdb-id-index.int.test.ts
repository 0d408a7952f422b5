import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MongoClient, type Collection } from 'mongodb';
import { startFerretDb, type RunningFerretDb } from '@skillhouse/test-servers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { indexIdsAsQueried } from './ferretdb-id-index.ts';

const INSTALL_SQLITE3 = join(resolve(dirname(fileURLToPath(import.meta.url)), '../../..'), 'scripts/install-sqlite3.sh');
const DATABASE = 'id_index';

interface Job {
  _id: string;
  title: string;
  sequence: number;
}

/** The statement FerretDB v1.24.2 sends SQLite for an update by `_id` (internal/backends/sqlite/collection.go, UpdateAll). */
function ferretDbUpdateById(table: string): string {
  return `UPDATE "${table}" SET _ferretdb_sjson = ? WHERE _ferretdb_sjson->'$._id' = ?`;
}

// Its own FerretDB, whatever MONGODB_URI says: the index is on FerretDB's SQLite files.
describe("FerretDB v1's _id index, as its queries read it", () => {
  let ferretDb: RunningFerretDb;
  let client: MongoClient;
  let jobs: Collection<Job>;

  const databaseFile = () => join(ferretDb.dataDir, `${DATABASE}.sqlite`);
  const sqlite = (sql: string) => execFileSync('sqlite3', [databaseFile(), sql], { encoding: 'utf8' });
  const jobsTable = () => sqlite("SELECT table_name FROM _ferretdb_collections WHERE name = 'jobs';").trim();
  const updatePlan = () => sqlite(`EXPLAIN QUERY PLAN ${ferretDbUpdateById(jobsTable())};`);

  beforeAll(async () => {
    execFileSync('bash', [INSTALL_SQLITE3], { stdio: 'inherit' });
    ferretDb = await startFerretDb();
    client = await new MongoClient(ferretDb.url).connect();
    jobs = client.db(DATABASE).collection<Job>('jobs');
    await jobs.insertMany(Array.from({ length: 50 }, (_, index) => ({ _id: `job-${index}`, title: `Job ${index}`, sequence: 1 })));
    await client
      .db(DATABASE)
      .collection('users')
      .insertOne({ _id: 'user-1' } as never);
  });

  afterAll(async () => {
    await client?.close();
    await ferretDb?.stop();
  });

  it("FerretDB's own _id index does not serve its update by _id: it scans the table", () => {
    expect(updatePlan()).toMatch(/SCAN/);
    expect(updatePlan()).not.toMatch(/USING INDEX/);
  });

  it("gives every collection's table an index its update by _id searches, and FerretDB still answers", async () => {
    expect(readdirSync(ferretDb.dataDir)).toContain(`${DATABASE}.sqlite`);
    expect(indexIdsAsQueried(ferretDb.dataDir)).toBe(2);
    expect(updatePlan()).toMatch(/SEARCH .* USING INDEX "?jobs_[0-9a-f]+_id_as_queried"?/);

    const updated = await jobs.findOneAndUpdate({ _id: 'job-7' }, { $set: { sequence: 2 } }, { returnDocument: 'after' });
    expect(updated).toEqual({ _id: 'job-7', title: 'Job 7', sequence: 2 });
    expect(await jobs.updateOne({ _id: 'job-8' }, { $set: { sequence: 3 } })).toMatchObject({ matchedCount: 1, modifiedCount: 1 });
    expect(await jobs.findOne({ _id: 'job-8' })).toEqual({ _id: 'job-8', title: 'Job 8', sequence: 3 });
    expect(await jobs.countDocuments({ sequence: 1 })).toBe(48);
    // FerretDB's unique index on _id is untouched: a second job-9 is still refused.
    await expect(jobs.insertOne({ _id: 'job-9', title: 'again', sequence: 1 })).rejects.toMatchObject({ code: 11000 });
  });

  it('is idempotent: run again, it adds nothing and fails on nothing', () => {
    const indexesBefore = sqlite("SELECT count(*) FROM sqlite_master WHERE type = 'index';");
    expect(indexIdsAsQueried(ferretDb.dataDir)).toBe(2);
    expect(sqlite("SELECT count(*) FROM sqlite_master WHERE type = 'index';")).toBe(indexesBefore);
  });
});
