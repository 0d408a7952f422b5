import type { Withdrawal } from '../ledger/withdrawal.ts';
import type { PayoutFlow } from '../application/payout-flow.ts';

const REVERSED_REASON = 'The payment processor reversed the transfer to the payout account.';

/**
 * The processor reversed a withdrawal's transfer (`transfer.reversed`): the money goes back to the
 * wallet, once (the return's id is the withdrawal's, however often the event comes). Null when the
 * withdrawal is not one of ours, or names another transfer: the caller acknowledges and logs it.
 */
export class RecordPayoutReversed {
  constructor(private readonly payouts: PayoutFlow) {}

  async execute(report: { withdrawalId: string; transferId: string }): Promise<Withdrawal | null> {
    const withdrawal = await this.payouts.readWithdrawal(report.withdrawalId);
    if (withdrawal === null) return null;
    if (withdrawal.payoutId !== null && withdrawal.payoutId !== report.transferId) return null;
    return this.payouts.giveBack(withdrawal, REVERSED_REASON);
  }
}
