import { auditEscrow, foldEscrow, LedgerAudit, type Violation } from '@skillhouse/domain';
import type { Connection } from 'mongoose';
import { escrowFromDocument } from './escrow-documents.ts';
import { modelsFor } from './models.ts';
import { MongoContractRepository } from './mongo-contract-repository.ts';
import { MongoEscrowRepository } from './mongo-escrow-repository.ts';
import { MongoLedger } from './mongo-ledger.ts';
import { StoredFields } from './stored-values.ts';
import { MONEY_WRITE_CONCERN_DEFAULT } from './write-concern.ts';

const BATCH_SIZE = 200;

/**
 * Checks every invariant of the books over the whole database, changing nothing: the ledger's
 * (each transfer, balances summing to zero, no wallet negative) and each escrow's (one resolution,
 * every paisa accounted for, exactly the transfers its stream implies, its account's balance, its
 * view caught up with its stream). Reads in batches, so the database may be of any size.
 */
export async function auditDatabase(connection: Connection): Promise<Violation[]> {
  const models = modelsFor(connection);
  const ledger = new MongoLedger(models.transfers, models.escrows, MONEY_WRITE_CONCERN_DEFAULT);
  const contracts = new MongoContractRepository(models.contractEvents, models.contracts, models.escrows, MONEY_WRITE_CONCERN_DEFAULT);
  const escrows = new MongoEscrowRepository(models.escrowEvents, models.escrows, MONEY_WRITE_CONCERN_DEFAULT, contracts);
  const books = new LedgerAudit();
  for (let after: string | null = null; ;) {
    const page = await ledger.listAfter(after, BATCH_SIZE);
    if (page.length === 0) break;
    for (const transfer of page) books.add(transfer);
    after = page.at(-1)?.id ?? null;
  }
  const violations = books.violations();
  for (let after: string | null = null; ;) {
    const documents: unknown[] = await models.escrows
      .find(after === null ? {} : { _id: { $gt: after } })
      .sort({ _id: 1 })
      .limit(BATCH_SIZE)
      .lean();
    if (documents.length === 0) break;
    for (const document of documents) {
      const escrow = escrowFromDocument(document);
      const events = (await escrows.read(escrow.id)).map(({ event }) => event);
      const state = foldEscrow(escrow, events);
      violations.push(...auditEscrow(state, events, await ledger.listByEscrow(escrow.id)));
      const viewSequence = StoredFields.ofDocument(document, 'escrows').count('sequence');
      if (viewSequence !== state.sequence) {
        violations.push({
          rule: 'projection-caught-up',
          subject: `escrow ${escrow.id}`,
          message: `the view is at sequence ${viewSequence}, the stream at ${state.sequence}`,
        });
      }
      after = escrow.id;
    }
  }
  return violations;
}
