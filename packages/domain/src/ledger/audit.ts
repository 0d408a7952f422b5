import type { EscrowEvent, EscrowState } from '../escrow/escrow.ts';
import { escrowAccount, walletOwnerOf, type Transfer } from './ledger.ts';
import { transfersDueFor } from './escrow-transfers.ts';

/** One broken invariant of the books: which rule, about what, and what was found. */
export interface Violation {
  readonly rule: string;
  readonly subject: string;
  readonly message: string;
}

/**
 * Invariants of the whole ledger, folded transfer by transfer so the whole ledger is never held:
 * every transfer moves a positive whole number of paise between two accounts, the balances sum
 * to zero, no wallet ends negative, each withdrawal debits its wallet once, and no withdrawal gets
 * back more than it took.
 */
export class LedgerAudit {
  private readonly balances = new Map<string, number>();
  /** Per withdrawal: how many debits it has (one), what they took out of the wallet, and what came back. */
  private readonly withdrawals = new Map<string, { debits: number; taken: number; returned: number }>();
  private readonly found: Violation[] = [];

  add(transfer: Transfer): void {
    if (!Number.isSafeInteger(transfer.amountPaise) || transfer.amountPaise <= 0) {
      this.found.push({ rule: 'transfer-positive', subject: transfer.id, message: `moves ${transfer.amountPaise} paise` });
    }
    if (transfer.debitAccount === transfer.creditAccount) {
      this.found.push({ rule: 'transfer-two-accounts', subject: transfer.id, message: `debits and credits ${transfer.debitAccount}` });
    }
    this.balances.set(transfer.debitAccount, (this.balances.get(transfer.debitAccount) ?? 0) - transfer.amountPaise);
    this.balances.set(transfer.creditAccount, (this.balances.get(transfer.creditAccount) ?? 0) + transfer.amountPaise);
    const counted =
      transfer.kind === 'withdrawal' || transfer.kind === 'withdrawal_returned' || transfer.kind === 'withdrawal_debit_given_back';
    if (transfer.withdrawalId !== null && counted) {
      const sums = this.withdrawals.get(transfer.withdrawalId) ?? { debits: 0, taken: 0, returned: 0 };
      if (transfer.kind === 'withdrawal') {
        sums.debits += 1;
        sums.taken += transfer.amountPaise;
      } else if (transfer.kind === 'withdrawal_debit_given_back') {
        // A surplus debit given back (surplusDebitsOf) no longer counts as one.
        sums.debits -= 1;
        sums.taken -= transfer.amountPaise;
      } else sums.returned += transfer.amountPaise;
      this.withdrawals.set(transfer.withdrawalId, sums);
    }
  }

  violations(): Violation[] {
    const found = [...this.found];
    let total = 0;
    for (const [account, balance] of this.balances) {
      total += balance;
      if (walletOwnerOf(account) !== null && balance < 0) {
        found.push({ rule: 'wallet-not-negative', subject: account, message: `balance ${balance} paise` });
      }
    }
    if (total !== 0) found.push({ rule: 'balances-sum-to-zero', subject: 'ledger', message: `the balances sum to ${total} paise` });
    for (const [withdrawalId, { debits, taken, returned }] of this.withdrawals) {
      // Two debits of one withdrawal not given back: a run under a request key outlived its claim beside its retry, and neither gave the surplus back yet.
      if (debits > 1) {
        found.push({ rule: 'withdrawal-one-debit', subject: `withdrawal ${withdrawalId}`, message: `${debits} debits of its wallet` });
      }
      if (returned > taken) {
        found.push({
          rule: 'withdrawal-returned-within-amount',
          subject: `withdrawal ${withdrawalId}`,
          message: `${returned} paise came back to the wallet of a withdrawal of ${taken}`,
        });
      }
    }
    return found;
  }

  balanceOf(account: string): number {
    return this.balances.get(account) ?? 0;
  }
}

/**
 * Invariants of one escrow against its stream and its transfers: resolved at most once, its
 * resolution accounts for every paisa paid, it has exactly the transfers its records imply, and
 * its account holds the payment until it is settled, then nothing.
 */
export function auditEscrow(state: EscrowState, events: readonly EscrowEvent[], transfers: readonly Transfer[]): Violation[] {
  const { escrow, resolution } = state;
  const subject = `escrow ${escrow.id}`;
  const found: Violation[] = [];
  const resolutions = events.filter((event) => event.type === 'EscrowResolved').length;
  if (resolutions > 1) found.push({ rule: 'one-resolution', subject, message: `${resolutions} resolutions` });
  if (resolution !== null) {
    const accounted = resolution.clientRefundPaise + resolution.freelancerPayoutPaise + resolution.platformFeePaise;
    if (accounted !== escrow.amountPaise) {
      found.push({ rule: 'escrow-money-conserved', subject, message: `paid ${escrow.amountPaise}, resolution accounts for ${accounted}` });
    }
  }
  const recorded = new Map(transfers.map((transfer) => [transfer.id, transfer]));
  for (const due of transfersDueFor(state)) {
    const found_ = recorded.get(due.id);
    if (found_ === undefined) found.push({ rule: 'escrow-transfers', subject, message: `missing transfer ${due.id}` });
    else if (
      found_.amountPaise !== due.amountPaise ||
      found_.debitAccount !== due.debitAccount ||
      found_.creditAccount !== due.creditAccount
    ) {
      found.push({
        rule: 'escrow-transfers',
        subject,
        message: `transfer ${due.id} moves ${found_.amountPaise} paise ${found_.debitAccount} → ${found_.creditAccount}`,
      });
    }
    recorded.delete(due.id);
  }
  for (const extra of recorded.values()) {
    // A resolution's transfers written before its settlement was recorded are the settlement in progress.
    if (resolution !== null && state.settledAt === null) continue;
    found.push({ rule: 'escrow-transfers', subject, message: `unexpected transfer ${extra.id}` });
  }
  const account = escrowAccount(escrow.id);
  const held = transfers.reduce(
    (sum, transfer) =>
      sum +
      (transfer.creditAccount === account ? transfer.amountPaise : 0) -
      (transfer.debitAccount === account ? transfer.amountPaise : 0),
    0,
  );
  const expected = state.settledAt === null ? escrow.amountPaise : 0;
  if (resolution === null || state.settledAt !== null) {
    if (held !== expected) found.push({ rule: 'escrow-account', subject, message: `holds ${held} paise, should hold ${expected}` });
  }
  return found;
}
