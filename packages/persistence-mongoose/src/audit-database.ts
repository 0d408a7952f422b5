import { auditBooks, type Violation } from '@skillhouse/domain';
import type { Connection } from 'mongoose';
import { modelsFor } from './models.ts';
import { MongoContractRepository } from './mongo-contract-repository.ts';
import { MongoEscrowRepository } from './mongo-escrow-repository.ts';
import { MongoLedger } from './mongo-ledger.ts';
import { MONEY_WRITE_CONCERN_DEFAULT } from './write-concern.ts';

/**
 * Checks every invariant of the books over the whole database, changing nothing: the domain's
 * `auditBooks` over this adapter's ledger and escrows (docs/ledger.md, "The audit").
 */
export async function auditDatabase(connection: Connection): Promise<Violation[]> {
  const models = modelsFor(connection);
  const ledger = new MongoLedger(models.transfers, models.escrows, MONEY_WRITE_CONCERN_DEFAULT);
  const contracts = new MongoContractRepository(models.contractEvents, models.contracts, models.escrows, MONEY_WRITE_CONCERN_DEFAULT);
  const escrows = new MongoEscrowRepository(models.escrowEvents, models.escrows, MONEY_WRITE_CONCERN_DEFAULT, contracts);
  return [...(await auditBooks({ ledger, escrows })).violations];
}
