import type { ErrorCatalogue } from '@skillhouse/domain';
import type { ProblemKind } from './http.errors.ts';

/** How long a caller told 503 should wait before trying again (`Retry-After`, in seconds). */
export const RETRY_AFTER_SECONDS = 5;

/** What the service answers when a part it depends on is away: the request may be retried. */
export const ServiceErrors = {
  DatabaseUnavailable: {
    code: 'SERVICE.DATABASE_UNAVAILABLE',
    kind: 'unavailable',
    when: 'the database could not be reached or did not answer within its bound (docs/operations.md, “Bounded waits”); with `Retry-After`. Retrying is safe: every change is claimed once',
  },
} as const satisfies ErrorCatalogue<ProblemKind>;
