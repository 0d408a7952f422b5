import type { Paise } from '../money/money.ts';
import { assert } from '../shared/domain-error.ts';
import { PLATFORM_ACCOUNTS, walletAccount, walletOwnerOf, type Transfer } from './ledger.ts';

/**
 * A withdrawal is its transfers: the wallet's debit (which claims it), then either its payout by
 * the processor or its return to the wallet (a payout refused); a payout sent may then be reversed
 * by the processor, in one or several parts. It is `returned` once all of its money is back.
 */
export const WITHDRAWAL_STATUSES = ['pending', 'paid_out', 'returned'] as const;
export type WithdrawalStatus = (typeof WITHDRAWAL_STATUSES)[number];

export interface Withdrawal {
  readonly id: string;
  readonly userId: string;
  readonly amountPaise: Paise;
  readonly status: WithdrawalStatus;
  readonly requestedAt: Date;
  /** The processor's transfer to the freelancer's connected account, once sent. */
  readonly payoutId: string | null;
  readonly paidOutAt: Date | null;
  /** How much came back to the wallet: all of it when `returned`, part of it after a partial reversal. */
  readonly returnedPaise: Paise;
  /** When money last came back to the wallet, and why. */
  readonly returnedAt: Date | null;
  readonly returnReason: string | null;
}

/**
 * Every wallet debit's id starts with this: walking the ledger in id order from it (`Ledger.listAfter`)
 * meets every withdrawal's debit, and leaves the wallets' debits once an id no longer starts so.
 */
export const WALLET_DEBIT_ID_PREFIX = 'wallet:';

/**
 * A wallet's n-th debit: the id every withdrawal decided on the same position competes for, so two
 * withdrawals that read the same balance cannot both debit it (the unique id lets one in).
 */
export function walletDebitTransferId(userId: string, debitNumber: number): string {
  return `${WALLET_DEBIT_ID_PREFIX}${userId}:debit:${debitNumber}`;
}

export function payoutTransferId(withdrawalId: string): string {
  return `withdrawal:${withdrawalId}:paid-out`;
}

export function returnTransferId(withdrawalId: string): string {
  return `withdrawal:${withdrawalId}:returned`;
}

/**
 * The reversal that brings a withdrawal's returned money beyond `returnedBeforePaise`: every report
 * decided on the same amount already returned competes for this id, so two reports of one reversal,
 * or of two reversals read at once, cannot both credit the wallet (as `walletDebitTransferId`).
 */
export function reversalTransferId(withdrawalId: string, returnedBeforePaise: Paise): string {
  return `withdrawal:${withdrawalId}:reversed-after:${returnedBeforePaise}`;
}

/** The processor's idempotency key for a withdrawal's payout: however often it is sent, it pays once. */
export function payoutIdempotencyKey(withdrawalId: string): string {
  return `withdrawal-${withdrawalId}-payout`;
}

export function withdrawalDebit(input: {
  readonly userId: string;
  readonly withdrawalId: string;
  readonly amountPaise: Paise;
  readonly debitNumber: number;
  readonly at: Date;
}): Transfer {
  return {
    id: walletDebitTransferId(input.userId, input.debitNumber),
    debitAccount: walletAccount(input.userId),
    creditAccount: PLATFORM_ACCOUNTS.payoutsInTransit,
    amountPaise: input.amountPaise,
    kind: 'withdrawal',
    escrowId: null,
    contractId: null,
    withdrawalId: input.withdrawalId,
    externalId: null,
    description: 'Withdrawal to the payout account',
    at: input.at,
  };
}

export function debitGivenBackTransferId(withdrawalId: string, debitId: string): string {
  return `withdrawal:${withdrawalId}:debit-given-back:${debitId}`;
}

/** A wallet debit's number, from its id (`walletDebitTransferId`). */
function debitNumberOf(debit: Transfer): number {
  return Number(debit.id.slice(debit.id.lastIndexOf(':') + 1));
}

/** Each withdrawal's debit that is the withdrawal (its lowest-numbered), by withdrawal id: any other is a surplus. */
export function firstDebitIdsOf(transfers: readonly Transfer[]): Map<string, string> {
  const first = new Map<string, Transfer>();
  for (const transfer of transfers) {
    if (transfer.kind !== 'withdrawal' || transfer.withdrawalId === null) continue;
    const known = first.get(transfer.withdrawalId);
    if (known === undefined || debitNumberOf(transfer) < debitNumberOf(known)) first.set(transfer.withdrawalId, transfer);
  }
  return new Map([...first].map(([withdrawalId, debit]) => [withdrawalId, debit.id]));
}

/**
 * The withdrawals' debits beyond their first that are not given back yet. Only two runs of one
 * withdrawal under one request key, the first outliving its key's claim, can make a second: the
 * numbered debit is unique per wallet, not per withdrawal. Every run, and recovery, gives the same
 * ones back, each under an id of its own, so each once.
 */
export function surplusDebitsOf(transfers: readonly Transfer[]): Transfer[] {
  const firstDebits = firstDebitIdsOf(transfers);
  const givenBack = new Set(transfers.filter((transfer) => transfer.kind === 'withdrawal_debit_given_back').map((transfer) => transfer.id));
  return transfers.filter(
    (transfer) =>
      transfer.kind === 'withdrawal' &&
      transfer.withdrawalId !== null &&
      firstDebits.get(transfer.withdrawalId) !== transfer.id &&
      !givenBack.has(debitGivenBackTransferId(transfer.withdrawalId, transfer.id)),
  );
}

