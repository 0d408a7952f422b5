export interface Clock {
  now(): Date;
}

/** Produces 24-hex-digit ids, the ObjectId form the API promises. */
export interface IdGenerator {
  newId(): string;
}
