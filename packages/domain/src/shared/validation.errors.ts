import type { ErrorCatalogue } from './domain-error.ts';

/** Inputs the domain refuses before it reads or writes anything; `details.fields` names each field. */
export const ValidationErrors = {
  InvalidId: { code: 'VALIDATION.INVALID_ID', kind: 'validation', when: 'an id is not 24 hexadecimal digits' },
  InvalidText: { code: 'VALIDATION.INVALID_TEXT', kind: 'validation', when: 'a text is empty or longer than its limit' },
  InvalidAmount: { code: 'VALIDATION.INVALID_AMOUNT', kind: 'validation', when: 'an amount is not a positive INR amount with at most two decimals' },
  AmountOutOfRange: { code: 'VALIDATION.AMOUNT_OUT_OF_RANGE', kind: 'validation', when: 'an amount is outside what one payment can charge (₹0.50 to ₹999,999.99)' },
  InvalidStatus: { code: 'VALIDATION.INVALID_STATUS', kind: 'validation', when: 'update-status names a status a freelancer cannot set' },
  InvalidRating: { code: 'VALIDATION.INVALID_RATING', kind: 'validation', when: 'a rating is not an integer from 1 to 5' },
} as const satisfies ErrorCatalogue;
