import type { MarketplacePorts } from '@skillhouse/domain';
import type { Connection, Model } from 'mongoose';
import { ensureIndexes } from './ensure-indexes.ts';
import { migrateContractEscrowViews } from './migrate-contract-escrow-views.ts';
import { migrateToEscrowStreams, type EscrowStreamsMigration } from './migrate-to-escrow-streams.ts';
import { migrateWalletEntriesToTransfers, type LedgerTransfersMigration } from './migrate-wallet-entries-to-transfers.ts';
import { modelsFor } from './models.ts';
import { MongoContractRepository } from './mongo-contract-repository.ts';
import { MongoEscrowRepository } from './mongo-escrow-repository.ts';
import { MongoJobRepository } from './mongo-job-repository.ts';
import { MongoLedger } from './mongo-ledger.ts';
import { MongoOperationJournal } from './mongo-operation-journal.ts';
import { MongoPayoutAccounts } from './mongo-payout-accounts.ts';
import { MongoReviewRepository } from './mongo-review-repository.ts';
import { MongoUserDirectory } from './mongo-user-directory.ts';
import { MONEY_WRITE_CONCERN_DEFAULT, type WriteConcernSettings } from './write-concern.ts';

/** The persistence ports; payments, media, clock and ids come from elsewhere. */
export type PersistencePorts = Pick<
  MarketplacePorts,
  'contracts' | 'jobs' | 'escrows' | 'ledger' | 'payoutAccounts' | 'reviews' | 'users' | 'operations'
>;

export interface MongoosePorts extends PersistencePorts {
  readonly contracts: MongoContractRepository;
  readonly jobs: MongoJobRepository;
  readonly escrows: MongoEscrowRepository;
  readonly ledger: MongoLedger;
  readonly payoutAccounts: MongoPayoutAccounts;
  readonly reviews: MongoReviewRepository;
  readonly users: MongoUserDirectory;
  readonly operations: MongoOperationJournal;
}

export interface MongoosePortsOptions {
  /** For events, escrow claims, ledger entries and the operation journal. */
  readonly moneyWriteConcern?: WriteConcernSettings;
  /** Told what the start-up migration changed, when it ran (see migrate-to-escrow-streams.ts). */
  readonly onMigrated?: (migration: EscrowStreamsMigration) => void;
  /** Told what the ledger migration wrote, when it ran (see migrate-wallet-entries-to-transfers.ts). */
  readonly onLedgerMigrated?: (migration: LedgerTransfersMigration) => void;
  /** Told how many contract projections were given their escrow's view (migrate-contract-escrow-views.ts), when that ran. */
  readonly onContractEscrowViewsMigrated?: (contracts: number) => void;
}

/**
 * Ensures every index, brings records of an older shape to the current one (one read when there is
 * nothing to do), then returns the adapters over `connection`'s database.
 */
export async function createMongoosePorts(connection: Connection, options: MongoosePortsOptions = {}): Promise<MongoosePorts> {
  const writeConcern = options.moneyWriteConcern ?? MONEY_WRITE_CONCERN_DEFAULT;
  const models = modelsFor(connection);
  await ensureIndexes(Object.values(models) as Model<never>[]);
  const contracts = new MongoContractRepository(models.contractEvents, models.contracts, models.escrows, writeConcern);
  const escrows = new MongoEscrowRepository(models.escrowEvents, models.escrows, writeConcern, contracts);
  const migration = await migrateToEscrowStreams(models, { escrows, contracts });
  if (migration !== null) options.onMigrated?.(migration);
  const ledger = new MongoLedger(models.transfers, models.escrows, writeConcern);
  const ledgerMigration = await migrateWalletEntriesToTransfers(models, { escrows, ledger });
  if (ledgerMigration !== null) options.onLedgerMigrated?.(ledgerMigration);
  const escrowViews = await migrateContractEscrowViews(models);
  if (escrowViews !== null) options.onContractEscrowViewsMigrated?.(escrowViews);
  return {
    contracts,
    jobs: new MongoJobRepository(models.jobEvents, models.jobs, writeConcern),
    escrows,
    ledger,
    payoutAccounts: new MongoPayoutAccounts(models.payoutAccounts, writeConcern),
    reviews: new MongoReviewRepository(models.reviews),
    users: new MongoUserDirectory(models.users),
    operations: new MongoOperationJournal(models.operations, writeConcern),
  };
}
