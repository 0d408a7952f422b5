import type { CatalogueEntry } from '@skillhouse/domain';
import { HttpErrors, type ProblemKind } from './http.errors.ts';

/**
 * A refusal that belongs to HTTP itself rather than to the domain (no credentials, wrong content
 * type, unknown route, a request that does not match its schema). The error middleware answers it
 * with the status of its kind and its code.
 */
export class HttpProblem extends Error {
  readonly kind: ProblemKind;
  readonly code: string;

  constructor(
    problem: CatalogueEntry<ProblemKind>,
    message: string,
    readonly details?: Readonly<Record<string, unknown>>,
  ) {
    super(message);
    this.name = 'HttpProblem';
    this.kind = problem.kind;
    this.code = problem.code;
  }
}

export class Unauthenticated extends HttpProblem {
  constructor(reason: string) {
    super(HttpErrors.Unauthenticated, `authentication required: ${reason}`);
  }
}

export class UnsupportedContentType extends HttpProblem {
  constructor(expected: string) {
    super(HttpErrors.UnsupportedMediaType, `the request body must be ${expected}`);
  }
}

export class UnsupportedContentEncoding extends HttpProblem {
  constructor() {
    super(HttpErrors.UnsupportedEncoding, 'the request body must not be compressed: send it without Content-Encoding (or with identity)');
  }
}

export class RouteNotFound extends HttpProblem {
  constructor(method: string, path: string) {
    super(HttpErrors.RouteNotFound, `no route for ${method} ${path}`);
  }
}

/** A known path with a method none of its routes take; the `Allow` header (and `details.allowed`) lists those they do. */
export class MethodNotAllowed extends HttpProblem {
  constructor(method: string, path: string, allowed: readonly string[]) {
    super(HttpErrors.MethodNotAllowed, `${method} is not allowed on ${path}`, { allowed });
  }
}

/** The request does not match its schema; `fields` names each offending field. */
export class RequestInvalid extends HttpProblem {
  constructor(fields: Readonly<Record<string, string>>) {
    super(HttpErrors.RequestInvalid, `invalid request: ${Object.keys(fields).join(', ')}`, { fields });
  }
}

/** Something this service depends on failed; the caller (e.g. Stripe) should retry. */
export class ProcessingFailed extends Error {
  constructor(message: string, options: { cause: unknown }) {
    super(message, options);
    this.name = 'ProcessingFailed';
  }
}