/** A surplus debit back to its wallet, whole, from transit: the withdrawal keeps its first debit. */
export function surplusDebitGivenBack(debit: Transfer, at: Date): Transfer {
  assert(debit.kind === 'withdrawal' && debit.withdrawalId !== null, 'only a withdrawal debit is given back');
  return {
    id: debitGivenBackTransferId(debit.withdrawalId, debit.id),
    debitAccount: PLATFORM_ACCOUNTS.payoutsInTransit,
    creditAccount: debit.debitAccount,
    amountPaise: debit.amountPaise,
    kind: 'withdrawal_debit_given_back',
    escrowId: null,
    contractId: null,
    withdrawalId: debit.withdrawalId,
    externalId: debit.id,
    description: 'A second debit of the same withdrawal, given back',
    at,
  };
}

/** The money left through the processor to the connected account. */
export function withdrawalPaidOut(withdrawal: Withdrawal, payoutId: string, at: Date): Transfer {
  return {
    id: payoutTransferId(withdrawal.id),
    debitAccount: PLATFORM_ACCOUNTS.payoutsInTransit,
    creditAccount: PLATFORM_ACCOUNTS.processor,
    amountPaise: withdrawal.amountPaise,
    kind: 'withdrawal_paid_out',
    escrowId: null,
    contractId: null,
    withdrawalId: withdrawal.id,
    externalId: payoutId,
    description: 'Paid out to the connected account',
    at,
  };
}

/** Back to the wallet, whole, from transit: the payout was refused, or never sent. */
export function withdrawalReturned(withdrawal: Withdrawal, reason: string, at: Date): Transfer {
  return {
    id: returnTransferId(withdrawal.id),
    debitAccount: PLATFORM_ACCOUNTS.payoutsInTransit,
    creditAccount: walletAccount(withdrawal.userId),
    amountPaise: withdrawal.amountPaise,
    kind: 'withdrawal_returned',
    escrowId: null,
    contractId: null,
    withdrawalId: withdrawal.id,
    externalId: null,
    description: reason,
    at,
  };
}

/** Part (or all) of a payout the processor reversed, back from the processor to the wallet. */
export function withdrawalReversed(withdrawal: Withdrawal, amountPaise: Paise, reason: string, at: Date): Transfer {
  return {
    id: reversalTransferId(withdrawal.id, withdrawal.returnedPaise),
    debitAccount: PLATFORM_ACCOUNTS.processor,
    creditAccount: walletAccount(withdrawal.userId),
    amountPaise,
    kind: 'withdrawal_returned',
    escrowId: null,
    contractId: null,
    withdrawalId: withdrawal.id,
    externalId: withdrawal.payoutId,
    description: reason,
    at,
  };
}

/** The withdrawals these transfers record, in the order they were requested; transfers of no withdrawal are ignored. */
export function withdrawalsOf(transfers: readonly Transfer[]): Withdrawal[] {
  const byId = new Map<string, Withdrawal>();
  const firstDebits = firstDebitIdsOf(transfers);
  const ordered = [...transfers].sort((a, b) => kindOrder(a) - kindOrder(b) || a.at.getTime() - b.at.getTime());
  for (const transfer of ordered) {
    const { withdrawalId } = transfer;
    if (withdrawalId === null) continue;
    const known = byId.get(withdrawalId);
    if (transfer.kind === 'withdrawal') {
      const userId = walletOwnerOf(transfer.debitAccount);
      if (userId === null) continue;
      // A surplus debit (surplusDebitsOf) is not the withdrawal: its first debit is.
      if (firstDebits.get(withdrawalId) !== transfer.id) continue;
      byId.set(withdrawalId, {
        id: withdrawalId,
        userId,
        amountPaise: transfer.amountPaise,
        status: 'pending',
        requestedAt: transfer.at,
        payoutId: null,
        paidOutAt: null,
        returnedPaise: 0,
        returnedAt: null,
        returnReason: null,
      });
    } else if (known !== undefined && transfer.kind === 'withdrawal_paid_out') {
      byId.set(withdrawalId, { ...known, status: 'paid_out', payoutId: transfer.externalId, paidOutAt: transfer.at });
    } else if (known !== undefined && transfer.kind === 'withdrawal_returned') {
      const returnedPaise = known.returnedPaise + transfer.amountPaise;
      const status = returnedPaise >= known.amountPaise ? 'returned' : known.status;
      byId.set(withdrawalId, { ...known, status, returnedPaise, returnedAt: transfer.at, returnReason: transfer.description });
    }
  }
  return [...byId.values()].sort((a, b) => a.requestedAt.getTime() - b.requestedAt.getTime() || a.id.localeCompare(b.id));
}

/** A debit before its payout, a payout before its returns (these by time), whatever the order they were read in. */
function kindOrder(transfer: Transfer): number {
  if (transfer.kind === 'withdrawal') return 0;
  return transfer.kind === 'withdrawal_paid_out' ? 1 : 2;
}
