/**
 * Where the answers given under an `Idempotency-Key` are kept, per user and key: a key is claimed
 * by inserting its record (a unique key, so across API processes exactly one request runs under
 * it), then completed with the answer or released so a retry runs again.
 */

/** An answer as it is replayed: its status and its JSON body as sent. */
export interface StoredAnswer {
  readonly status: number;
  readonly body: string;
}

export interface IdempotencyRecord {
  /** Who claimed it: only that request completes or releases it. */
  readonly claimId: string;
  /** What the request was: its method, path, query and body, hashed. */
  readonly fingerprint: string;
  /** Null while the request runs. */
  readonly answer: StoredAnswer | null;
  /** A running claim not finished by then was abandoned (its process died): the key may be claimed again. */
  readonly lockedUntil: Date;
  /** The answer is replayed until then; afterwards the key is free. */
  readonly expiresAt: Date;
  /** The request failed on our side (5xx), or was invalid (400): its answer was not kept, and the next request with the key runs again. */
  readonly failed: boolean;
}

/** `contended`: other requests kept claiming and releasing the key while this one tried. */
export type ClaimOutcome =
  /** `afterFailure`: the same request ran before under this key and failed on our side; this one retries it. */
  | { readonly outcome: 'claimed'; readonly afterFailure: boolean }
  | { readonly outcome: 'taken'; readonly existing: IdempotencyRecord }
  | { readonly outcome: 'contended' };

export interface IdempotencyStore {
  /** Inserts `record` under `scopedKey` unless a record is there: then answers that one. */
  claim(scopedKey: string, record: IdempotencyRecord): Promise<ClaimOutcome>;
  /** Keeps the answer of the claim `claimId`, until `expiresAt`. */
  complete(scopedKey: string, claimId: string, answer: StoredAnswer, expiresAt: Date): Promise<void>;
  /** Marks the claim `claimId` failed (its request failed on our side): the next request with the key runs again. */
  release(scopedKey: string, claimId: string): Promise<void>;
}
