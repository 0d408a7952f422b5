import helmet, { type HelmetOptions } from 'helmet';
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

type NodeMiddleware = ReturnType<typeof helmet>;

/** Runs helmet's Node middleware on the Koa context's own request and response. */
function applyHeaders(headers: NodeMiddleware, ctx: Context): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    headers(ctx.req, ctx.res, (error?: unknown) => {
      if (error === undefined) resolve();
      else reject(error instanceof Error ? error : new Error('helmet failed', { cause: error }));
    });
  });
}

export function securityHeaders(): Middleware {
  return async (ctx: Context, next: Next) => {
    await applyHeaders(helmetHeaders, ctx);
    ctx.set('cache-control', NO_STORE);
    await next();
  };
}

/** Helmet's headers with a page's own options (a stricter policy), replacing the defaults above on that page's answers. */
export function pageSecurityHeaders(options: HelmetOptions): Middleware {
  const headers = helmet(options);
  return async (ctx: Context, next: Next) => {
    await applyHeaders(headers, ctx);
    await next();
  };
}
