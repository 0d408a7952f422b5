/**
 * In-memory adapters for every port of @skillhouse/domain: for unit tests, the embedded default and
 * library users.
 *
 * What they hold are values: an event, a projection, a transfer or a user is kept as the domain
 * hands it over and handed out as kept, shared, never copied. The domain never changes a record: its
 * types are readonly, and every change is a new object made by a decider's `evolve` (sharing the
 * unchanged parts of the old one). Domain-testing's `frozenPorts` checks it: every record passed to
 * a port or returned by one is frozen there, and the escrow model's random runs and every use-case
 * test of domain-testing run on them. A caller outside the domain must do the same:
 * changing a record it was handed (against its readonly type, or a date's `setTime`) changes what
 * the store holds, which a database would not let it do. Copying records in and out, as a database
 * does, cost about 30 % of a use case's CPU here (docs/performance.md).
 */
export * from './in-memory-contract-repository.ts';
export * from './in-memory-job-repository.ts';
export * from './in-memory-escrow-repository.ts';
export * from './in-memory-ledger.ts';
export * from './in-memory-payout-accounts.ts';
export * from './in-memory-review-repository.ts';
export * from './in-memory-user-directory.ts';
export * from './in-memory-operation-journal.ts';
export * from './in-memory-payment-gateway.ts';
export * from './in-memory-media-storage.ts';
export * from './in-memory-ports.ts';
