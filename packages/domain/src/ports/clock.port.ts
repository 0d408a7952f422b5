export interface Clock {
  /** The time now. The Date may be the one answered to other reads (the system clock shares one a millisecond): never set it. */
  now(): Date;
}

/** Produces 24-hex-digit ids, the ObjectId form the API promises. */
export interface IdGenerator {
  newId(): string;
}
