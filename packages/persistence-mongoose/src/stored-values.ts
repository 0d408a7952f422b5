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

/**
 * A stored value this code never writes: a document changed by hand or by other software. Reading
 * on would hand the domain a state it cannot be in, so it fails like any broken invariant (a 500).
 */
export class StoredValueInvalid extends AssertionFailed {
  /** `where` is `collection.field`, e.g. `contracts.status`. */
  constructor(where: string, value: unknown, expected: string) {
    super(`${where} holds ${shown(value)}, not ${expected}`);
    this.name = 'StoredValueInvalid';
  }
}

/** JSON.stringify answers undefined for undefined, a function or a symbol, which its declared type omits. */
const jsonOf = JSON.stringify as (value: unknown) => string | undefined;

function shown(value: unknown): string {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'an invalid date' : value.toISOString();
  return jsonOf(value) ?? String(value);
}

/** A reader of one of `values`, the list the domain keeps of a union. */
function oneOf<T extends string>(values: readonly T[]): (value: unknown, where: string) => T {
  return (value, where) => {
    const found = values.find((candidate) => candidate === value);
    if (found === undefined) throw new StoredValueInvalid(where, value, `one of ${values.join(', ')}`);
    return found;
  };
}

export const parseContractStatus = oneOf(CONTRACT_STATUSES);
export const parseLiveContractStatus = oneOf(LIVE_CONTRACT_STATUSES);
export const parseReleaseFundStatus = oneOf(RELEASE_FUND_STATUSES);
export const parseJobStatus = oneOf(JOB_STATUSES);
export const parseRole = oneOf(ROLES);
export const parseResolutionKind = oneOf(RESOLUTION_KINDS);
export const parseRefundStage = oneOf(REFUND_STAGES);
export const parseLedgerDirection = oneOf(LEDGER_DIRECTIONS);
export const parseOperationSubjectType = oneOf(OPERATION_SUBJECT_TYPES);

export function parseString(value: unknown, where: string): string {
  if (typeof value !== 'string') throw new StoredValueInvalid(where, value, 'a string');
  return value;
}

export function parseNullableString(value: unknown, where: string): string | null {
  return value === null ? null : parseString(value, where);
}

export function parseBoolean(value: unknown, where: string): boolean {
  if (typeof value !== 'boolean') throw new StoredValueInvalid(where, value, 'true or false');
  return value;
}

export function parseDate(value: unknown, where: string): Date {
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) throw new StoredValueInvalid(where, value, 'a date');
  return value;
}
