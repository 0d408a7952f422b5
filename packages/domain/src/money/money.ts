import { assert, ValidationError } from '../shared/domain-error.ts';
import { ValidationErrors } from '../shared/validation.errors.ts';

/**
 * An amount of Indian rupees counted in paise (1 INR = 100 paise). Always a safe integer: all
 * arithmetic on money inside the service happens on these, never on INR decimals.
 */
export type Paise = number;

export const PAISE_PER_RUPEE = 100;

/** Stripe takes at most eight digits in the smallest unit for one charge: ₹999,999.99. */
export const CHARGE_PAISE_MAX: Paise = 99_999_999;

/** Stripe refuses INR charges under ₹0.50. */
export const CHARGE_PAISE_MIN: Paise = 50;

const INR_DECIMAL_PATTERN = /^(\d{1,15})(?:\.(\d{1,2}))?$/;

export function assertPaise(amount: Paise, what: string): void {
  assert(Number.isSafeInteger(amount) && amount >= 0, `${what} must be a non-negative integer of paise, got ${amount}`);
}

/**
 * Converts an INR amount as the API receives it (a JSON number or numeric string with at most two
 * decimals) to paise exactly. The conversion works on the decimal text, so 0.29 becomes 29 paise
 * and not 28.999999999999996.
 */
export function inrToPaise(inr: unknown, field: string): Paise {
  // A number too large to print in plain digits (1e21 and up) is out of range, not badly written.
  if (typeof inr === 'number' && Number.isFinite(inr) && inr >= 1e21) throw outOfChargeableRange(field);
  const text = typeof inr === 'number' && Number.isFinite(inr) ? String(inr) : typeof inr === 'string' ? inr.trim() : '';
  const match = INR_DECIMAL_PATTERN.exec(text);
  if (match === null) {
    throw new ValidationError(ValidationErrors.InvalidAmount, `${field} must be a positive INR amount with at most two decimals`, {
      fields: { [field]: 'must be a positive INR amount with at most two decimals' },
    });
  }
  const rupees = Number(match[1]);
  const fraction = Number((match[2] ?? '').padEnd(2, '0'));
  const paise = rupees * PAISE_PER_RUPEE + fraction;
  requireChargeablePaise(paise, field);
  return paise;
}

/**
 * Like inrToPaise, for a share of an amount already paid (a dispute's payout): zero is allowed, and
 * the caller bounds it by what there is to share.
 */
export function inrShareToPaise(inr: unknown, field: string): Paise {
  // A number too large to print in plain digits (1e21 and up) is out of range, not badly written.
  if (typeof inr === 'number' && Number.isFinite(inr) && inr >= 1e21) throw outOfChargeableRange(field);
  const text = typeof inr === 'number' && Number.isFinite(inr) ? String(inr) : typeof inr === 'string' ? inr.trim() : '';
  const match = INR_DECIMAL_PATTERN.exec(text);
  if (match === null) {
    throw new ValidationError(ValidationErrors.InvalidShare, `${field} must be an INR amount of zero or more with at most two decimals`, {
      fields: { [field]: 'must be an INR amount of zero or more with at most two decimals' },
    });
  }
  const paise = Number(match[1]) * PAISE_PER_RUPEE + Number((match[2] ?? '').padEnd(2, '0'));
  if (!Number.isSafeInteger(paise) || paise > CHARGE_PAISE_MAX) {
    throw new ValidationError(ValidationErrors.AmountOutOfRange, `${field} is larger than any payment`, {
      fields: { [field]: 'out of range' },
    });
  }
  return paise;
}

/** Refuses an amount that Stripe could not charge in one payment. */
export function requireChargeablePaise(paise: Paise, field: string): Paise {
  if (!Number.isSafeInteger(paise) || paise < CHARGE_PAISE_MIN || paise > CHARGE_PAISE_MAX) throw outOfChargeableRange(field);
  return paise;
}

function outOfChargeableRange(field: string): ValidationError {
  return new ValidationError(
    ValidationErrors.AmountOutOfRange,
    `${field} must be between ₹${paiseToInrText(CHARGE_PAISE_MIN)} and ₹${paiseToInrText(CHARGE_PAISE_MAX)}`,
    { fields: { [field]: 'out of the range one payment can charge' } },
  );
}

/** "1234.50" for 123450 paise: the exact decimal text of an amount (signed, for balances). */
export function paiseToInrText(paise: Paise): string {
  assert(Number.isSafeInteger(paise), `an amount must be an integer of paise, got ${paise}`);
  const magnitude = Math.abs(paise);
  const fraction = magnitude % PAISE_PER_RUPEE;
  const rupees = (magnitude - fraction) / PAISE_PER_RUPEE;
  return `${paise < 0 ? '-' : ''}${rupees}.${String(fraction).padStart(2, '0')}`;
}

/** The INR number the API returns for an amount; parsing the exact decimal text keeps it exact. */
export function paiseToInr(paise: Paise): number {
  return Number(paiseToInrText(paise));
}

/** Integer division of non-negative safe integers, exact (no floating-point quotient). */
export function divideRoundingHalfUp(dividend: number, divisor: number): number {
  assert(Number.isSafeInteger(dividend) && dividend >= 0, `dividend must be a non-negative safe integer, got ${dividend}`);
  assert(Number.isSafeInteger(divisor) && divisor > 0, `divisor must be a positive safe integer, got ${divisor}`);
  const rounded = dividend + Math.floor(divisor / 2);
  return (rounded - (rounded % divisor)) / divisor;
}

export const BASIS_POINTS_WHOLE = 10_000;

/** `amount` × `basisPoints` / 10 000, rounded half-up to the paisa, exactly. */
export function applyBasisPoints(amount: Paise, basisPoints: number): Paise {
  assertPaise(amount, 'amount');
  assert(
    Number.isSafeInteger(basisPoints) && basisPoints >= 0 && basisPoints <= BASIS_POINTS_WHOLE,
    `basis points must be an integer in 0..10000, got ${basisPoints}`,
  );
  return divideRoundingHalfUp(amount * basisPoints, BASIS_POINTS_WHOLE);
}
