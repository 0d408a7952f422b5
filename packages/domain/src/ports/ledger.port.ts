import type { AccountPosition, Transfer } from '../ledger/ledger.ts';
import type { PageRequest } from '../shared/page.ts';

export interface RecordedTransfers {
  /** Those this call inserted. */
  readonly recorded: readonly Transfer[];
  /** Those whose id was already taken: the transfer first recorded under it, which stands. */
  readonly existing: readonly Transfer[];
}

/**
 * The double-entry ledger: transfers, unique by id, never updated or deleted. Balances are
 * derived from them.
 *
 * Every escrow claimed (`EscrowRepository.claim`) is its payment held, `paymentHeld(escrow)`: the
 * ledger reads that transfer from the claim, in every read, from the moment of the claim, and
 * nobody records it. One payment_held stored under the same id (written before the ledger derived
 * them) is the same transfer, read once.
 */
export interface Ledger {
  /**
   * Inserts every transfer whose id is free, in one write; a taken id is a no-op that answers the
   * transfer recorded first. Refuses a transfer `assertRecordable` refuses (a payment held among
   * them), recording none of the batch.
   */
  record(transfers: readonly Transfer[]): Promise<RecordedTransfers>;
  /** Transfers debiting or crediting `account`, newest first, bounded. */
  listByAccount(account: string, limit: number): Promise<readonly Transfer[]>;
  /** An escrow's transfers, oldest first. */
  listByEscrow(escrowId: string): Promise<readonly Transfer[]>;
  /** The transfers of these withdrawals, oldest first. */
  listByWithdrawals(withdrawalIds: readonly string[]): Promise<readonly Transfer[]>;
  /**
   * A user's withdrawals by the wallet debits that claimed them (kind `withdrawal`), newest first by
   * (`at`, `withdrawalId`), one page: after `page.after` (a withdrawal's time and id), at most `page.limit`.
   */
  listWithdrawalDebits(userId: string, page: PageRequest): Promise<readonly Transfer[]>;
  /** Balance and number of debits of `account`, from one read. */
  positionOf(account: string): Promise<AccountPosition>;
  /** Every transfer in id order after `afterId` (null: from the first), bounded: how the audit walks the whole ledger. */
  listAfter(afterId: string | null, limit: number): Promise<readonly Transfer[]>;
}
