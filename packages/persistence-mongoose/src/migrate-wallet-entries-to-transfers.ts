import {
  foldEscrow,
  freelancerPayoutTransferId,
  PLATFORM_ACCOUNTS,
  resolutionTransfers,
  walletAccount,
  type Transfer,
} from '@skillhouse/domain';
import { escrowFromDocument } from './escrow-documents.ts';
import { forEachBatchById, runOnce } from './migration-runs.ts';
import type { PersistenceModels } from './models.ts';
import type { MongoEscrowRepository } from './mongo-escrow-repository.ts';
import type { MongoLedger } from './mongo-ledger.ts';
import { StoredFields } from './stored-values.ts';

/** Recorded in `migrations` once every wallet entry and escrow has its transfers. */
export const LEDGER_TRANSFERS_MIGRATION_ID = 'wallet-entries-to-transfers';

const BATCH_SIZE = 100;

export interface LedgerTransfersMigration {
  /** Escrows walked, each given the transfers its stream implies. */
  readonly escrows: number;
  /** Old wallet entries read. */
  readonly walletEntries: number;
  /** Transfers written by this run (those already there are not counted). */
  readonly transfersWritten: number;
}

/**
 * Brings a database written before the double-entry ledger to it. Every escrow gets the transfers
 * its stream implies (its payment held is its claim, read by the ledger; once settled, the fee, the
 * freelancer's share and the client's share are written), under the ids the live code uses: the freelancer's share keeps the idempotency
 * key of the old wallet entry, so the wallet is credited once whoever writes it first. An old entry
 * that no escrow explains (none should exist) is carried in from the opening-balances account under
 * its own key. Only inserts under fixed ids: a second run, even alongside the first or alongside
 * live traffic, writes nothing twice; it runs once (`runOnce`). The old `ledger_entries` stay as they were.
 */
export async function migrateWalletEntriesToTransfers(
  models: Pick<PersistenceModels, 'escrows' | 'ledgerEntries' | 'migrations'>,
  repositories: { readonly escrows: MongoEscrowRepository; readonly ledger: MongoLedger },
): Promise<LedgerTransfersMigration | null> {
  return runOnce(models.migrations, LEDGER_TRANSFERS_MIGRATION_ID, async () => {
    const escrows = await writeEscrowTransfers(models, repositories);
    const entries = await carryInUnexplainedEntries(models, repositories.ledger);
    return { escrows: escrows.walked, walletEntries: entries.read, transfersWritten: escrows.written + entries.written };
  });
}

async function writeEscrowTransfers(
  models: Pick<PersistenceModels, 'escrows' | 'ledgerEntries'>,
  repositories: { readonly escrows: MongoEscrowRepository; readonly ledger: MongoLedger },
): Promise<{ walked: number; written: number }> {
  let walked = 0;
  let written = 0;
  await forEachBatchById(models.escrows, BATCH_SIZE, async (documents) => {
    const escrows = documents.map(escrowFromDocument);
    const oldKeys = new Set(
      (await models.ledgerEntries.find({ escrowId: { $in: escrows.map((escrow) => escrow.id) } }, { idempotencyKey: 1 }).lean()).map(
        (entry) => StoredFields.of(entry, 'ledger_entries').text('idempotencyKey'),
      ),
    );
    const transfers: Transfer[] = [];
    for (const escrow of escrows) {
      const state = foldEscrow(
        escrow,
        (await repositories.escrows.read(escrow.id)).map(({ event }) => event),
      );
      // The payment held is the escrow's claim (the ledger reads it from `escrows`): only a
      // resolution's transfers are written, once settled, or once credited by the old code though
      // not yet settled (its resolution's money has started to move).
      const { resolution } = state;
      if (resolution !== null && (state.settledAt !== null || oldKeys.has(freelancerPayoutTransferId(escrow.id, resolution.kind)))) {
        transfers.push(...resolutionTransfers(escrow, resolution));
      }
      walked += 1;
    }
    written += (await repositories.ledger.record(transfers)).recorded.length;
  });
  return { walked, written };
}

async function carryInUnexplainedEntries(
  models: Pick<PersistenceModels, 'ledgerEntries'>,
  ledger: MongoLedger,
): Promise<{ read: number; written: number }> {
  let read = 0;
  let written = 0;
  await forEachBatchById(models.ledgerEntries, BATCH_SIZE, async (documents) => {
    read += documents.length;
    written += (await ledger.record(documents.map(openingTransferOf))).recorded.length;
  });
  return { read, written };
}

function openingTransferOf(document: unknown): Transfer {
  const key = StoredFields.of(document, 'ledger_entries').text('idempotencyKey');
  const fields = StoredFields.of(document, `ledger_entries/${key}`);
  const wallet = walletAccount(fields.text('ownerId'));
  const credit = fields.oneOf('direction', ['credit', 'debit']) === 'credit';
  return {
    id: key,
    debitAccount: credit ? PLATFORM_ACCOUNTS.openingBalances : wallet,
    creditAccount: credit ? wallet : PLATFORM_ACCOUNTS.openingBalances,
    amountPaise: fields.paise('amountPaise'),
    kind: 'opening_balance',
    escrowId: fields.text('escrowId'),
    contractId: fields.textOrNull('contractId'),
    withdrawalId: null,
    externalId: null,
    description: fields.text('description'),
    at: fields.date('at'),
  };
}
