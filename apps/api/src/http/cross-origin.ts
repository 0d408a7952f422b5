import cors from '@koa/cors';
import type { Middleware } from 'koa';

/**
 * The minimum a browser frontend on CLIENT_URL needs to call the API and follow its event stream:
 * that one origin allowed (any other is refused by omission), the request headers it sends, and the
 * response headers it reads (pages, limits, replays). The fuller CORS of the frontend-API issue
 * (CORS_ORIGINS, …) is built apart; this stands in until the two are merged.
 */
export function crossOrigin(clientUrl: string): Middleware {
  const allowed = new URL(clientUrl).origin;
  return cors({
    origin: (ctx) => (ctx.get('origin') === allowed ? allowed : ''),
    allowMethods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
    allowHeaders: ['Authorization', 'Content-Type', 'Idempotency-Key', 'Last-Event-ID'],
    exposeHeaders: [
      'Link',
      'Retry-After',
      'RateLimit-Limit',
      'RateLimit-Remaining',
      'RateLimit-Reset',
      'Idempotent-Replayed',
      'x-request-id',
    ],
    keepHeadersOnError: true,
  });
}
