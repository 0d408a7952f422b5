import { describe, expect, it } from 'vitest';
import {
  AssertionFailed,
  CONTRACT_STATUSES,
  JOB_STATUSES,
  LEDGER_DIRECTIONS,
  LIVE_CONTRACT_STATUSES,
  OPERATION_SUBJECT_TYPES,
  REFUND_STAGES,
  RELEASE_FUND_STATUSES,
  RESOLUTION_KINDS,
  ROLES,
} from '@skillhouse/domain';
import {
  parseBoolean,
  parseContractStatus,
  parseDate,
  parseJobStatus,
  parseLedgerDirection,
  parseLiveContractStatus,
  parseNullableString,
  parseOperationSubjectType,
  parseRefundStage,
  parseReleaseFundStatus,
  parseResolutionKind,
  parseRole,
  parseString,
  StoredValueInvalid,
} from './stored-values.ts';

const UNION_PARSERS: readonly [string, (value: unknown, where: string) => string, readonly string[]][] = [
  ['parseContractStatus', parseContractStatus, CONTRACT_STATUSES],
  ['parseLiveContractStatus', parseLiveContractStatus, LIVE_CONTRACT_STATUSES],
  ['parseReleaseFundStatus', parseReleaseFundStatus, RELEASE_FUND_STATUSES],
  ['parseJobStatus', parseJobStatus, JOB_STATUSES],
  ['parseRole', parseRole, ROLES],
  ['parseResolutionKind', parseResolutionKind, RESOLUTION_KINDS],
  ['parseRefundStage', parseRefundStage, REFUND_STAGES],
  ['parseLedgerDirection', parseLedgerDirection, LEDGER_DIRECTIONS],
  ['parseOperationSubjectType', parseOperationSubjectType, OPERATION_SUBJECT_TYPES],
];

describe.each(UNION_PARSERS)('%s', (_name, parse, values) => {
  it('reads every value the domain lists as itself', () => {
    for (const value of values) expect(parse(value, 'things.field')).toBe(value);
  });

  it.each([['Disputed'], [values[0]!.toUpperCase()], [` ${values[0]!}`], [''], [null], [undefined], [1], [{ value: values[0] }]])(
    'refuses %j, naming where it was read and what it holds',
    (stored) => {
      const read = () => parse(stored, 'things.field');
      expect(read).toThrow(StoredValueInvalid);
      expect(read).toThrow(AssertionFailed);
      expect(read).toThrow(`things.field holds ${JSON.stringify(stored)}, not one of ${values.join(', ')}`);
    },
  );
});

describe('the field readers', () => {
  const at = new Date('2026-01-02T03:04:05Z');

  it('read what they expect as it is', () => {
    expect(parseString('abc', 'contracts.cancellation.by')).toBe('abc');
    expect(parseNullableString(null, 'contracts.cancellation.reason')).toBeNull();
    expect(parseNullableString('late', 'contracts.cancellation.reason')).toBe('late');
    expect(parseBoolean(false, 'contracts.cancellation.forRefund')).toBe(false);
    expect(parseDate(at, 'contracts.cancellation.at')).toBe(at);
  });

  it.each<[string, () => unknown, string]>([
    ['a missing string', () => parseString(undefined, 'contracts.cancellation.by'), 'contracts.cancellation.by holds undefined, not a string'],
    ['a number for a string', () => parseNullableString(7, 'contracts.cancellation.reason'), 'contracts.cancellation.reason holds 7, not a string'],
    ['a string for a boolean', () => parseBoolean('true', 'contracts.cancellation.forRefund'), 'contracts.cancellation.forRefund holds "true", not true or false'],
    ['a string for a date', () => parseDate('2026-01-02', 'contracts.cancellation.at'), 'contracts.cancellation.at holds "2026-01-02", not a date'],
    ['an invalid date', () => parseDate(new Date(Number.NaN), 'contracts.cancellation.at'), 'contracts.cancellation.at holds an invalid date, not a date'],
  ])('refuse %s', (_what, read, message) => {
    expect(read).toThrow(StoredValueInvalid);
    expect(read).toThrow(message);
  });
});
