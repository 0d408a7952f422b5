/** Mongoose adapters for the persistence ports of @skillhouse/domain, on MongoDB or FerretDB v1. */
export * from './connect-mongo.ts';
export * from './database-unavailable.ts';
export * from './write-concern.ts';
export * from './mongoose-ports.ts';
export * from './mongo-contract-repository.ts';
export * from './mongo-job-repository.ts';
export * from './mongo-escrow-repository.ts';
export * from './mongo-ledger.ts';
export * from './mongo-review-repository.ts';
export * from './mongo-user-directory.ts';
export * from './mongo-operation-journal.ts';
export { ESCROW_STREAMS_MIGRATION_ID, OLD_RESOLUTIONS_COLLECTION, type EscrowStreamsMigration } from './migrate-to-escrow-streams.ts';
export { StoredValueInvalid } from './stored-values.ts';
export { LEDGER_TRANSFERS_MIGRATION_ID, type LedgerTransfersMigration } from './migrate-wallet-entries-to-transfers.ts';
export { auditDatabase } from './audit-database.ts';
