import { parseArgs } from 'node:util';

/** A command called with arguments it does not take, or an environment it cannot run in: exit 2, nothing done. */
export class CommandRefused extends Error {
  override readonly name = 'CommandRefused';
}

/**
 * The options of a one-off command. `--since=DATE` and `--since DATE` read alike; an option the
 * command does not take, a value missing, or a stray argument is refused, so that a scheduled job
 * with a typo fails loudly instead of running on the defaults.
 */
export function optionsOf<const T extends Record<string, { readonly type: 'string' }>>(
  argv: readonly string[],
  options: T,
): { readonly [K in keyof T]?: string } {
  try {
    return parseArgs({ args: [...argv], options, strict: true, allowPositionals: false }).values;
  } catch (error) {
    throw new CommandRefused(error instanceof Error ? error.message : String(error));
  }
}

/** `2026-03-01` (UTC midnight) or `2026-03-01T06:00:00Z`; undefined when not given. */
export function sinceOf(value: string | undefined): Date | undefined {
  if (value === undefined) return undefined;
  const since = /^\d{4}-\d{2}-\d{2}([T ][0-9:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(value) ? new Date(value) : null;
  if (since === null || Number.isNaN(since.getTime())) {
    throw new CommandRefused(`--since takes an ISO 8601 date or date and time, e.g. --since 2026-03-01, not ${JSON.stringify(value)}`);
  }
  return since;
}

/** What a command that reads the books needs: MONGODB_URI, the store the API writes. */
export function requireDatabase(database: { readonly kind: string }, command: string): void {
  if (database.kind === 'memory') {
    throw new CommandRefused(
      `${command} reads the database at MONGODB_URI, which is not set (an in-memory store lives inside its server process)`,
    );
  }
}
