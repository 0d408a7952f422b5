/**
 * A refusal that belongs to HTTP itself rather than to the domain (no credentials, wrong content
 * type, unknown route, a request that does not match its schema). The error middleware answers it
 * with its status and code.
 */
export class HttpProblem extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: Readonly<Record<string, unknown>>,
  ) {
    super(message);
    this.name = 'HttpProblem';
  }
}

export class Unauthenticated extends HttpProblem {
  constructor(reason: string) {
    super(401, 'AUTH.UNAUTHENTICATED', `authentication required: ${reason}`);
  }
}

export class UnsupportedContentType extends HttpProblem {
  constructor(expected: string) {
    super(415, 'HTTP.UNSUPPORTED_MEDIA_TYPE', `the request body must be ${expected}`);
  }
}

export class UnsupportedContentEncoding extends HttpProblem {
  constructor() {
    super(415, 'HTTP.UNSUPPORTED_ENCODING', 'the request body must not be compressed: send it without Content-Encoding (or with identity)');
  }
}

export class RouteNotFound extends HttpProblem {
  constructor(method: string, path: string) {
    super(404, 'HTTP.ROUTE_NOT_FOUND', `no route for ${method} ${path}`);
  }
}

/** The request does not match its schema; `fields` names each offending field. */
export class RequestInvalid extends HttpProblem {
  constructor(fields: Readonly<Record<string, string>>) {
    super(400, 'VALIDATION.INVALID_REQUEST', `invalid request: ${Object.keys(fields).join(', ')}`, { fields });
  }
}

/** Something this service depends on failed; the caller (e.g. Stripe) should retry. */
export class ProcessingFailed extends Error {
  constructor(message: string, options: { cause: unknown }) {
    super(message, options);
    this.name = 'ProcessingFailed';
  }
}
