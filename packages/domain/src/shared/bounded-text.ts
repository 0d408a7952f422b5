import { ValidationError } from './domain-error.ts';
import { ValidationErrors } from './validation.errors.ts';

/** Trims `value` and refuses it unless it is a string of 1..lengthMax characters. */
export function requireText(value: unknown, field: string, lengthMax: number): string {
  const text = typeof value === 'string' ? value.trim() : '';
  if (text.length === 0 || text.length > lengthMax) {
    throw new ValidationError(ValidationErrors.InvalidText, `${field} must be 1 to ${lengthMax} characters`, {
      fields: { [field]: `must be 1 to ${lengthMax} characters` },
    });
  }
  return text;
}

/** Like requireText, but an absent value is allowed and becomes null. */
export function optionalText(value: unknown, field: string, lengthMax: number): string | null {
  if (value === undefined || value === null || value === '') return null;
  return requireText(value, field, lengthMax);
}
