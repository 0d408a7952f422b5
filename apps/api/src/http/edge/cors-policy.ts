import cors from '@koa/cors';
import type { Middleware } from 'koa';

/** What a browser may send: the bearer token, JSON, idempotency keys, and a resumed event stream's position. */
export const CORS_ALLOWED_HEADERS = ['Authorization', 'Content-Type', 'Idempotency-Key', 'Last-Event-ID', 'X-Request-Id'] as const;

/** What a browser's script may read besides the safelisted headers: pages, limits, the request id, a 405's methods. */
export const CORS_EXPOSED_HEADERS = [
  'Link',
  'Retry-After',
  'RateLimit',
  'RateLimit-Policy',
  'RateLimit-Limit',
  'RateLimit-Remaining',
  'RateLimit-Reset',
  'X-Request-Id',
  'Allow',
  'Idempotent-Replayed',
] as const;

export const CORS_ALLOWED_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

/** How long a browser may reuse a preflight's answer. */
export const CORS_PREFLIGHT_MAX_AGE_SECONDS = 600;

/**
 * CORS for the configured origins only. A request from any other origin gets no CORS headers at all,
 * so the browser refuses to hand the answer to its script ("refused by omission"); the request itself
 * is answered as for any caller, since CORS protects browsers' users, not the API. No credentials:
 * the API reads a bearer token, never a cookie.
 */
export function corsPolicy(origins: readonly string[]): Middleware {
  const allowed = new Set(origins);
  return cors({
    origin: (ctx) => {
      const origin = ctx.get('origin');
      return allowed.has(origin) ? origin : '';
    },
    allowMethods: [...CORS_ALLOWED_METHODS],
    allowHeaders: [...CORS_ALLOWED_HEADERS],
    exposeHeaders: [...CORS_EXPOSED_HEADERS],
    maxAge: CORS_PREFLIGHT_MAX_AGE_SECONDS,
    credentials: false,
    keepHeadersOnError: true,
  });
}
