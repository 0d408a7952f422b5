import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AssertionFailed, ValidationError } from '../shared/domain-error.ts';
import {
  applyBasisPoints,
  CHARGE_PAISE_MAX,
  CHARGE_PAISE_MIN,
  divideRoundingHalfUp,
  inrToPaise,
  paiseToInr,
  paiseToInrText,
  requireChargeablePaise,
} from './money.ts';

describe('inrToPaise', () => {
  // Goal: the conversion works on the decimal text, so binary floating point never loses a paisa
  // (0.57 * 100, 1.15 * 100 and 4.35 * 100 are all just under the integer in floating point).
  it.each([
    [100.29, 10_029],
    [0.57, 57],
    [1.15, 115],
    [4.35, 435],
    [500, 50_000],
    ['12.5', 1_250],
    ['12.50', 1_250],
    [' 7.05 ', 705],
    [1.1, 110],
    [0.5, 50],
    [999_999.99, CHARGE_PAISE_MAX],
  ])('converts %j INR to %i paise exactly', (inr, paise) => {
    expect(inrToPaise(inr, 'rate')).toBe(paise);
  });

  it.each([
    Number.NaN,
    Number.POSITIVE_INFINITY,
    Number.NEGATIVE_INFINITY,
    -5,
    -0.5,
    1.234,
    '1.234',
    'abc',
    '',
    ' ',
    '1e3',
    '12,50',
    1e-7,
    0.1 + 0.2,
    null,
    undefined,
    true,
    {},
    [5],
  ])('refuses %j as not an INR amount with at most two decimals', (inr) => {
    expect(() => inrToPaise(inr, 'rate')).toThrow(ValidationError);
    expect(() => inrToPaise(inr, 'rate')).toThrow(
      expect.objectContaining({ code: 'VALIDATION.INVALID_AMOUNT', details: { fields: { rate: expect.any(String) } } }),
    );
  });

  it.each([1e21, 5e300, Number.MAX_VALUE])('refuses %j as out of range, not as badly written', (inr) => {
    expect(() => inrToPaise(inr, 'rate')).toThrow(expect.objectContaining({ code: 'VALIDATION.AMOUNT_OUT_OF_RANGE' }));
  });

  // 0.29 INR parses exactly to 29 paise, under the ₹0.50 Stripe charges at least, so it is refused as out of range.
  it.each([0.29, 0, '0.00', 0.49, '0.01', 1_000_000, 999_999_999_999_999])('refuses %j as outside what one payment can charge', (inr) => {
    expect(() => inrToPaise(inr, 'amount')).toThrow(expect.objectContaining({ code: 'VALIDATION.AMOUNT_OUT_OF_RANGE' }));
  });

  // Goal: every chargeable amount survives the trip to INR text or number and back.
  it('gives back the paise of paiseToInrText and paiseToInr, for every chargeable amount', () => {
    fc.assert(
      fc.property(fc.integer({ min: CHARGE_PAISE_MIN, max: CHARGE_PAISE_MAX }), (paise) => {
        expect(inrToPaise(paiseToInrText(paise), 'amount')).toBe(paise);
        expect(inrToPaise(paiseToInr(paise), 'amount')).toBe(paise);
      }),
      { numRuns: 2_000 },
    );
  });

  // Goal: any decimal text with at most two places converts as integer arithmetic on its digits would.
  it('converts every decimal string with at most two places as BigInt arithmetic on its digits does', () => {
    const decimalArb = fc.tuple(fc.bigInt({ min: 0n, max: 10n ** 9n }), fc.constantFrom(0, 1, 2), fc.nat({ max: 99 }));
    fc.assert(
      fc.property(decimalArb, ([rupees, places, fraction]) => {
        const fractionText = places === 0 ? '' : String(fraction).padStart(2, '0').slice(0, places);
        const text = places === 0 ? `${rupees}` : `${rupees}.${fractionText}`;
        const expected = rupees * 100n + BigInt(fractionText.padEnd(2, '0') || '0');
        if (expected >= BigInt(CHARGE_PAISE_MIN) && expected <= BigInt(CHARGE_PAISE_MAX)) {
          expect(inrToPaise(text, 'rate')).toBe(Number(expected));
        } else {
          expect(() => inrToPaise(text, 'rate')).toThrow(expect.objectContaining({ code: 'VALIDATION.AMOUNT_OUT_OF_RANGE' }));
        }
      }),
      { numRuns: 2_000 },
    );
  });
});

describe('requireChargeablePaise', () => {
  it.each([CHARGE_PAISE_MIN, 12_345, CHARGE_PAISE_MAX])('accepts %i paise', (paise) => {
    expect(requireChargeablePaise(paise, 'amount')).toBe(paise);
  });

  it.each([CHARGE_PAISE_MIN - 1, CHARGE_PAISE_MAX + 1, 12.5, Number.NaN])('refuses %j paise', (paise) => {
    expect(() => requireChargeablePaise(paise, 'amount')).toThrow(ValidationError);
  });
});

describe('paiseToInrText and paiseToInr', () => {
  it.each([
    [0, '0.00', 0],
    [5, '0.05', 0.05],
    [29, '0.29', 0.29],
    [1_250, '12.50', 12.5],
    [123_450, '1234.50', 1234.5],
    [CHARGE_PAISE_MAX, '999999.99', 999_999.99],
    [-5, '-0.05', -0.05],
    [-123_450, '-1234.50', -1234.5],
  ])('shows %i paise as %s (the number %d)', (paise, text, inr) => {
    expect(paiseToInrText(paise)).toBe(text);
    expect(paiseToInr(paise)).toBe(inr);
  });

  it.each([1.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53])('treats %j paise as a programming error', (paise) => {
    expect(() => paiseToInrText(paise)).toThrow(AssertionFailed);
  });
});

describe('half-up rounding', () => {
  // Goal: integer division rounding half-up equals the same computation on BigInt.
  it('divideRoundingHalfUp matches a BigInt reference for every dividend and divisor', () => {
    fc.assert(
      fc.property(fc.nat({ max: 2 ** 40 }), fc.integer({ min: 1, max: 2 ** 20 }), (dividend, divisor) => {
        const reference = (2n * BigInt(dividend) + BigInt(divisor)) / (2n * BigInt(divisor));
        expect(divideRoundingHalfUp(dividend, divisor)).toBe(Number(reference));
      }),
      { numRuns: 2_000 },
    );
  });

  it('applyBasisPoints matches a BigInt reference for every chargeable amount and 0..10000 bps', () => {
    fc.assert(
      fc.property(fc.integer({ min: CHARGE_PAISE_MIN, max: CHARGE_PAISE_MAX }), fc.integer({ min: 0, max: 10_000 }), (amount, bps) => {
        const reference = (2n * BigInt(amount) * BigInt(bps) + 10_000n) / 20_000n;
        expect(applyBasisPoints(amount, bps)).toBe(Number(reference));
      }),
      { numRuns: 2_000 },
    );
  });

  it.each([
    [45, 5],
    [44, 4],
    [54, 5],
    [55, 6],
    [50_000, 5_000],
  ])('10%% of %i paise is %i paise', (amount, fee) => {
    expect(applyBasisPoints(amount, 1_000)).toBe(fee);
  });

  it.each([
    [10, -1],
    [10, 10_001],
    [10, 2.5],
    [-1, 1_000],
  ])('treats %i paise at %i bps as a programming error', (amount, bps) => {
    expect(() => applyBasisPoints(amount, bps)).toThrow(AssertionFailed);
  });
});
