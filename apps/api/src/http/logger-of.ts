import type { Context } from 'koa';
import type { Logger } from 'pino';

/** The request's logger, which carries its request id (set by requestContext). */
export function loggerOf(ctx: Context): Logger {
  const logger = ctx.state.logger;
  if (logger === undefined) throw new Error('requestContext must run before the routes');
  return logger;
}
