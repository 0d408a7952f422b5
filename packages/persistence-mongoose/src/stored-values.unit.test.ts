import { describe, expect, it } from 'vitest';
import {
  AssertionFailed,
  CONTRACT_STATUSES,
  DISPUTE_REASONS,
  DISPUTE_STATUSES,
  JOB_STATUSES,
  TRANSFER_KINDS,
  LIVE_CONTRACT_STATUSES,
  OPERATION_SUBJECT_TYPES,
  REFUND_STAGES,
  RELEASE_FUND_STATUSES,
  RESOLUTION_KINDS,
  ROLES,
} from '@skillhouse/domain';
import { StoredFields, StoredValueInvalid } from './stored-values.ts';

const at = new Date('2026-01-02T03:04:05Z');

/** One stored contract with every kind of field, as a mapper meets it. */
function storedContract(fields: Record<string, unknown> = {}): StoredFields {
  return StoredFields.ofDocument(
    {
      _id: 'c1',
      clientId: 'u1',
      reason: null,
      amountPaise: 50_000,
      sequence: 3,
      forRefund: false,
      createdAt: at,
      deliveredAt: null,
      status: 'Ongoing',
      stage: null,
      mediaUrls: ['https://media/1'],
      cancellation: { by: 'u1' },
      statusHistory: [{ status: 'Pending' }, 'Started'],
      ...fields,
    },
    'contracts',
  );
}

function refusal(read: () => unknown): string {
  try {
    read();
  } catch (error) {
    expect(error).toBeInstanceOf(StoredValueInvalid);
    expect(error).toBeInstanceOf(AssertionFailed);
    return error instanceof Error ? error.message : '';
  }
  throw new Error('the read was not refused');
}

describe('StoredValueInvalid', () => {
  it.each<[string, unknown, string]>([
    ['a string', 'bored', '"bored"'],
    ['a number', 1000.5, '1000.5'],
    ['null', null, 'null'],
    ['a missing value', undefined, 'nothing'],
    ['a date', at, '2026-01-02T03:04:05.000Z'],
    ['an invalid date', new Date(Number.NaN), 'an invalid date'],
    ['a long document, cut short', { text: 'x'.repeat(200) }, `{"text":"${'x'.repeat(71)}…`],
  ])('shows %s as an operator would recognise it, with where it was read and what was expected', (_what, value, shown) => {
    const error = new StoredValueInvalid('contracts/c1.reason', value, 'a string');
    expect(error).toBeInstanceOf(AssertionFailed);
    expect(error.name).toBe('StoredValueInvalid');
    expect(error.message).toBe(`Assertion failed: contracts/c1.reason holds ${shown}, not a string`);
  });
});

describe('StoredFields.of and ofDocument', () => {
  it.each([[null], [undefined], ['c1'], [7], [[{ _id: 'c1' }]], [at]])('refuse %j, which is no document', (value) => {
    expect(refusal(() => StoredFields.of(value, 'contracts'))).toContain('contracts holds');
    expect(refusal(() => StoredFields.of(value, 'contracts'))).toContain('not a document');
  });

  it('name a document by its collection and id in every error, and refuse one without a string id', () => {
    expect(refusal(() => storedContract().text('amountPaise'))).toContain('contracts/c1.amountPaise holds 50000, not a string');
    expect(refusal(() => StoredFields.ofDocument({ _id: 7 }, 'contracts'))).toContain('contracts._id holds 7, not a string');
    expect(refusal(() => StoredFields.ofDocument({}, 'contracts'))).toContain('contracts._id holds nothing, not a string');
  });
});

