import { ValidationError } from './domain-error.ts';
import { ValidationErrors } from './validation.errors.ts';

/**
 * Half of a surrogate pair without its other half (like a NUL, checked beside it): text no one typed,
 * which the database and JSON encoders store or send as something else (U+FFFD, or an escape a client chokes on).
 */
const UNPAIRED_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Trims `value` and refuses it unless it is a string of 1..lengthMax characters, all of them storable. */
export function requireText(value: unknown, field: string, lengthMax: number): string {
  const text = typeof value === 'string' ? value.trim() : '';
  if (text.length === 0 || text.length > lengthMax || text.includes('\u0000') || UNPAIRED_SURROGATE.test(text)) {
    const problem = `must be 1 to ${lengthMax} characters, without NUL or an unpaired surrogate`;
    throw new ValidationError(ValidationErrors.InvalidText, `${field} ${problem}`, { fields: { [field]: problem } });
  }
  return text;
}

/** Like requireText, but an absent value is allowed and becomes null. */
export function optionalText(value: unknown, field: string, lengthMax: number): string | null {
  if (value === undefined || value === null || value === '') return null;
  return requireText(value, field, lengthMax);
}
