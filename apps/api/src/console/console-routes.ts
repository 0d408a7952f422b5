import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Router } from '@koa/router';
import type { Middleware } from 'koa';
import { pageSecurityHeaders } from '../http/edge/security-headers.ts';

/**
 * The operators' console at /admin: one HTML shell and two static files, served as they are from
 * the package (no build of their own, nothing remote). The shell holds no data; the script calls
 * the same JSON endpoints a script would, with the admin's bearer token, and the API refuses a
 * non-admin there (403), which the page shows.
 */

/** Beside this module in the sources; the build copies them beside dist/main.js. */
const ASSETS_DIR = new URL('./assets/', import.meta.url);

const ASSETS: Readonly<Record<string, string>> = {
  'console.js': 'text/javascript',
  'console.css': 'text/css',
  // Without an icon of its own, every page makes the browser ask for /favicon.ico, which is a 404.
  'favicon.svg': 'image/svg+xml',
};

export interface ConsoleOptions {
  /** Only when identity runs embedded: the page offers to sign in as the demo admin. */
  readonly demoSignIn: boolean;
}

/**
 * Scripts and styles from this origin only (no inline script or style, so an injected tag does
 * nothing), requests to this origin only, never framed (clickjacking), and no referrer carrying a
 * contract id elsewhere.
 */
export function consoleSecurityHeaders(): Middleware {
  return pageSecurityHeaders({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'none'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        connectSrc: ["'self'"],
        imgSrc: ["'self'"],
        formAction: ["'self'"],
        baseUri: ["'none'"],
        frameAncestors: ["'none'"],
      },
    },
    referrerPolicy: { policy: 'no-referrer' },
    // HTTPS, and so HSTS, is the TLS terminator's to decide for the whole host, not one page's.
    strictTransportSecurity: false,
    frameguard: { action: 'deny' },
  });
}

function shell(options: ConsoleOptions): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Skillhouse operators’ console</title>
<link rel="icon" href="/admin/assets/favicon.svg" type="image/svg+xml">
<link rel="stylesheet" href="/admin/assets/console.css">
<script type="module" src="/admin/assets/console.js"></script>
</head>
<body data-demo-sign-in="${options.demoSignIn ? 'true' : 'false'}">
<a class="skip" href="#main">Skip to content</a>
<header class="top">
<a class="brand" href="/admin">Skillhouse operators’ console</a>
<span id="who" class="who"></span>
<button type="button" id="sign-out" hidden>Sign out</button>
</header>
<main id="main" tabindex="-1"><noscript>The console needs JavaScript.</noscript></main>
</body>
</html>
`;
}

function readAssets(): Map<string, { type: string; content: Buffer }> {
  return new Map(
    Object.entries(ASSETS).map(([name, type]) => [name, { type, content: readFileSync(fileURLToPath(new URL(name, ASSETS_DIR))) }]),
  );
}

export function mountConsole(router: Router, options: ConsoleOptions): void {
  // Read once at start-up: a missing file stops the start instead of failing a page later.
  const assets = readAssets();
  const page = shell(options);
  const headers = consoleSecurityHeaders();

  router.get(['/admin', '/admin/contracts/:contractId'], headers, (ctx) => {
    ctx.type = 'html';
    ctx.set('cache-control', 'no-store');
    ctx.body = page;
  });

  router.get('/admin/assets/:name', headers, (ctx, next) => {
    const asset = assets.get(ctx.params['name'] ?? '');
    if (asset === undefined) return next();
    ctx.type = asset.type;
    ctx.set('cache-control', 'no-cache');
    ctx.body = asset.content;
    return undefined;
  });
}
