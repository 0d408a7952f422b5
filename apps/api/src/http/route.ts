import type { RouteConfig, ZodRequestBody } from '@asteasolutions/zod-to-openapi';
import type { Context } from 'koa';
import { z } from 'zod';
import type { Actor, Role } from '@skillhouse/domain';
import { RequestInvalid } from './http-problem.ts';
import { RATE_LIMIT_EXEMPT_PATHS } from './rate-limits.ts';
import { errorSchema } from './schemas.ts';

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

export interface Reply {
  readonly status?: number;
  readonly body: unknown;
}

type EmptyObject = z.ZodObject<Record<string, never>>;

interface RouteSpecBase<P extends z.ZodObject, B extends z.ZodType, Q extends z.ZodObject = EmptyObject> {
  readonly method: HttpMethod;
  /** In OpenAPI form: `/api/client/job/payment/{jobId}`. */
  readonly path: string;
  readonly summary: string;
  readonly description?: string;
  readonly tags: readonly string[];
  readonly params?: P;
  /** The query string, validated with the path and the body and listed in the OpenAPI document. */
  readonly query?: Q;
  /** A JSON body: the route gets the JSON body parser, and the body is validated with this. */
  readonly body?: B;
  /** Documents a body the route reads itself (raw or multipart). */
  readonly documentedBody?: ZodRequestBody;
  readonly success: { readonly status: number; readonly description: string; readonly schema?: z.ZodType; readonly contentType?: string };
  /** Statuses the route may refuse with, besides the authentication ones and 500. */
  readonly errors: readonly number[];
}

export interface RouteInput<P extends z.ZodObject, B extends z.ZodType, Q extends z.ZodObject = EmptyObject> {
  readonly params: z.infer<P>;
  readonly query: z.infer<Q>;
  readonly body: z.infer<B>;
  readonly ctx: Context;
}

export interface PublicRouteSpec<P extends z.ZodObject, B extends z.ZodType, Q extends z.ZodObject = EmptyObject> extends RouteSpecBase<
  P,
  B,
  Q
> {
  handle(input: RouteInput<P, B, Q>): Promise<Reply>;
}

export interface UserRouteSpec<P extends z.ZodObject, B extends z.ZodType, Q extends z.ZodObject = EmptyObject> extends RouteSpecBase<
  P,
  B,
  Q
> {
  /** The roles allowed to call; checked right after authentication, before the request is validated. */
  readonly roles: readonly Role[];
  handle(input: RouteInput<P, B, Q> & { readonly actor: Actor }): Promise<Reply>;
}

/** A route ready to mount: what the router needs, and what the OpenAPI document says about it. */
export interface Route {
  readonly method: HttpMethod;
  readonly koaPath: string;
  /** null: no authentication. */
  readonly roles: readonly Role[] | null;
  readonly jsonBody: boolean;
  readonly openapi: RouteConfig;
  run(ctx: Context, actor: Actor | null): Promise<void>;
}

const idempotencyKeyHeader = z.object({
  'idempotency-key': z.string().optional().meta({
    description:
      'Optional. The same key with the same request within 24 hours replays the first answer (a 5xx or 400 answer is not kept); with another request 422; while the first runs 409',
  }),
});

const ERROR_DESCRIPTIONS: Readonly<Record<number, string>> = {
  400: 'The request is invalid; `details.fields` names each offending field',
  401: 'No valid bearer token',
  403: 'The caller may not do this (role, another user, a contract not theirs, or blocked)',
  404: 'Not found',
  409: 'The current state does not allow it',
  413: 'Too large',
  415: 'Wrong content type',
  422: 'The Idempotency-Key was used for another request (IDEMPOTENCY.KEY_REUSED)',
  429: 'Too many requests (RATE_LIMITED, MEDIA.UPLOAD_QUOTA_EXCEEDED); `Retry-After` says when to try again',
  500: 'Internal error',
  502: 'The payment processor failed',
  503: 'The database is unavailable (SERVICE.DATABASE_UNAVAILABLE; on /readyz, NOT_READY); `Retry-After` says when to try again',
};

export function publicRoute<P extends z.ZodObject = EmptyObject, B extends z.ZodType = EmptyObject, Q extends z.ZodObject = EmptyObject>(
  spec: PublicRouteSpec<P, B, Q>,
): Route {
  return buildRoute(spec, null, (input) => spec.handle(input));
}

