import { randomUUID } from 'node:crypto';
import type { Context, Middleware, Next } from 'koa';
import type { Logger } from 'pino';

export const REQUEST_ID_HEADER = 'x-request-id';

/** A caller's request id is kept only when it is short and plain, so it cannot forge log lines. */
const REQUEST_ID_PATTERN = /^[A-Za-z0-9._:-]{1,128}$/;

declare module 'koa' {
  /** What requestContext leaves on every request for the middleware and routes after it. */
  interface DefaultState {
    requestId?: string;
    logger?: Logger;
  }
}

export function requestIdFor(header: string | string[] | undefined): string {
  return typeof header === 'string' && REQUEST_ID_PATTERN.test(header) ? header : randomUUID();
}

/**
 * Gives each request an id (the caller's `x-request-id`, or a new one), echoes it, and a child
 * logger that carries it. One line is logged when the response is done, with its final status, and
 * `closedByClient` when the client closed the connection before the answer ended.
 * Only the path is logged, never the query, headers or body: they may hold tokens.
 */
export function requestContext(rootLogger: Logger): Middleware {
  return async (ctx: Context, next: Next) => {
    const requestId = requestIdFor(ctx.get(REQUEST_ID_HEADER) || undefined);
    const logger = rootLogger.child({ requestId });
    ctx.state.requestId = requestId;
    ctx.state.logger = logger;
    ctx.set(REQUEST_ID_HEADER, requestId);
    const startedAt = process.hrtime.bigint();
    // 'close' comes after 'finish', and also when the client went away first: an event stream ends so.
    ctx.res.once('close', () => {
      const durationMs = Number((process.hrtime.bigint() - startedAt) / 1_000_000n);
      const line = { method: ctx.method, path: ctx.path, status: ctx.status, durationMs };
      logger.info(ctx.res.writableFinished ? line : { ...line, closedByClient: true }, 'request finished');
    });
    await next();
  };
}
