import { timingSafeEqual } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { Router } from '@koa/router';
import type { Context } from 'koa';
import { bearerTokenOf } from '../http/access-token.ts';
import { Unauthenticated } from '../http/http-problem.ts';
import type { ApiMetrics } from './api-metrics.ts';

export const METRICS_PATH = '/metrics';

function sameToken(given: string, expected: string): boolean {
  const left = Buffer.from(given);
  const right = Buffer.from(expected);
  return left.length === right.length && timingSafeEqual(left, right);
}

/** GET /metrics on the API's port, for a scraper that sends `Authorization: Bearer <METRICS_TOKEN>`; anyone else gets 401. */
export function mountMetrics(router: Router, metrics: ApiMetrics, token: string): void {
  router.get(METRICS_PATH, async (ctx: Context) => {
    if (!sameToken(bearerTokenOf(ctx.get('authorization') || undefined), token)) throw new Unauthenticated('the metrics token is wrong');
    const text = await metrics.text();
    ctx.type = metrics.contentType;
    ctx.body = text;
  });
}

/**
 * A server of its own for /metrics (METRICS_PORT), for a port that only the scraper's network
 * reaches. With METRICS_TOKEN set as well, the token is asked here too.
 */
export function createMetricsServer(metrics: ApiMetrics, token: string | null): Server {
  return createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://metrics').pathname;
    if (request.method !== 'GET' || path !== METRICS_PATH) {
      response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('only GET /metrics here\n');
      return;
    }
    const authorization = request.headers.authorization ?? '';
    if (token !== null && !sameToken(authorization.replace(/^Bearer +/i, ''), token)) {
      response
        .writeHead(401, { 'content-type': 'text/plain; charset=utf-8', 'www-authenticate': 'Bearer' })
        .end('the metrics token is wrong\n');
      return;
    }
    metrics.text().then(
      (text) => response.writeHead(200, { 'content-type': metrics.contentType, 'cache-control': 'no-store' }).end(text),
      () => response.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' }).end('the metrics could not be collected\n'),
    );
  });
}
