import type { SaveOptions } from 'mongoose';

/**
 * How durable a write must be before the server acknowledges it. `majority` with the journal is
 * what a write that moves money needs on a replica set; a standalone MongoDB accepts it as its own
 * acknowledgement, and FerretDB v1 accepts any write concern and ignores it.
 */
export interface WriteConcernSettings {
  readonly w: number | 'majority';
  readonly j: boolean;
}

export const MONEY_WRITE_CONCERN_DEFAULT: WriteConcernSettings = { w: 'majority', j: true };

/** The write concern option of a write the driver is given (driver-writes.ts, the ledger's insertMany): it takes it as it is. */
export function writeOptionsFor(concern: WriteConcernSettings): { writeConcern: { w: number | 'majority'; j: boolean } } {
  return { writeConcern: { w: concern.w, j: concern.j } };
}

/**
 * The options of a Mongoose model's `insertOne` (the payout accounts'). Mongoose's types for save
 * lack `writeConcern`, yet it is the only form the driver (v6) sends: top-level `w`/`j` options are
 * silently dropped.
 */
export function saveOptionsFor(concern: WriteConcernSettings): SaveOptions {
  return writeOptionsFor(concern) as SaveOptions;
}