describe('the field readers', () => {
  it('read what they expect as it is', () => {
    const fields = storedContract();
    expect(fields.text('clientId')).toBe('u1');
    expect(fields.textOrNull('reason')).toBeNull();
    expect(fields.textOrNull('clientId')).toBe('u1');
    expect(fields.texts('mediaUrls')).toStrictEqual(['https://media/1']);
    expect(fields.paise('amountPaise')).toBe(50_000);
    expect(fields.count('sequence')).toBe(3);
    expect(fields.boolean('forRefund')).toBe(false);
    expect(fields.date('createdAt')).toBe(at);
    expect(fields.dateOrNull('deliveredAt')).toBeNull();
    expect(fields.dateOrNull('createdAt')).toBe(at);
    expect(fields.oneOf('status', CONTRACT_STATUSES)).toBe('Ongoing');
    expect(fields.oneOfOrNull('stage', REFUND_STAGES)).toBeNull();
    expect(fields.record('cancellation').text('by')).toBe('u1');
    expect(fields.recordOrNull('reason')).toBeNull();
    expect(fields.isNull('reason')).toBe(true);
    expect(fields.isNull('clientId')).toBe(false);
  });

  it.each<[string, Record<string, unknown>, (fields: StoredFields) => unknown, string]>([
    ['a missing string', {}, (fields) => fields.text('jobId'), 'contracts/c1.jobId holds nothing, not a string'],
    [
      'a missing field read as nullable',
      {},
      (fields) => fields.textOrNull('description'),
      'contracts/c1.description holds nothing, not a string',
    ],
    ['a number for a string', {}, (fields) => fields.textOrNull('sequence'), 'contracts/c1.sequence holds 3, not a string'],
    [
      'a list with a non-string',
      { mediaUrls: ['a', 2] },
      (fields) => fields.texts('mediaUrls'),
      'contracts/c1.mediaUrls holds ["a",2], not a list of strings',
    ],
    [
      'a fraction of paise',
      { amountPaise: 1000.5 },
      (fields) => fields.paise('amountPaise'),
      'contracts/c1.amountPaise holds 1000.5, not a whole number of paise',
    ],
    [
      'negative paise',
      { amountPaise: -100 },
      (fields) => fields.paise('amountPaise'),
      'contracts/c1.amountPaise holds -100, not a whole number of paise',
    ],
    [
      'paise past the safe integers',
      { amountPaise: 2 ** 53 },
      (fields) => fields.paise('amountPaise'),
      'contracts/c1.amountPaise holds 9007199254740992, not a whole number of paise',
    ],
    [
      'a negative count',
      { sequence: -1 },
      (fields) => fields.count('sequence'),
      'contracts/c1.sequence holds -1, not a non-negative whole number',
    ],
    [
      'a string for a boolean',
      { forRefund: 'true' },
      (fields) => fields.boolean('forRefund'),
      'contracts/c1.forRefund holds "true", not true or false',
    ],
    [
      'a string for a date',
      { createdAt: '2026-01-02' },
      (fields) => fields.date('createdAt'),
      'contracts/c1.createdAt holds "2026-01-02", not a date',
    ],
    [
      'an invalid date',
      { deliveredAt: new Date(Number.NaN) },
      (fields) => fields.dateOrNull('deliveredAt'),
      'contracts/c1.deliveredAt holds an invalid date, not a date',
    ],
    [
      'a stage of no refund',
      { stage: 'Completed' },
      (fields) => fields.oneOfOrNull('stage', REFUND_STAGES),
      'contracts/c1.stage holds "Completed", not one of Pending, Started, Ongoing',
    ],
    [
      'a string for a subdocument',
      { cancellation: 'none' },
      (fields) => fields.recordOrNull('cancellation'),
      'contracts/c1.cancellation holds "none", not a document',
    ],
    [
      'a non-document in a list',
      {},
      (fields) => fields.records('statusHistory'),
      'contracts/c1.statusHistory[1] holds "Started", not a document',
    ],
    [
      'a document for a list',
      { statusHistory: { status: 'Pending' } },
      (fields) => fields.records('statusHistory'),
      'contracts/c1.statusHistory holds {"status":"Pending"}, not a list',
    ],
    [
      'a missing field of a subdocument',
      {},
      (fields) => fields.record('cancellation').date('at'),
      'contracts/c1.cancellation.at holds nothing, not a date',
    ],
  ])('refuse %s', (_what, stored, read, message) => {
    expect(refusal(() => read(storedContract(stored)))).toBe(`Assertion failed: ${message}`);
  });
});

/** Every list of a union the mappers read stored values into. */
const DOMAIN_LISTS: readonly [string, readonly string[]][] = [
  ['CONTRACT_STATUSES', CONTRACT_STATUSES],
  ['LIVE_CONTRACT_STATUSES', LIVE_CONTRACT_STATUSES],
  ['RELEASE_FUND_STATUSES', RELEASE_FUND_STATUSES],
  ['JOB_STATUSES', JOB_STATUSES],
  ['ROLES', ROLES],
  ['RESOLUTION_KINDS', RESOLUTION_KINDS],
  ['REFUND_STAGES', REFUND_STAGES],
  ['DISPUTE_REASONS', DISPUTE_REASONS],
  ['DISPUTE_STATUSES', DISPUTE_STATUSES],
  ['TRANSFER_KINDS', TRANSFER_KINDS],
  ['OPERATION_SUBJECT_TYPES', OPERATION_SUBJECT_TYPES],
];

describe.each(DOMAIN_LISTS)('oneOf(field, %s)', (_name, values) => {
  const read = (value: unknown) => StoredFields.of({ field: value }, 'things/t1').oneOf('field', values);

  it('reads every value the domain lists as itself', () => {
    for (const value of values) expect(read(value)).toBe(value);
  });

  it.each([['Disputed'], [values[0]!.toUpperCase()], [` ${values[0]!}`], [''], [null], [undefined], [1], [{ value: values[0] }]])(
    'refuses %j, naming where it was read and what it holds',
    (stored) => {
      const shown = stored === undefined ? 'nothing' : JSON.stringify(stored);
      expect(refusal(() => read(stored))).toBe(`Assertion failed: things/t1.field holds ${shown}, not one of ${values.join(', ')}`);
    },
  );
});
