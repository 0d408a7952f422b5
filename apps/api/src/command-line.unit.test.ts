import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { CommandRefused, optionsOf, requireDatabase, sinceOf } from './command-line.ts';

describe('optionsOf(argv, options)', () => {
  const reconcileOptions = { since: { type: 'string' } } as const;

  it('reads --since=DATE and --since DATE alike, and nothing when not given', () => {
    expect(optionsOf(['--since=2026-11-15'], reconcileOptions)).toEqual({ since: '2026-11-15' });
    expect(optionsOf(['--since', '2026-11-15'], reconcileOptions)).toEqual({ since: '2026-11-15' });
    expect(optionsOf([], reconcileOptions)).toEqual({});
  });

  it.each([
    ['an option the command does not take', ['--bogus']],
    ['an option with its value missing', ['--since']],
    ['a stray argument', ['2026-11-15']],
    ['an option given twice', ['--since=2026-11-15', '--since', '2026-11-16']],
  ])('refuses %s', (_, argv) => {
    expect(() => optionsOf(argv, reconcileOptions)).toThrow(CommandRefused);
  });

  it('refuses any argument to a command that takes none', () => {
    expect(optionsOf([], {})).toEqual({});
    expect(() => optionsOf(['--since=2026-11-15'], {})).toThrow(CommandRefused);
  });
});

describe('sinceOf(value)', () => {
  it('reads a date as UTC midnight, and a date and time with its zone', () => {
    expect(sinceOf('2026-03-01')).toEqual(new Date('2026-03-01T00:00:00Z'));
    expect(sinceOf('2028-02-29')).toEqual(new Date('2028-02-29T00:00:00Z'));
    expect(sinceOf('2026-03-01T06:00Z')).toEqual(new Date('2026-03-01T06:00:00Z'));
    expect(sinceOf('2026-03-01T06:00:00+05:30')).toEqual(new Date('2026-03-01T00:30:00Z'));
    expect(sinceOf(undefined)).toBeUndefined();
  });

  it.each(['yesterday', '2026-02-30', '2026-02-30x', '2026-13-45', '2026-03-01T06:00:00', '2026-03-01T25:00Z', ''])(
    'refuses %j, naming it',
    (value) => {
      expect(() => sinceOf(value)).toThrow(
        new CommandRefused(
          `--since takes an ISO 8601 date, or date and time with its zone, e.g. --since 2026-03-01, not ${JSON.stringify(value)}`,
        ),
      );
    },
  );
});

const MONGO_TIMEOUTS = { serverSelectionTimeoutMS: 1, connectTimeoutMS: 1, socketTimeoutMS: 1 };

describe('requireDatabase(database, command)', () => {
  it('refuses the in-memory store, which lives inside its server process', () => {
    expect(() => requireDatabase({ kind: 'memory' }, 'recover')).toThrow(/recover reads the database at MONGODB_URI, which is not set/);
    expect(() => requireDatabase({ kind: 'mongo', uri: 'mongodb://db/skillhouse', timeouts: MONGO_TIMEOUTS }, 'recover')).not.toThrow();
  });
});

describe("the API package's commands", () => {
  it('runs the books audit as audit-books: pnpm keeps `audit` for its own, so a script of that name never runs', () => {
    const { scripts } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
      scripts: Record<string, string>;
    };
    expect(scripts['audit-books']).toMatch(/ dist\/audit\.js$/);
    expect(scripts['recover']).toMatch(/ dist\/recover\.js$/);
    expect(scripts['reconcile']).toMatch(/ dist\/reconcile\.js$/);
    expect(Object.keys(scripts)).not.toContain('audit');
  });
});
