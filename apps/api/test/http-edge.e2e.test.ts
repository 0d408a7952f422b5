import { createServer, type Server } from 'node:http';
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '@skillhouse/test-servers';
import { newCaller, newJwtSecret } from './support/api-client.ts';
import { startApi, type RunningApi } from './support/api-process.ts';
import { launchHeadlessChromium, type HeadlessChromium } from './support/headless-chromium.ts';

/**
 * The compiled API as production runs it, seen by a browser: the /docs page renders the OpenAPI
 * document, a page on another origin (a second local port) calls the API through CORS, a page on
 * an origin not configured cannot read its answers, and /metrics answers on its own port.
 */
const SCREENSHOT_DIR = join(tmpdir(), 'skillhouse-e2e-screenshots');
const METRICS_TOKEN = 'e2e-metrics-token-0123456789';

let jwtSecret: string;
let server: RunningApi;
let browser: HeadlessChromium;
let frontend: Server;
let frontendOrigin: string;
let strangerOrigin: string;
let metricsPort: number;

/** A page that, once loaded, calls the API with a bearer token (a preflighted request) and shows what it read. */
function callingPage(apiUrl: string, token: string, clientId: string): string {
  return `<!doctype html><html><body><pre id="result">pending</pre><script>
fetch(${JSON.stringify(`${apiUrl}/api/client/job/create-job`)}, {
  method: 'POST',
  headers: { Authorization: 'Bearer ${token}', 'Content-Type': 'application/json' },
  body: JSON.stringify({ title: 'From the browser', description: 'Posted across origins', rate: 1200 }),
}).then(async (response) => {
  const body = await response.json();
  document.getElementById('result').textContent = JSON.stringify({ status: response.status, clientId: body.job && body.job.clientId, requestId: response.headers.get('x-request-id') });
}, (error) => { document.getElementById('result').textContent = 'refused: ' + error.message; });
</script><!-- ${clientId} --></body></html>`;
}

beforeAll(async () => {
  jwtSecret = newJwtSecret();
  const frontendPort = await freePort();
  frontendOrigin = `http://127.0.0.1:${frontendPort}`;
  // Another origin of the same page server: localhost and 127.0.0.1 are different origins to a browser.
  strangerOrigin = `http://localhost:${frontendPort}`;
  metricsPort = await freePort();
  server = await startApi({ JWT_SECRET: jwtSecret, CORS_ORIGINS: frontendOrigin, METRICS_PORT: String(metricsPort), METRICS_TOKEN });
  const client = newCaller('client', jwtSecret);
  frontend = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(callingPage(server.url, client.token, client.id));
  });
  await new Promise<void>((resolve) => frontend.listen(frontendPort, resolve));
  browser = await launchHeadlessChromium();
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => frontend?.close(resolve));
  await server?.stop();
});

describe('the /docs page', () => {
  it('renders every endpoint of /openapi.json in a browser, with no CDN and no script refused by the CSP', async () => {
    const document = (await (await fetch(`${server.url}/openapi.json`)).json()) as { paths: Record<string, Record<string, unknown>> };
    const operations = Object.values(document.paths).reduce((sum, methods) => sum + Object.keys(methods).length, 0);
    const page = await browser.context.newPage();
    const problems: string[] = [];
    const foreignRequests: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(message.text());
    });
    page.on('pageerror', (error) => problems.push(error.message));
    page.on('request', (request) => {
      if (!request.url().startsWith(server.url) && !request.url().startsWith('data:')) foreignRequests.push(request.url());
    });
    const opened = await page.goto(`${server.url}/docs`);
    expect(opened?.status()).toBe(200);
    await page.locator('.opblock').first().waitFor({ timeout: 30_000 });
    await expect(page.locator('.opblock').count()).resolves.toBe(operations);
    await expect(page.locator('.opblock-summary-path', { hasText: '/api/admin/escrow/release-fund/{contractId}' }).count()).resolves.toBe(
      1,
    );
    await expect(page.locator('.info .title').first().textContent()).resolves.toMatch(/Skillhouse Escrow API/);

    // An endpoint opened shows its error responses.
    await page.locator('.opblock-summary-path', { hasText: '/api/media/upload' }).click();
    await expect(page.locator('.responses-table .response-col_status', { hasText: '429' }).count()).resolves.toBeGreaterThan(0);
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'docs.png'), fullPage: false });
    expect(problems).toEqual([]);
    expect(foreignRequests).toEqual([]);
  });
});

describe('CORS in a browser', () => {
  it('lets a page on the configured origin call the API with a bearer token', async () => {
    const page = await browser.context.newPage();
    await page.goto(frontendOrigin);
    await expect.poll(() => page.locator('#result').textContent(), { timeout: 10_000 }).not.toBe('pending');
    const result = JSON.parse((await page.locator('#result').textContent()) ?? '{}') as { status: number; requestId: string | null };
    expect(result.status).toBe(201);
    expect(result.requestId).toMatch(/\S/);
  });

  it('refuses the answer to a page on an origin not configured', async () => {
    const page = await browser.context.newPage();
    await page.goto(strangerOrigin);
    await expect.poll(() => page.locator('#result').textContent(), { timeout: 10_000 }).not.toBe('pending');
    await expect(page.locator('#result').textContent()).resolves.toMatch(/^refused: /);
  });
});

describe('/metrics on METRICS_PORT', () => {
  it('answers on its own port with the token, and not on the API port', async () => {
    const url = `http://127.0.0.1:${metricsPort}/metrics`;
    expect((await fetch(url)).status).toBe(401);
    const scraped = await fetch(url, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    expect(scraped.status).toBe(200);
    const text = await scraped.text();
    expect(text).toMatch(/^skillhouse_http_requests_total\{method="GET",route="\/docs",status="200"\} 1$/m);
    expect(text).toMatch(/^skillhouse_http_requests_total\{method="POST",route="\/api\/client\/job\/create-job",status="201"\} 1$/m);
    expect(text).toMatch(/^nodejs_eventloop_lag_seconds /m);
    expect((await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).status).toBe(404);
  });
});
