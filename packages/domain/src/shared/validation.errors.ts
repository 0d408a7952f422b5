import type { ErrorCatalogue } from './domain-error.ts';

/** Inputs the domain refuses before it reads or writes anything; `details.fields` names each field. */
export const ValidationErrors = {
  InvalidId: { code: 'VALIDATION.INVALID_ID', kind: 'validation', when: 'an id is not 24 hexadecimal digits' },
  InvalidText: {
    code: 'VALIDATION.INVALID_TEXT',
    kind: 'validation',
    when: 'a text is empty, longer than its limit, or holds a NUL or an unpaired surrogate (text no database or JSON keeps as sent)',
  },
  InvalidAmount: {
    code: 'VALIDATION.INVALID_AMOUNT',
    kind: 'validation',
    when: 'an amount is not a positive INR amount with at most two decimals',
  },
  AmountOutOfRange: {
    code: 'VALIDATION.AMOUNT_OUT_OF_RANGE',
    kind: 'validation',
    when: 'an amount is outside what one payment can charge (₹0.50 to ₹999,999.99)',
  },
  InvalidStatus: { code: 'VALIDATION.INVALID_STATUS', kind: 'validation', when: 'update-status names a status a freelancer cannot set' },
  InvalidRating: { code: 'VALIDATION.INVALID_RATING', kind: 'validation', when: 'a rating is not an integer from 1 to 5' },
  InvalidShare: {
    code: 'VALIDATION.INVALID_SHARE',
    kind: 'validation',
    when: 'a share of a paid amount is not zero or more INR with at most two decimals',
  },
  PayoutOverEarning: {
    code: 'VALIDATION.PAYOUT_OVER_EARNING',
    kind: 'validation',
    when: 'a dispute decision gives the freelancer more than their earning',
  },
  InvalidReason: {
    code: 'VALIDATION.INVALID_REASON',
    kind: 'validation',
    when: 'a dispute reason is not one of not_delivered, quality, scope, unresponsive, payment, other',
  },
  InvalidMediaUrls: {
    code: 'VALIDATION.INVALID_MEDIA_URLS',
    kind: 'validation',
    when: 'a statement’s mediaUrls is not a short list of http(s) URLs',
  },
  InvalidBoolean: { code: 'VALIDATION.INVALID_BOOLEAN', kind: 'validation', when: 'a flag is not true or false' },
  InvalidDisputeStatus: {
    code: 'VALIDATION.INVALID_DISPUTE_STATUS',
    kind: 'validation',
    when: 'a dispute status filter is not open, resolved or withdrawn',
  },
  InvalidChoice: {
    code: 'VALIDATION.INVALID_CHOICE',
    kind: 'validation',
    when: 'a value is not one of those offered (an operators’ queue, an action to preview)',
  },
  InvalidPage: {
    code: 'VALIDATION.INVALID_PAGE',
    kind: 'validation',
    when: 'a page size is out of range, or a cursor is not one a page gave',
  },
} as const satisfies ErrorCatalogue;
