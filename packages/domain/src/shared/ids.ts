import { assert, ValidationError } from './domain-error.ts';
import { ValidationErrors } from './validation.errors.ts';

/** Ids are MongoDB ObjectIds in their 24-hex-digit form, as the API documents promise. */
const OBJECT_ID_PATTERN = /^[0-9a-f]{24}$/;

export function isObjectId(value: unknown): value is string {
  return typeof value === 'string' && OBJECT_ID_PATTERN.test(value);
}

export function requireObjectId(value: unknown, field: string): string {
  if (typeof value === 'string' && OBJECT_ID_PATTERN.test(value.toLowerCase())) return value.toLowerCase();
  throw new ValidationError(ValidationErrors.InvalidId, `${field} must be a 24-character hexadecimal id`, {
    fields: { [field]: 'must be a 24-character hexadecimal id' },
  });
}

/** The most ids one batch read (`findMany`, `viewMany`) takes: enough to fill any bounded list. */
export const LOOKUP_IDS_MAX = 1_000;

/** Batch reads refuse more ids than LOOKUP_IDS_MAX: a caller asking for more has an unbounded list. */
export function assertLookupBound(ids: readonly string[], what: string): void {
  assert(ids.length <= LOOKUP_IDS_MAX, `${what} takes at most ${LOOKUP_IDS_MAX} ids, got ${ids.length}`);
}
