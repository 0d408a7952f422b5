import { parseArgs } from 'node:util';
import type { DatabaseConfig } from './config/config.ts';

/** A command called with arguments it does not take, or an environment it cannot run in: exit 2, nothing done. */
export class CommandRefused extends Error {
  override readonly name = 'CommandRefused';
}

/**
 * The options of a one-off command. `--since=DATE` and `--since DATE` read alike; an option the
 * command does not take, a value missing, an option given twice, or a stray argument is refused, so
 * that a scheduled job with a typo fails loudly instead of running on the defaults.
 */
export function optionsOf<const T extends Record<string, { readonly type: 'string' }>>(
  argv: readonly string[],
  options: T,
): { readonly [K in keyof T]?: string } {
  let values: Record<string, string[] | undefined>;
  try {
    const each = Object.fromEntries(Object.entries(options).map(([name, option]) => [name, { ...option, multiple: true }]));
    ({ values } = parseArgs({ args: [...argv], options: each, strict: true, allowPositionals: false }) as {
      values: Record<string, string[] | undefined>;
    });
  } catch (error) {
    throw new CommandRefused(error instanceof Error ? error.message : String(error));
  }
  const read: Record<string, string> = {};
  for (const [name, given] of Object.entries(values)) {
    // Given twice is refused, not read as the last one: which the caller meant is anyone's guess.
    if (given !== undefined && given.length > 1) throw new CommandRefused(`--${name} is given ${given.length} times`);
    if (given?.[0] !== undefined) read[name] = given[0];
  }
  return read;
}

/** `2026-03-01` (UTC midnight) or `2026-03-01T06:00:00Z` (a time names its zone); undefined when not given. */
export function sinceOf(value: string | undefined): Date | undefined {
  if (value === undefined) return undefined;
  const since = SINCE_PATTERN.test(value) ? new Date(value) : null;
  // A day the month does not have (2026-02-30) is read by Date as one in the next month: refused instead.
  if (since === null || Number.isNaN(since.getTime()) || !calendarDateExists(value.slice(0, 10))) {
    throw new CommandRefused(
      `--since takes an ISO 8601 date, or date and time with its zone, e.g. --since 2026-03-01, not ${JSON.stringify(value)}`,
    );
  }
  return since;
}

const SINCE_PATTERN = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:?\d{2}))?$/;

function calendarDateExists(date: string): boolean {
  const read = new Date(`${date}T00:00:00Z`);
  return !Number.isNaN(read.getTime()) && read.toISOString().slice(0, 10) === date;
}

/** What a command that reads the books needs: MONGODB_URI, the store the API writes. */
export function requireDatabase(database: DatabaseConfig, command: string): asserts database is Extract<DatabaseConfig, { kind: 'mongo' }> {
  if (database.kind === 'memory') {
    throw new CommandRefused(
      `${command} reads the database at MONGODB_URI, which is not set (an in-memory store lives inside its server process)`,
    );
  }
}
