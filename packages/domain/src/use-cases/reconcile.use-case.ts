import { foldEscrow, fundingOf, type EscrowView } from '../escrow/escrow.ts';
import { reconcileEscrow, reconcileWithdrawal, type ReconciliationDifference } from '../ledger/reconciliation.ts';
import { firstDebitIdsOf, WALLET_DEBIT_ID_PREFIX, withdrawalsOf } from '../ledger/withdrawal.ts';
import { assert } from '../shared/domain-error.ts';
import { requireRole } from '../user/authorization.ts';
import type { Actor } from '../user/user.ts';
import { fundedEscrowPages } from '../application/funded-escrow-pages.ts';
import type { MarketplacePorts } from '../application/marketplace-ports.ts';

/**
 * How far back the reconciliation looks unless told: a refund can fail, and a payout be reversed,
 * days after it was made, so a daily run looks at a month, not at a day.
 */
export const RECONCILIATION_WINDOW_DAYS_DEFAULT = 30;
const WINDOW_MS_DEFAULT = RECONCILIATION_WINDOW_DAYS_DEFAULT * 24 * 60 * 60 * 1_000;
const ESCROWS_PER_PAGE = 100;
const DEBITS_PER_PAGE = 500;
/** A withdrawal has at most three transfers, and one read answers at most 500 (TRANSFERS_PER_READ_MAX). */
const WITHDRAWALS_PER_READ = 150;
/** The processor's reads made at once: enough to be quick, few enough to stay far under its rate limit. */
const PROCESSOR_READS_AT_ONCE = 4;

export interface ReconciliationReport {
  /** Escrows funded, and withdrawals requested, at or after this time were compared. */
  readonly since: Date;
  readonly escrowsChecked: number;
  readonly withdrawalsChecked: number;
  /** Every difference found, escrows first (oldest funded first), then withdrawals. */
  readonly differences: readonly ReconciliationDifference[];
}

/**
 * The reconciliation (docs/ledger.md, "Reconciliation"): each escrow funded since `since` against
 * the processor's record of its payment and refunds, each withdrawal requested since then against
 * the processor's transfers of it. Reads only: a difference is listed, never corrected, on either side.
 * A processor that cannot be reached fails the whole run (PaymentGatewayError): a partial list would
 * read as a clean one.
 */
export class Reconcile {
  constructor(private readonly ports: Pick<MarketplacePorts, 'escrows' | 'ledger' | 'payments' | 'clock'>) {}

  /** An admin asks, through the API. */
  async execute(query: { readonly actor: Actor; readonly since?: Date | undefined }): Promise<ReconciliationReport> {
    requireRole(query.actor, 'admin');
    return this.since(query.since);
  }

  /** The operators' command (`pnpm --filter @skillhouse/api reconcile`), which runs with the database's own credentials. */
  async since(since: Date = new Date(this.ports.clock.now().getTime() - WINDOW_MS_DEFAULT)): Promise<ReconciliationReport> {
    assert(!Number.isNaN(since.getTime()), 'the reconciliation starts at a valid time');
    const differences: ReconciliationDifference[] = [];
    const escrowsChecked = await this.reconcileEscrows(since, differences);
    const withdrawalsChecked = await this.reconcileWithdrawals(since, differences);
    return { since, escrowsChecked, withdrawalsChecked, differences };
  }

  private async reconcileEscrows(since: Date, differences: ReconciliationDifference[]): Promise<number> {
    let checked = 0;
    for await (const page of fundedEscrowPages(this.ports.escrows, { from: since }, ESCROWS_PER_PAGE)) {
      for (const found of await inGroups(page, (view) => this.reconcileEscrow(view))) differences.push(...found);
      checked += page.length;
    }
    return checked;
  }

  /** Decisions read the stream, and so does this: the view may lag it. */
  private async reconcileEscrow(view: EscrowView): Promise<ReconciliationDifference[]> {
    const [stored, transfers, record] = await Promise.all([
      this.ports.escrows.read(view.id),
      this.ports.ledger.listByEscrow(view.id),
      this.ports.payments.paymentRecord(view.paymentIntentId),
    ]);
    const state = foldEscrow(
      fundingOf(view),
      stored.map(({ event }) => event),
    );
    return reconcileEscrow(state, transfers, record);
  }

  /** The wallets' debits in id order (there is no index by time on them); those at or after `since` are the withdrawals compared. */
  private async reconcileWithdrawals(since: Date, differences: ReconciliationDifference[]): Promise<number> {
    let checked = 0;
    let after = WALLET_DEBIT_ID_PREFIX;
    for (;;) {
      const page = await this.ports.ledger.listAfter(after, DEBITS_PER_PAGE);
      const debits = page.filter((transfer) => transfer.id.startsWith(WALLET_DEBIT_ID_PREFIX));
      const compared = debits.filter(
        (debit) => debit.kind === 'withdrawal' && debit.withdrawalId !== null && debit.at.getTime() >= since.getTime(),
      );
      const withdrawalIds = compared.flatMap((debit) => (debit.withdrawalId === null ? [] : [debit.withdrawalId]));
      const comparedIds = new Set(compared.map((debit) => debit.id));
      for (let start = 0; start < withdrawalIds.length; start += WITHDRAWALS_PER_READ) {
        const transfers = await this.ports.ledger.listByWithdrawals(withdrawalIds.slice(start, start + WITHDRAWALS_PER_READ));
        const firstDebits = firstDebitIdsOf(transfers);
        // Each withdrawal once, at its first debit: a surplus one given back (two runs of one request key) may be on another page.
        const withdrawals = withdrawalsOf(transfers).filter((withdrawal) => comparedIds.has(firstDebits.get(withdrawal.id) ?? ''));
        const found = await inGroups(withdrawals, async (withdrawal) =>
          reconcileWithdrawal(withdrawal, await this.ports.payments.payoutRecords(withdrawal.id)),
        );
        for (const listed of found) differences.push(...listed);
        checked += withdrawals.length;
      }
      const last = page.at(-1);
      if (debits.length < page.length || page.length < DEBITS_PER_PAGE || last === undefined) return checked;
      after = last.id;
    }
  }
}

/** `compare` over `items`, PROCESSOR_READS_AT_ONCE at a time, the answers in the items' order. */
async function inGroups<T, R>(items: readonly T[], compare: (item: T) => Promise<R>): Promise<R[]> {
  const answers: R[] = [];
  for (let start = 0; start < items.length; start += PROCESSOR_READS_AT_ONCE) {
    answers.push(...(await Promise.all(items.slice(start, start + PROCESSOR_READS_AT_ONCE).map(compare))));
  }
  return answers;
}
