import { walletAccount } from '../ledger/ledger.ts';
import { withdrawalDebit, withdrawalsOf, type Withdrawal } from '../ledger/withdrawal.ts';
import { inrToPaise, type Paise } from '../money/money.ts';
import {
  InsufficientBalance,
  NoPayoutAccount,
  PayoutsDisabled,
  REQUEST_KEY_LIFETIME_MS,
  RequestKeyReused,
  UnderWithdrawalMinimum,
} from '../payout/payout.errors.ts';
import { TooManyWriters } from '../shared/concurrency.errors.ts';
import { assert, DomainError } from '../shared/domain-error.ts';
import { requireRole } from '../user/authorization.ts';
import type { Actor } from '../user/user.ts';
import type { MarketplacePolicy, MarketplacePorts } from '../application/marketplace-ports.ts';
import type { PayoutFlow } from '../application/payout-flow.ts';

/** Tries at claiming the wallet's next debit before giving up: each loss means another debit landed. */
export const DEBIT_ATTEMPTS_MAX = 20;

export interface WithdrawCommand {
  readonly actor: Actor;
  readonly amount: unknown;
  /**
   * The caller's key for this request (the HTTP API passes its Idempotency-Key): asked again under
   * the same key, after a crash or a timeout, the withdrawal is the one already made, carried on, never
   * a second. The key names that withdrawal for a day: asked again for another amount, or later, it
   * is refused (RequestKeyReused), never taken for a new one.
   */
  readonly requestKey?: string;
}

/**
 * A freelancer withdraws from the wallet to the connected payout account. The wallet's next
 * numbered debit is the claim (docs/ledger.md): two withdrawals that read the same balance compete
 * for one id, the loser reads again, so the balance never goes negative with no conditional update.
 * The operation is journaled before the debit: a crash after it leaves recovery to send the payout
 * (under the withdrawal's idempotency key, so it pays once). An unreachable processor leaves the
 * withdrawal pending (202) for recovery; a refusal puts the money back in the wallet.
 *
 * A request key fixes the withdrawal's id, and a withdrawal already debited under it is carried on
 * instead of debited again. That takes one read first, since no unique key spans the wallet's
 * numbered debits and the withdrawal: the Idempotency-Key's own claim keeps two requests with one
 * key from running at once, and this read covers the one that runs again after the first died. Two
 * runs at once (the first outlived its claim) may each take a debit: each reads the withdrawal's
 * debits after its own, and the surplus one goes back to the wallet (recovery does the same).
 */
export class Withdraw {
  constructor(
    private readonly ports: Pick<MarketplacePorts, 'ledger' | 'payoutAccounts' | 'operations' | 'clock' | 'ids'>,
    private readonly policy: Pick<MarketplacePolicy, 'withdrawalMinPaise'>,
    private readonly payouts: PayoutFlow,
  ) {}

  async execute(command: WithdrawCommand): Promise<Withdrawal> {
    const { actor } = command;
    requireRole(actor, 'freelancer');
    const amountPaise = inrToPaise(command.amount, 'amount');
    const { requestKey } = command;
    const withdrawalId =
      requestKey === undefined ? this.ports.ids.newId() : this.ports.ids.idFor(`withdrawal:${actor.userId}:${requestKey}`);
    if (requestKey !== undefined) {
      const asked = await this.payouts.withdrawalGivingBackSurplus(withdrawalId);
      if (asked !== null) {
        this.requireAskedAgain(asked, amountPaise);
        return asked.status === 'pending' ? (await this.payouts.payOut(asked)).withdrawal : asked;
      }
    }
    const account = await this.ports.payoutAccounts.findByUser(actor.userId);
    if (account === null) throw new NoPayoutAccount();
    if (!account.payoutsEnabled) throw new PayoutsDisabled();
    if (amountPaise < this.policy.withdrawalMinPaise) throw new UnderWithdrawalMinimum(this.policy.withdrawalMinPaise);

    const operationId = this.ports.ids.newId();
    await this.ports.operations.open({
      id: operationId,
      subject: { type: 'withdrawal', id: withdrawalId },
      openedAt: this.ports.clock.now(),
    });
    let withdrawal: Withdrawal;
    try {
      withdrawal = await this.claimDebit(actor.userId, withdrawalId, amountPaise, requestKey !== undefined);
      // A run under the same key that outlived its claim may have debited too: the first debit is the withdrawal, any other goes back.
      if (requestKey !== undefined) {
        withdrawal = (await this.payouts.withdrawalGivingBackSurplus(withdrawalId)) ?? withdrawal;
        this.requireAskedAgain(withdrawal, amountPaise);
      }
    } catch (error) {
      // Refused before anything was written.
      if (error instanceof DomainError) await this.ports.operations.close(operationId);
      throw error;
    }
    // The other run of the same key may have paid it out already.
    const attempt = withdrawal.status === 'pending' ? await this.payouts.payOut(withdrawal) : { withdrawal, finished: true };
    if (attempt.finished) await this.ports.operations.close(operationId);
    return attempt.withdrawal;
  }

  /** A withdrawal found under the request key is this request's only when asked for the same amount within the key's day. */
  private requireAskedAgain(asked: Withdrawal, amountPaise: Paise): void {
    const expired = this.ports.clock.now().getTime() - asked.requestedAt.getTime() > REQUEST_KEY_LIFETIME_MS;
    if (asked.amountPaise !== amountPaise || expired) throw new RequestKeyReused(asked.id);
  }

  private async claimDebit(userId: string, withdrawalId: string, amountPaise: Paise, keyed: boolean): Promise<Withdrawal> {
    const account = walletAccount(userId);
    for (let attempt = 0; attempt < DEBIT_ATTEMPTS_MAX; attempt += 1) {
      const position = await this.ports.ledger.positionOf(account);
      if (position.balancePaise < amountPaise) {
        // Under a request key, the balance may be short because another run of the same key took it: that is this withdrawal.
        const made = keyed ? await this.payouts.withdrawalGivingBackSurplus(withdrawalId) : null;
        if (made !== null) {
          this.requireAskedAgain(made, amountPaise);
          return made;
        }
        throw new InsufficientBalance(position.balancePaise);
      }
      const debit = withdrawalDebit({ userId, withdrawalId, amountPaise, debitNumber: position.debits + 1, at: this.ports.clock.now() });
      const { recorded } = await this.ports.ledger.record([debit]);
      if (recorded.length === 0) continue;
      const [withdrawal] = withdrawalsOf(recorded);
      assert(withdrawal !== undefined, 'a recorded debit is a withdrawal');
      return withdrawal;
    }
    throw new TooManyWriters('wallet', { userId });
  }
}
