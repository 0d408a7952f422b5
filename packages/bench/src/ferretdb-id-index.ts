import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

/**
 * FerretDB v1 on SQLite keeps each collection's unique `_id` index on the expression
 * `_ferretdb_sjson->"_id"`, but the reads, updates and deletes by `_id` it sends SQLite filter on
 * `_ferretdb_sjson->'$._id'`. SQLite uses an index on an expression only for that same expression,
 * so none of them uses it: each scans its table (an update by `_id` among 10,000 jobs took 35 ms,
 * 1.6 ms with this index). MongoDB finds an `_id` in its index. With this index on every table, what
 * an operation costs as the data grows is the servers' own doing, not that scan: the growth goal
 * then measures the API's commands (a filter FerretDB does not push down still scans, and shows).
 * The API and the floor share the database, so both have it.
 *
 * Through the `sqlite3` command (Debian's `sqlite3`), on the files FerretDB keeps one per database;
 * SQLite lets another process add an index while FerretDB has them open. Answers how many tables
 * were given one.
 */
export function indexIdsAsQueried(dataDir: string): number {
  let indexed = 0;
  for (const file of readdirSync(dataDir).filter((name) => name.endsWith('.sqlite'))) {
    const path = join(dataDir, file);
    const tables = sqlite(path, 'SELECT table_name FROM _ferretdb_collections;').split('\n').filter(Boolean);
    const statements = tables.map(
      (table) => `CREATE INDEX IF NOT EXISTS ${identifier(`${table}_id_as_queried`)} ON ${identifier(table)} (_ferretdb_sjson->'$._id');`,
    );
    if (statements.length > 0) sqlite(path, statements.join('\n'));
    indexed += tables.length;
  }
  return indexed;
}

function sqlite(path: string, sql: string): string {
  try {
    // FerretDB may be writing: wait for its lock rather than fail.
    return execFileSync('sqlite3', ['-cmd', '.timeout 60000', path, sql], { encoding: 'utf8' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new Error(
        "indexing FerretDB's `_id` needs the sqlite3 command (Debian: apt install sqlite3); BENCH_FERRETDB_ID_INDEX=0 runs without",
        {
          cause: error,
        },
      );
    }
    throw error;
  }
}

function identifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
