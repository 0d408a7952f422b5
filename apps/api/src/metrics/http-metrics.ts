import type { Context, Middleware, Next } from 'koa';
import type { ApiMetrics } from './api-metrics.ts';

/** Paths no route matched are one label, so scanners cannot grow the series without bound. */
export const UNMATCHED_ROUTE = 'unmatched';

/**
 * Counts every answer and its latency by the route pattern @koa/router matched (`/api/escrow/:id`,
 * never the id itself), once the response is finished: errors and refusals included.
 */
export function httpMetrics(metrics: ApiMetrics): Middleware {
  return async (ctx: Context, next: Next) => {
    const startedAt = process.hrtime.bigint();
    ctx.res.once('finish', () => {
      const seconds = Number(process.hrtime.bigint() - startedAt) / 1e9;
      const matched: unknown = (ctx as Context & { _matchedRoute?: unknown })._matchedRoute;
      metrics.recordRequest(ctx.method, typeof matched === 'string' ? matched : UNMATCHED_ROUTE, ctx.status, seconds);
    });
    await next();
  };
}
