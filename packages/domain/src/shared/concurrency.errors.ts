import { ConflictError, type ErrorCatalogue } from './domain-error.ts';

export const ConcurrencyErrors = {
  TooManyWriters: {
    code: 'CONCURRENCY.TOO_MANY_WRITERS',
    kind: 'conflict',
    when: 'a record kept changing under this request; trying again is safe',
  },
} as const satisfies ErrorCatalogue;

/**
 * Lost the race for a stream's next sequence too many times. Unlike a refusal it can come after
 * earlier writes of the same operation, so it leaves that operation open for recovery.
 */
export class TooManyWriters extends ConflictError {
  constructor(what: string, details: Record<string, unknown>) {
    super(ConcurrencyErrors.TooManyWriters, `this ${what} is changing too fast; try again`, details);
  }
}
