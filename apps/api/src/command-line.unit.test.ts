import { describe, expect, it } from 'vitest';
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
    expect(sinceOf('2026-03-01T06:00:00+05:30')).toEqual(new Date('2026-03-01T00:30:00Z'));
    expect(sinceOf(undefined)).toBeUndefined();
  });

  it.each(['yesterday', '2026-02-30x', '2026-13-45', ''])('refuses %j, naming it', (value) => {
    expect(() => sinceOf(value)).toThrow(
      new CommandRefused(`--since takes an ISO 8601 date or date and time, e.g. --since 2026-03-01, not ${JSON.stringify(value)}`),
    );
  });
});

describe('requireDatabase(database, command)', () => {
  it('refuses the in-memory store, which lives inside its server process', () => {
    expect(() => requireDatabase({ kind: 'memory' }, 'recover')).toThrow(/recover reads the database at MONGODB_URI, which is not set/);
    expect(() => requireDatabase({ kind: 'mongo' }, 'recover')).not.toThrow();
  });
});
