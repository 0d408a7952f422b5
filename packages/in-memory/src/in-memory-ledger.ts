import {
  assertRecordable,
  entryOf,
  paymentHeld,
  positionOf,
  walletAccount,
  walletOwnerOf,
  type AccountEntry,
  type Escrow,
  type Paise,
  type AccountPosition,
  type Ledger,
  type RecordedTransfers,
  isAfterInNewestFirst,
  type PageRequest,
  type Transfer,
} from '@skillhouse/domain';

/** What an escrow's claim tells the ledger: the claim is the payment it holds. */
export interface PaymentsHeld {
  /** Called in the same step as the claim is kept, so neither is ever seen without the other. */
  holdPaymentOf(escrow: Escrow): void;
}

/**
 * Transfers keyed by id (the unique index), indexed by account, escrow and withdrawal in the order
 * recorded: a read touches only its account's, escrow's or withdrawal's transfers. An escrow's
 * payment held comes in with its claim (`holdPaymentOf`), as the real store reads it from the claim.
 */
export class InMemoryLedger implements Ledger, PaymentsHeld {
  private readonly transfersById = new Map<string, Transfer>();
  private readonly byAccount = new Map<string, Transfer[]>();
  private readonly byEscrow = new Map<string, Transfer[]>();
  private readonly byWithdrawal = new Map<string, Transfer[]>();

  async record(transfers: readonly Transfer[]): Promise<RecordedTransfers> {
    for (const transfer of transfers) assertRecordable(transfer);
    const recorded: Transfer[] = [];
    const existing: Transfer[] = [];
    for (const transfer of transfers) {
      const first = this.transfersById.get(transfer.id);
      if (first !== undefined) {
        existing.push(first);
        continue;
      }
      recorded.push(this.keep(transfer));
    }
    return { recorded, existing };
  }

  holdPaymentOf(escrow: Escrow): void {
    const held = paymentHeld(escrow);
    if (!this.transfersById.has(held.id)) this.keep(held);
  }

  private keep(stored: Transfer): Transfer {
    this.transfersById.set(stored.id, stored);
    transfersIn(this.byAccount, stored.debitAccount).push(stored);
    transfersIn(this.byAccount, stored.creditAccount).push(stored);
    if (stored.escrowId !== null) transfersIn(this.byEscrow, stored.escrowId).push(stored);
    if (stored.withdrawalId !== null) transfersIn(this.byWithdrawal, stored.withdrawalId).push(stored);
    return stored;
  }

  async listByAccount(account: string, limit: number): Promise<readonly Transfer[]> {
    return newestFirst(this.byAccount.get(account) ?? []).slice(0, limit);
  }

  async listByEscrow(escrowId: string): Promise<readonly Transfer[]> {
    return oldestFirst(this.byEscrow.get(escrowId) ?? []);
  }

  async listByWithdrawals(withdrawalIds: readonly string[]): Promise<readonly Transfer[]> {
    return oldestFirst([...new Set(withdrawalIds)].flatMap((id) => this.byWithdrawal.get(id) ?? []));
  }

  async listWithdrawalDebits(userId: string, page: PageRequest): Promise<readonly Transfer[]> {
    const wallet = walletAccount(userId);
    const withdrawalIdOf = (transfer: Transfer) => transfer.withdrawalId ?? '';
    return (this.byAccount.get(wallet) ?? [])
      .filter((transfer) => transfer.debitAccount === wallet && transfer.kind === 'withdrawal')
      .filter((transfer) => isAfterInNewestFirst(transfer.at, withdrawalIdOf(transfer), page.after))
      .sort(
        (a, b) =>
          b.at.getTime() - a.at.getTime() || (withdrawalIdOf(a) < withdrawalIdOf(b) ? 1 : withdrawalIdOf(a) > withdrawalIdOf(b) ? -1 : 0),
      )
      .slice(0, page.limit);
  }

  async positionOf(account: string): Promise<AccountPosition> {
    return positionOf(account, this.byAccount.get(account) ?? []);
  }

  async listAfter(afterId: string | null, limit: number): Promise<readonly Transfer[]> {
    const ids = [...this.transfersById.keys()].filter((id) => afterId === null || id > afterId).sort();
    return ids.slice(0, limit).flatMap((id) => {
      const transfer = this.transfersById.get(id);
      return transfer === undefined ? [] : [transfer];
    });
  }

  /** In insertion order. */
  transfers(): Transfer[] {
    return [...this.transfersById.values()];
  }

  /** For tests: the movements of every wallet, in insertion order, each with the wallet's owner. */
  walletEntries(): (AccountEntry & { readonly ownerId: string })[] {
    return this.transfers().flatMap((transfer) => {
      const ownerId = walletOwnerOf(transfer.creditAccount) ?? walletOwnerOf(transfer.debitAccount);
      return ownerId === null ? [] : [{ ...entryOf(walletAccount(ownerId), transfer), ownerId }];
    });
  }

  /** For tests: the balance of a user's wallet. */
  async walletBalanceOf(userId: string): Promise<Paise> {
    return positionOf(walletAccount(userId), this.transfersById.values()).balancePaise;
  }
}

function transfersIn(index: Map<string, Transfer[]>, key: string): Transfer[] {
  let transfers = index.get(key);
  if (transfers === undefined) index.set(key, (transfers = []));
  return transfers;
}

/** By time, then id, as the Mongo adapter sorts. */
function oldestFirst(transfers: readonly Transfer[]): Transfer[] {
  return [...transfers].sort((a, b) => a.at.getTime() - b.at.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

function newestFirst(transfers: readonly Transfer[]): Transfer[] {
  return oldestFirst(transfers).toReversed();
}
