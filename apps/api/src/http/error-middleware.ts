import type { Context, Middleware, Next } from 'koa';
import type { Logger } from 'pino';
import { assertNever, DomainError, type CatalogueEntry } from '@skillhouse/domain';
import { isDatabaseUnavailable } from '@skillhouse/persistence-mongoose';
import { HttpProblem } from './http-problem.ts';
import { HttpErrors, httpStatusCode, type ProblemKind } from './http.errors.ts';
import { RETRY_AFTER_SECONDS, ServiceErrors } from './service.errors.ts';

export interface ErrorBody {
  readonly message: string;
  readonly code: string;
  readonly details?: Readonly<Record<string, unknown>>;
}

export interface Problem {
  readonly status: number;
  readonly body: ErrorBody;
}

/** The one table from kinds of problem (the domain's refusals and HTTP's own) to HTTP statuses. */
export function statusOfKind(kind: ProblemKind): number {
  switch (kind) {
    case 'validation':
      return 400;
    case 'forbidden':
      return 403;
    case 'not_found':
      return 404;
    case 'conflict':
      return 409;
    case 'too_large':
      return 413;
    case 'payment_gateway':
    case 'dependency_failed':
      return 502;
    case 'unauthenticated':
      return 401;
    case 'method_not_allowed':
      return 405;
    case 'unsupported_media_type':
      return 415;
    case 'unprocessable':
      return 422;
    case 'too_many_requests':
      return 429;
    case 'not_ready':
    case 'unavailable':
      return 503;
    case 'internal':
      return 500;
    default:
      return assertNever(kind, 'problem kind');
  }
}

function problem(entry: CatalogueEntry<ProblemKind>, message: string): Problem {
  return { status: statusOfKind(entry.kind), body: { message, code: entry.code } };
}

export const INTERNAL_PROBLEM: Problem = problem(HttpErrors.Internal, 'Internal Server Error');

export const DATABASE_UNAVAILABLE_PROBLEM: Problem = problem(
  ServiceErrors.DatabaseUnavailable,
  'the database is unavailable; retry after the time in Retry-After',
);

const MALFORMED_JSON = problem(HttpErrors.MalformedJson, 'the request body must be a well-formed JSON object');
/** co-body (secure-json-parse) refuses a key that would set an object's prototype, however well-formed the JSON. */
const PROTOTYPE_KEY = problem(
  HttpErrors.MalformedJson,
  'the request body must not hold a "__proto__" key: it would change the prototype of objects it is read into',
);
const PROTOTYPE_KEY_MESSAGE = 'forbidden prototype property';

/** Errors of co-body and raw-body carry a `type` naming what went wrong with the body. */
const BODY_PARSER_PROBLEMS: Readonly<Record<string, Problem>> = {
  'entity.parse.failed': MALFORMED_JSON,
  'entity.too.large': problem(HttpErrors.BodyTooLarge, 'the request body is too large'),
  'entity.verify.failed': problem(HttpErrors.BodyInvalid, 'the request body could not be verified'),
  'request.aborted': problem(HttpErrors.BodyAborted, 'the request was aborted'),
  'request.size.invalid': problem(HttpErrors.BodyInvalid, 'the request body size does not match its length'),
  'encoding.unsupported': problem(HttpErrors.UnsupportedEncoding, 'the request encoding is not supported'),
  'charset.unsupported': problem(HttpErrors.UnsupportedMediaType, 'the request charset is not supported'),
};

/** What the caller is told about an error: its own status and code when it is an expected refusal, 500 otherwise. */
export function problemOf(error: unknown): Problem {
  if (error instanceof DomainError) {
    const body: ErrorBody = { message: error.message, code: error.code };
    return { status: statusOfKind(error.kind), body: error.details === undefined ? body : { ...body, details: error.details } };
  }
  if (error instanceof HttpProblem) {
    const body: ErrorBody = { message: error.message, code: error.code };
    return { status: statusOfKind(error.kind), body: error.details === undefined ? body : { ...body, details: error.details } };
  }
  if (!(error instanceof Error)) return INTERNAL_PROBLEM;
  if (isDatabaseUnavailable(error)) return DATABASE_UNAVAILABLE_PROBLEM;
  const { type, status, expose } = error as Error & { type?: unknown; status?: unknown; expose?: unknown };
  if (typeof type === 'string' && BODY_PARSER_PROBLEMS[type] !== undefined) return BODY_PARSER_PROBLEMS[type];
  // co-body reports JSON it cannot parse (or a bare primitive in strict mode) as a SyntaxError with status 400.
  if (error instanceof SyntaxError && status === 400) return error.message.includes(PROTOTYPE_KEY_MESSAGE) ? PROTOTYPE_KEY : MALFORMED_JSON;
  // http-errors (thrown by the router for a wrong method) mark client errors as safe to expose.
  if (expose === true && typeof status === 'number' && status >= 400 && status < 500) {
    return { status, body: { message: error.message, code: httpStatusCode(status) } };
  }
  return INTERNAL_PROBLEM;
}

/**
 * First in the chain: every error below it becomes `{ message, code, details? }` with the status of
 * its kind; a 503 carries `Retry-After`. Anything unexpected is a 500 that says nothing about internals and is logged with the
 * request id (the request logger carries it).
 */
export function errorMiddleware(rootLogger: Logger): Middleware {
  return async (ctx: Context, next: Next) => {
    try {
      await next();
    } catch (error) {
      const problem = problemOf(error);
      const logger = ctx.state.logger ?? rootLogger;
      if (problem.status === 503) logger.warn({ err: error, code: problem.body.code }, 'request failed: a dependency is unavailable');
      else if (problem.status >= 500) logger.error({ err: error }, 'request failed');
      else logger.debug({ code: problem.body.code }, 'request refused');
      ctx.status = problem.status;
      // Every 503 is temporary: the caller is told when it may try again.
      if (problem.status === 503) ctx.set('Retry-After', String(RETRY_AFTER_SECONDS));
      ctx.body = problem.body;
    }
  };
}
