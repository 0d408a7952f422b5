import type { Paise } from '../money/money.ts';
import { assert } from '../shared/domain-error.ts';

/**
 * The accounts of the double-entry ledger. Each is a name: the platform's own accounts are fixed,
 * an escrow's and a wallet's carry the escrow's or the user's id. An account's balance is derived
 * from the transfers (credits minus debits); nothing stores it.
 */
export const PLATFORM_ACCOUNTS = {
  /** Money the payment processor holds for the platform: debited when a payment comes in, credited when money leaves through it. */
  processor: 'processor',
  /** The platform's fees, kept from resolved escrows. */
  platformFees: 'platform-fees',
  /** What went back to clients through the processor. */
  clientRefunds: 'client-refunds',
  /** Withdrawals debited from a wallet and not yet paid out, or paid out and still reversible. */
  payoutsInTransit: 'payouts-in-transit',
  /**
   * Money the processor gave back on its own (a refund made outside this service, a lost chargeback):
   * debited when it happens, credited from the escrow when an unresolved escrow covers it. What stays
   * is the platform's loss.
   */
  platformLosses: 'platform-losses',
  /** Client refunds the processor reported failed: back at the processor, owed to the client until retried or settled by hand. */
  refundsFailed: 'refunds-failed',
  /** What the card network took back from the platform in lost chargebacks. */
  chargebacks: 'chargebacks',
  /** Wallet balances recorded before the double-entry ledger, carried in by the migration. */
  openingBalances: 'opening-balances',
} as const;

const ESCROW_PREFIX = 'escrow:';
const WALLET_PREFIX = 'wallet:';

export function escrowAccount(escrowId: string): string {
  return `${ESCROW_PREFIX}${escrowId}`;
}

export function walletAccount(userId: string): string {
  return `${WALLET_PREFIX}${userId}`;
}

/** The user whose wallet `account` is, or null for any other account. */
export function walletOwnerOf(account: string): string | null {
  return account.startsWith(WALLET_PREFIX) ? account.slice(WALLET_PREFIX.length) : null;
}

export function escrowOfAccount(account: string): string | null {
  return account.startsWith(ESCROW_PREFIX) ? account.slice(ESCROW_PREFIX.length) : null;
}

/** What a transfer records; docs/ledger.md tells each one's accounts and meaning. */
export const TRANSFER_KINDS = [
  'payment_held',
  'platform_fee',
  'freelancer_payout',
  'client_refund',
  'withdrawal',
  'withdrawal_paid_out',
  'withdrawal_returned',
  'withdrawal_debit_given_back',
  'opening_balance',
  'client_refund_failed',
  'client_refund_retried',
  'client_refund_settled_by_hand',
  'outside_refund',
  'chargeback_lost',
  'loss_covered',
] as const;
export type TransferKind = (typeof TRANSFER_KINDS)[number];

/**
 * One movement of money: `amountPaise` leaves `debitAccount` and arrives on `creditAccount`. Its
 * `id` is its idempotency key, derived from what caused it, and unique: a transfer written again
 * (a retry, recovery, a second process) is recorded once. Transfers are never updated or deleted.
 */
export interface Transfer {
  readonly id: string;
  readonly debitAccount: string;
  readonly creditAccount: string;
  readonly amountPaise: Paise;
  readonly kind: TransferKind;
  readonly escrowId: string | null;
  readonly contractId: string | null;
  readonly withdrawalId: string | null;
  /** The processor's object that moved the money, when one did (a payout's transfer). */
  readonly externalId: string | null;
  readonly description: string;
  readonly at: Date;
}

/**
 * What `Ledger.record` takes: a transfer of a positive whole number of paise between two different
 * accounts, of a kind the ledger stores (a payment held is its escrow's claim, never recorded).
 */
export function assertRecordable(transfer: Transfer): void {
  assert(
    Number.isSafeInteger(transfer.amountPaise) && transfer.amountPaise > 0,
    `transfer ${transfer.id} must move a positive integer of paise, got ${transfer.amountPaise}`,
  );
  assert(transfer.debitAccount !== transfer.creditAccount, `transfer ${transfer.id} must move money between two accounts`);
  assert(transfer.kind !== 'payment_held', `transfer ${transfer.id}: a payment held is its escrow's claim, not recorded`);
}

/** Credits minus debits of `account` over `transfers`. */
export function balanceOf(account: string, transfers: Iterable<Transfer>): Paise {
  let balance = 0;
  for (const transfer of transfers) {
    if (transfer.creditAccount === account) balance += transfer.amountPaise;
    if (transfer.debitAccount === account) balance -= transfer.amountPaise;
  }
  return balance;
}

/**
 * An account's balance and how many transfers debited it, read together: a wallet's debits are
 * numbered by that count, so a debit decided on this position claims the next number.
 */
export interface AccountPosition {
  readonly balancePaise: Paise;
  readonly debits: number;
}

export function positionOf(account: string, transfers: Iterable<Transfer>): AccountPosition {
  let debits = 0;
  let balancePaise = 0;
  for (const transfer of transfers) {
    if (transfer.creditAccount === account) balancePaise += transfer.amountPaise;
    if (transfer.debitAccount === account) {
      balancePaise -= transfer.amountPaise;
      debits += 1;
    }
  }
  return { balancePaise, debits };
}

/** A transfer as the owner of `account` sees it: money in or out. */
export interface AccountEntry {
  readonly transferId: string;
  readonly kind: TransferKind;
  readonly amountPaise: Paise;
  readonly direction: 'credit' | 'debit';
  readonly description: string;
  readonly contractId: string | null;
  readonly escrowId: string | null;
  readonly withdrawalId: string | null;
  readonly at: Date;
}

export function entryOf(account: string, transfer: Transfer): AccountEntry {
  return {
    transferId: transfer.id,
    kind: transfer.kind,
    amountPaise: transfer.amountPaise,
    direction: transfer.creditAccount === account ? 'credit' : 'debit',
    description: transfer.description,
    contractId: transfer.contractId,
    escrowId: transfer.escrowId,
    withdrawalId: transfer.withdrawalId,
    at: transfer.at,
  };
}
