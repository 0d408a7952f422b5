export interface Clock {
  /** The time now. The Date may be the one answered to other reads (the system clock shares one a millisecond): never set it. */
  now(): Date;
}

/** Produces 24-hex-digit ids, the ObjectId form the API promises. */
export interface IdGenerator {
  newId(): string;
  /**
   * The same id for the same `name`, in every process and every time: for a record a retry must find
   * again rather than make anew (a withdrawal asked under one Idempotency-Key).
   */
  idFor(name: string): string;
}
