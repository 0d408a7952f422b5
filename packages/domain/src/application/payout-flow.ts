import {
  payoutIdempotencyKey,
  withdrawalPaidOut,
  withdrawalReturned,
  withdrawalReversed,
  surplusDebitGivenBack,
  surplusDebitsOf,
  withdrawalsOf,
  type Withdrawal,
} from '../ledger/withdrawal.ts';
import type { Paise } from '../money/money.ts';
import { PaymentGatewayError } from '../payment/payment.errors.ts';
import { payoutTransferGroup } from '../payout/payout-account.ts';
import { TooManyWriters } from '../shared/concurrency.errors.ts';
import { assert } from '../shared/domain-error.ts';
import { APPEND_ATTEMPTS_MAX } from './stream-append.ts';
import type { MarketplacePorts } from './marketplace-ports.ts';

/** Why a withdrawal went back to the wallet when its payout account is gone. */
const NO_ACCOUNT_REASON = 'The payout account is gone: the withdrawal went back to the wallet.';

export interface PayoutAttempt {
  readonly withdrawal: Withdrawal;
  /** False when the processor could not be reached: the withdrawal stays pending for recovery. */
  readonly finished: boolean;
}

/**
 * Carries a withdrawal whose wallet debit is recorded to its end: the processor's transfer to the
 * connected account (under the withdrawal's idempotency key and transfer group), then the
 * `paid-out` transfer; or, when the processor refuses for good, the `returned` transfer that puts
 * the money back in the wallet. Both ids are fixed by the withdrawal, and only one of the two is
 * ever written (whichever was first, read back), so the live path and recovery may both run it.
 */
export class PayoutFlow {
  constructor(private readonly ports: Pick<MarketplacePorts, 'ledger' | 'payoutAccounts' | 'payments' | 'clock'>) {}

  async readWithdrawal(withdrawalId: string): Promise<Withdrawal | null> {
    const [withdrawal] = withdrawalsOf(await this.ports.ledger.listByWithdrawals([withdrawalId]));
    return withdrawal ?? null;
  }

  /**
   * The withdrawal, once any surplus debit of it is given back to the wallet (surplusDebitsOf: two
   * runs under one request key, the first outliving its key's claim, each took a numbered debit).
   */
  async withdrawalGivingBackSurplus(withdrawalId: string): Promise<Withdrawal | null> {
    const transfers = await this.ports.ledger.listByWithdrawals([withdrawalId]);
    const surplus = surplusDebitsOf(transfers);
    if (surplus.length > 0) {
      const at = this.ports.clock.now();
      await this.ports.ledger.record(surplus.map((debit) => surplusDebitGivenBack(debit, at)));
    }
    const [withdrawal] = withdrawalsOf(transfers);
    return withdrawal ?? null;
  }

  /** Recovery's entry: a withdrawal whose debit never landed has nothing to finish. */
  async advance(withdrawalId: string): Promise<Withdrawal | null> {
    const withdrawal = await this.withdrawalGivingBackSurplus(withdrawalId);
    if (withdrawal?.status !== 'pending') return withdrawal;
    const attempt = await this.payOut(withdrawal);
    if (!attempt.finished) throw new PaymentGatewayError('the payout could not be sent yet', { withdrawalId });
    return attempt.withdrawal;
  }

  async payOut(withdrawal: Withdrawal): Promise<PayoutAttempt> {
    assert(withdrawal.status === 'pending', 'only a pending withdrawal is paid out');
    const account = await this.ports.payoutAccounts.findByUser(withdrawal.userId);
    if (account === null) return { withdrawal: await this.giveBack(withdrawal, NO_ACCOUNT_REASON), finished: true };
    let outcome;
    try {
      outcome = await this.ports.payments.sendPayout({
        withdrawalId: withdrawal.id,
        userId: withdrawal.userId,
        accountId: account.accountId,
        amountPaise: withdrawal.amountPaise,
        idempotencyKey: payoutIdempotencyKey(withdrawal.id),
        transferGroup: payoutTransferGroup(withdrawal.id),
      });
    } catch (error) {
      if (error instanceof PaymentGatewayError) return { withdrawal, finished: false };
      throw error;
    }
    if (outcome.outcome === 'refused') return { withdrawal: await this.giveBack(withdrawal, outcome.reason), finished: true };
    await this.ports.ledger.record([withdrawalPaidOut(withdrawal, outcome.payoutId, this.ports.clock.now())]);
    return { withdrawal: await this.reread(withdrawal), finished: true };
  }

  /** Puts the money of a withdrawal never paid out back in the wallet, once (the id is the withdrawal's): a refused payout. */
  async giveBack(withdrawal: Withdrawal, reason: string): Promise<Withdrawal> {
    if (withdrawal.status === 'returned') return withdrawal;
    assert(withdrawal.status === 'pending', 'only a withdrawal not paid out is given back whole');
    await this.ports.ledger.record([withdrawalReturned(withdrawal, reason, this.ports.clock.now())]);
    return this.reread(withdrawal);
  }

  /**
   * The processor reports that `reversedPaise` of the payout `payoutId` is reversed so far (Stripe's
   * `amount_reversed`, which only grows): the wallet gets back what it has not got yet. A report
   * on a withdrawal still pending is proof of its payout, which is recorded first. Each credit's id
   * is the amount returned before it (`reversalTransferId`): a report decided on a stale amount
   * loses the id to the one that was not, reads the withdrawal again and decides again, so reports
   * in any order, repeated or at once, return each paisa once.
   */
  async returnReversed(withdrawal: Withdrawal, payoutId: string, reversedPaise: Paise, reason: string): Promise<Withdrawal> {
    let current = withdrawal;
    if (current.status === 'pending') {
      await this.ports.ledger.record([withdrawalPaidOut(current, payoutId, this.ports.clock.now())]);
      current = await this.reread(current);
    }
    for (let attempt = 0; attempt < APPEND_ATTEMPTS_MAX; attempt += 1) {
      const owedPaise = Math.min(reversedPaise, current.amountPaise) - current.returnedPaise;
      if (owedPaise <= 0) return current;
      const { recorded } = await this.ports.ledger.record([withdrawalReversed(current, owedPaise, reason, this.ports.clock.now())]);
      current = await this.reread(current);
      if (recorded.length > 0) return current;
    }
    throw new TooManyWriters('withdrawal', { withdrawalId: withdrawal.id });
  }

  private async reread(withdrawal: Withdrawal): Promise<Withdrawal> {
    const current = await this.readWithdrawal(withdrawal.id);
    assert(current !== null, 'a recorded withdrawal reads back');
    return current;
  }
}