export function userRoute<P extends z.ZodObject = EmptyObject, B extends z.ZodType = EmptyObject, Q extends z.ZodObject = EmptyObject>(
  spec: UserRouteSpec<P, B, Q>,
): Route {
  return buildRoute(spec, spec.roles, (input, actor) => {
    // The router runs authentication before a user route, so an actor is always present here.
    if (actor === null) throw new Error(`user route ${spec.path} ran without an actor`);
    return spec.handle({ ...input, actor });
  });
}

function buildRoute<P extends z.ZodObject, B extends z.ZodType, Q extends z.ZodObject>(
  spec: RouteSpecBase<P, B, Q>,
  roles: readonly Role[] | null,
  handle: (input: RouteInput<P, B, Q>, actor: Actor | null) => Promise<Reply>,
): Route {
  return {
    method: spec.method,
    koaPath: spec.path.replace(/\{(\w+)\}/g, ':$1'),
    roles,
    jsonBody: spec.body !== undefined,
    openapi: openapiOf(spec, roles),
    async run(ctx, actor) {
      const input = validatedInput(spec, ctx);
      const reply = await handle(input, actor);
      ctx.status = reply.status ?? 200;
      ctx.body = reply.body;
    },
  };
}

/** Validates path parameters, query and body together, so one 400 names every offending field. */
function validatedInput<P extends z.ZodObject, B extends z.ZodType, Q extends z.ZodObject>(
  spec: RouteSpecBase<P, B, Q>,
  ctx: Context,
): RouteInput<P, B, Q> {
  const fields: Record<string, string> = {};
  const params = spec.params?.safeParse(ctx['params'] ?? {});
  const query = spec.query?.safeParse(ctx.query);
  const body = spec.body?.safeParse(ctx.request.body ?? {});
  for (const result of [params, query, body]) {
    if (result === undefined || result.success) continue;
    for (const issue of result.error.issues) {
      const field = issue.path.length === 0 ? 'body' : issue.path.join('.');
      fields[field] ??= issue.message;
    }
  }
  if (Object.keys(fields).length > 0) throw new RequestInvalid(fields);
  return {
    params: (params?.success ? params.data : {}) as z.infer<P>,
    query: (query?.success ? query.data : {}) as z.infer<Q>,
    body: (body?.success ? body.data : undefined) as z.infer<B>,
    ctx,
  };
}

function openapiOf<P extends z.ZodObject, B extends z.ZodType, Q extends z.ZodObject>(
  spec: RouteSpecBase<P, B, Q>,
  roles: readonly Role[] | null,
): RouteConfig {
  const idempotent = roles !== null && spec.method !== 'get';
  const statuses = [
    ...new Set([
      ...spec.errors,
      ...(roles === null ? [] : [401, 403]),
      ...(idempotent ? [409, 422] : []),
      ...(RATE_LIMIT_EXEMPT_PATHS.has(spec.path) ? [] : [429]),
      // A JSON body may be malformed, too large or of another type before the route reads it.
      ...(spec.body === undefined ? [] : [400, 413, 415]),
      500,
      // Every route but the liveness check reads the database, which may be unreachable.
      ...(spec.path === '/healthz' ? [] : [503]),
    ]),
  ].sort((left, right) => left - right);
  const errorResponses = Object.fromEntries(
    statuses.map((status) => [
      status,
      { description: ERROR_DESCRIPTIONS[status] ?? 'Error', content: { 'application/json': { schema: errorSchema } } },
    ]),
  );
  const successContent =
    spec.success.schema === undefined
      ? {}
      : { content: { [spec.success.contentType ?? 'application/json']: { schema: spec.success.schema } } };
  const requestBody: ZodRequestBody | undefined =
    spec.documentedBody ?? (spec.body === undefined ? undefined : { content: { 'application/json': { schema: spec.body } } });
  return {
    method: spec.method,
    path: spec.path,
    summary: spec.summary,
    ...(spec.description === undefined ? {} : { description: spec.description }),
    tags: [...spec.tags],
    ...(roles === null ? {} : { security: [{ bearerAuth: [] }], 'x-roles': [...roles] }),
    request: {
      ...(spec.params === undefined ? {} : { params: spec.params }),
      ...(spec.query === undefined ? {} : { query: spec.query }),
      ...(idempotent ? { headers: idempotencyKeyHeader } : {}),
      ...(requestBody === undefined ? {} : { body: requestBody }),
    },
    responses: { [spec.success.status]: { description: spec.success.description, ...successContent }, ...errorResponses },
  };
}
