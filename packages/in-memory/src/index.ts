/** In-memory adapters for every port of @skillhouse/domain: for unit tests, the embedded default and library users. */
export * from './in-memory-event-stream.ts';
export * from './in-memory-contract-repository.ts';
export * from './in-memory-job-repository.ts';
export * from './in-memory-escrow-repository.ts';
export * from './in-memory-ledger.ts';
export * from './in-memory-review-repository.ts';
export * from './in-memory-user-directory.ts';
export * from './in-memory-operation-journal.ts';
export * from './in-memory-payment-gateway.ts';
export * from './in-memory-media-storage.ts';
export * from './in-memory-ports.ts';
