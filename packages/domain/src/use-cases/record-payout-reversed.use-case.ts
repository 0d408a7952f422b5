import type { Withdrawal } from '../ledger/withdrawal.ts';
import type { Paise } from '../money/money.ts';
import type { PayoutFlow } from '../application/payout-flow.ts';

const REVERSED_REASON = 'The payment processor reversed the transfer to the payout account.';

/** What the processor says of a withdrawal's transfer (`transfer.reversed`). */
export interface PayoutReversal {
  readonly withdrawalId: string;
  readonly transferId: string;
  /** How much of the transfer is reversed so far, all reversals together (Stripe's `amount_reversed`). */
  readonly reversedPaise: Paise;
}

/**
 * The processor reversed a withdrawal's transfer, in whole or in part: what is reversed goes back
 * to the wallet, each paisa once, however often and in whatever order the reports come. Null when
 * the withdrawal is not one of ours, or names another transfer: the caller acknowledges and logs it.
 */
export class RecordPayoutReversed {
  constructor(private readonly payouts: PayoutFlow) {}

  async execute(report: PayoutReversal): Promise<Withdrawal | null> {
    const withdrawal = await this.payouts.readWithdrawal(report.withdrawalId);
    if (withdrawal === null) return null;
    if (withdrawal.payoutId !== null && withdrawal.payoutId !== report.transferId) return null;
    return this.payouts.returnReversed(withdrawal, report.transferId, report.reversedPaise, REVERSED_REASON);
  }
}
