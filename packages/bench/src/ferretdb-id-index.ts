import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

/** Not `<table>_…`: FerretDB names its own indexes so, and a collection's index could take the name. */
const INDEX_NAME_PREFIX = 'skillhouse_bench_id_';

/**
 * FerretDB v1 on SQLite keeps each collection's unique `_id` index on the expression
 * `_ferretdb_sjson->"_id"`, but the reads it pushes down and the updates and deletes by `_id` it
 * sends SQLite filter on `_ferretdb_sjson->'$._id'`. SQLite uses an index on an expression only for
 * that same expression, so none of them uses it: each scans its table (among 10,000 jobs, a read
 * of a late one took 25-30 ms and an update 35 ms; about 1.5 ms each with this index). MongoDB
 * finds an `_id` in its index. With this index on every table, what an operation costs as the data
 * grows is the servers' own doing, not that scan: the growth goal then measures the API's commands
 * (a filter FerretDB does not push down still scans, and shows). The API and the floor share the
 * database, so both have it.
 *
 * Through the `sqlite3` command (Debian's `sqlite3`) on the files FerretDB keeps, one per database;
 * SQLite lets another process add an index while FerretDB has them open. Answers how many tables it
 * gave the index (a table that has it already is left as it is).
 */
export function indexIdsAsQueried(dataDir: string): number {
  let indexed = 0;
  for (const file of readdirSync(dataDir).filter((name) => name.endsWith('.sqlite'))) {
    const path = join(dataDir, file);
    const tables = sqlite(
      path,
      `SELECT table_name FROM _ferretdb_collections
        WHERE '${INDEX_NAME_PREFIX}' || table_name NOT IN (SELECT name FROM sqlite_master WHERE type = 'index');`,
    )
      .split('\n')
      .filter(Boolean);
    if (tables.length === 0) continue;
    const statements = tables.map(
      (table) => `CREATE INDEX IF NOT EXISTS ${identifier(INDEX_NAME_PREFIX + table)} ON ${identifier(table)} (_ferretdb_sjson->'$._id');`,
    );
    sqlite(path, statements.join('\n'));
    indexed += tables.length;
  }
  return indexed;
}

/** Fails at once, with what to do, when the `sqlite3` command is missing: before a run spends minutes seeding. */
export function requireSqlite3(): void {
  sqlite3(['-version']);
}

function sqlite(path: string, sql: string): string {
  // No ~/.sqliterc (its .headers or .mode would change what a query prints); FerretDB may be
  // writing, so wait for its lock rather than fail.
  return sqlite3(['-batch', '-init', '/dev/null', '-noheader', '-list', '-cmd', '.timeout 60000', path, sql]);
}

function sqlite3(args: readonly string[]): string {
  try {
    return execFileSync('sqlite3', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new Error(
        "indexing FerretDB's `_id` needs the sqlite3 command (Debian: apt install sqlite3, or scripts/install-sqlite3.sh); BENCH_FERRETDB_ID_INDEX=0 runs without",
        { cause: error },
      );
    }
    throw error;
  }
}

function identifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
