import helmet from 'helmet';
import type { Context, Middleware, Next } from 'koa';

/**
 * Helmet's headers on every answer, errors included: `nosniff`, `X-Frame-Options: DENY` and
 * `frame-ancestors 'none'` (nothing of the API belongs in a frame), `Referrer-Policy: no-referrer`,
 * a CSP that lets the two HTML pages (the embedded checkout, /docs) load only their own scripts,
 * and no `upgrade-insecure-requests` (the embedded default is plain http on localhost).
 */
const helmetHeaders = helmet({
  contentSecurityPolicy: { directives: { 'frame-ancestors': ["'none'"], 'upgrade-insecure-requests': null } },
  frameguard: { action: 'deny' },
  referrerPolicy: { policy: 'no-referrer' },
});

/**
 * Answers hold money and personal data (escrows, wallets, contracts, names), so none is stored by
 * a browser or a shared cache unless its route says otherwise (the media files, the docs viewer's
 * assets). Set before the route runs, so the route's own Cache-Control wins.
 */
export const NO_STORE = 'no-store';

export function securityHeaders(): Middleware {
  return async (ctx: Context, next: Next) => {
    await new Promise<void>((resolve, reject) => {
      helmetHeaders(ctx.req, ctx.res, (error?: unknown) => {
        if (error === undefined) resolve();
        else reject(error instanceof Error ? error : new Error('helmet failed', { cause: error }));
      });
    });
    ctx.set('cache-control', NO_STORE);
    await next();
  };
}
