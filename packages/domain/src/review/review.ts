import { ValidationError } from '../shared/domain-error.ts';
import { ValidationErrors } from '../shared/validation.errors.ts';

export const REVIEW_DESCRIPTION_LENGTH_MAX = 2_000;

export interface Review {
  readonly id: string;
  readonly contractId: string;
  readonly clientId: string;
  readonly freelancerId: string;
  readonly rating: number;
  readonly description: string;
  readonly createdAt: Date;
}

export function requireRating(value: unknown): number {
  if (typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= 5) return value;
  throw new ValidationError(ValidationErrors.InvalidRating, 'rating must be an integer from 1 to 5', {
    fields: { rating: 'must be an integer from 1 to 5' },
  });
}
