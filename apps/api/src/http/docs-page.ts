import { createReadStream } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Router } from '@koa/router';
import type { Context } from 'koa';

/** swagger-ui-dist, as installed with the API: the viewer is served from here, never from a CDN. */
const SWAGGER_UI_DIR = dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));

/** The viewer's files /docs serves, by the name the page asks for. Anything else under /docs is a 404. */
const VIEWER_FILES: Readonly<Record<string, string>> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'application/javascript; charset=utf-8',
  'favicon-32x32.png': 'image/png',
};

/** The viewer's assets change only with the installed version: a day's caching saves 2 MB per visit. */
const ASSET_CACHE_CONTROL = 'public, max-age=86400';

/**
 * The page loads only scripts of its own origin, so the site-wide CSP (script-src 'self') holds: the
 * viewer is started by /docs/start.js rather than by an inline script.
 */
const DOCS_PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Skillhouse Escrow API</title>
<link rel="icon" href="/docs/favicon-32x32.png">
<link rel="stylesheet" href="/docs/swagger-ui.css">
</head>
<body>
<div id="docs"></div>
<script src="/docs/swagger-ui-bundle.js"></script>
<script src="/docs/start.js"></script>
</body>
</html>
`;

const START_SCRIPT = `window.ui = SwaggerUIBundle({ url: '/openapi.json', dom_id: '#docs', deepLinking: true, tryItOutEnabled: false });\n`;

/** GET /docs: the OpenAPI document in Swagger UI (swagger-ui-dist from node_modules), and the files it loads. */
export function mountDocsPage(router: Router): void {
  router.get('/docs', (ctx: Context) => {
    ctx.type = 'html';
    ctx.body = DOCS_PAGE;
  });
  router.get('/docs/start.js', (ctx: Context) => {
    ctx.type = 'application/javascript; charset=utf-8';
    ctx.body = START_SCRIPT;
  });
  router.get('/docs/:file', (ctx) => {
    const file = ctx.params.file ?? '';
    const type = Object.hasOwn(VIEWER_FILES, file) ? VIEWER_FILES[file] : undefined;
    if (type === undefined) return;
    ctx.type = type;
    ctx.set('cache-control', ASSET_CACHE_CONTROL);
    ctx.body = createReadStream(join(SWAGGER_UI_DIR, file));
  });
}
