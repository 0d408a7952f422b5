import type { Paise } from '../money/money.ts';

export const LEDGER_DIRECTIONS = ['credit', 'debit'] as const;
export type LedgerDirection = (typeof LEDGER_DIRECTIONS)[number];

/**
 * One movement on a wallet. The journal is append-only and keyed by `idempotencyKey`, derived from
 * the escrow and the movement, so a replayed movement is recorded once. Balances are sums of entries.
 */
export interface LedgerEntry {
  readonly idempotencyKey: string;
  readonly ownerId: string;
  readonly amountPaise: Paise;
  readonly direction: LedgerDirection;
  readonly description: string;
  readonly contractId: string | null;
  readonly escrowId: string;
  readonly at: Date;
}

export function balanceOf(entries: readonly LedgerEntry[]): Paise {
  return entries.reduce((sum, entry) => sum + (entry.direction === 'credit' ? entry.amountPaise : -entry.amountPaise), 0);
}
