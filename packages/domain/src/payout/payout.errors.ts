import { ConflictError, type ErrorCatalogue } from '../shared/domain-error.ts';
import { paiseToInr, paiseToInrText, type Paise } from '../money/money.ts';

/** Refusals of a withdrawal: each is a 409 and nothing moves. */
export const WalletErrors = {
  NoPayoutAccount: {
    code: 'WALLET.NO_PAYOUT_ACCOUNT',
    kind: 'conflict',
    when: 'a withdrawal before the freelancer connected a payout account (POST /api/freelancer/payouts/account)',
  },
  PayoutsDisabled: {
    code: 'WALLET.PAYOUTS_DISABLED',
    kind: 'conflict',
    when: 'a withdrawal to a payout account the processor does not (yet) pay out to: onboarding is unfinished or was revoked',
  },
  UnderMinimum: { code: 'WALLET.UNDER_MINIMUM', kind: 'conflict', when: 'a withdrawal under the configured minimum' },
  InsufficientBalance: { code: 'WALLET.INSUFFICIENT_BALANCE', kind: 'conflict', when: 'a withdrawal of more than the wallet holds' },
  RequestKeyReused: {
    code: 'WALLET.REQUEST_KEY_REUSED',
    kind: 'conflict',
    when: 'a withdrawal asked under a request key (an Idempotency-Key) that already named another withdrawal: of another amount, or more than 24 hours ago; use a new key',
  },
} as const satisfies ErrorCatalogue;

/** How long a request key names its withdrawal: Stripe's idempotency keys live as long. */
export const REQUEST_KEY_LIFETIME_MS = 24 * 60 * 60 * 1_000;

/** A request key names one withdrawal, for a day: asked again for another amount, or later, it is another request. */
export class RequestKeyReused extends ConflictError {
  constructor(withdrawalId: string) {
    super(WalletErrors.RequestKeyReused, 'this request key already named another withdrawal: use a new key', { withdrawalId });
  }
}

export class NoPayoutAccount extends ConflictError {
  constructor() {
    super(WalletErrors.NoPayoutAccount, 'connect a payout account before withdrawing');
  }
}

export class PayoutsDisabled extends ConflictError {
  constructor() {
    super(WalletErrors.PayoutsDisabled, 'the payout account cannot receive payouts yet: finish its onboarding');
  }
}

export class UnderWithdrawalMinimum extends ConflictError {
  constructor(minimumPaise: Paise) {
    super(WalletErrors.UnderMinimum, `the smallest withdrawal is ₹${paiseToInrText(minimumPaise)}`, {
      minimum: paiseToInr(minimumPaise),
    });
  }
}

export class InsufficientBalance extends ConflictError {
  constructor(balancePaise: Paise) {
    super(WalletErrors.InsufficientBalance, `the wallet holds ₹${paiseToInrText(balancePaise)}`, {
      balance: paiseToInr(balancePaise),
    });
  }
}
