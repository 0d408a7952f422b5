import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ApiClient, expectStatus, newCaller } from './support/api-client.ts';
import { freshDatabaseUri, stripeBackedSettings, type StripeBackedSettings } from './support/api-environment.ts';
import { startApi, type RunningApi } from './support/api-process.ts';
import { expectCleanAudit } from './support/books-audit.ts';
import { launchHeadlessChromium, type HeadlessChromium } from './support/headless-chromium.ts';
import { advanceWork, fundedContract } from './support/marketplace-steps.ts';

/**
 * A frontend as a browser runs it: a page served from its own origin (another local port) reads a
 * page of contracts from the API with fetch, follows `/api/events` with EventSource, and shows what
 * arrives. The API allows that origin (CLIENT_URL) and no other.
 */

/** The frontend: its API, token and user come in the query string; it writes what it sees into the DOM. */
const PAGE = `<!doctype html>
<html><head><meta charset="utf-8"><title>Skillhouse frontend</title></head>
<body>
  <p id="contracts">loading</p>
  <p id="next"></p>
  <p id="stream">connecting</p>
  <ol id="events"></ol>
  <script>
    const params = new URLSearchParams(location.search);
    const api = params.get('api');
    const token = params.get('token');
    fetch(api + '/api/client/get-contracts/' + params.get('clientId') + '?limit=1', { headers: { Authorization: 'Bearer ' + token } })
      .then((response) => response.json())
      .then((page) => {
        document.getElementById('contracts').textContent = page.data.map((contract) => contract.jobId.title + ':' + contract.status).join(',');
        document.getElementById('next').textContent = page.nextCursor === null ? 'last page' : 'more';
      })
      .catch((error) => { document.getElementById('contracts').textContent = 'failed: ' + error; });
    const events = new EventSource(api + '/api/events?access_token=' + encodeURIComponent(token));
    events.onopen = () => { document.getElementById('stream').textContent = 'open'; };
    events.onerror = () => { document.getElementById('stream').textContent = 'error'; };
    events.onmessage = (message) => {
      const event = JSON.parse(message.data);
      const item = document.createElement('li');
      item.textContent = event.type + (event.details.to ? ':' + event.details.to : '');
      document.getElementById('events').append(item);
    };
  </script>
</body></html>`;

let pageServer: Server;
let pageOrigin: string;
let settings: StripeBackedSettings;
let server: RunningApi;
let api: ApiClient;
let browser: HeadlessChromium;

/** The suite's database, audited at its end. */
let databaseUri: string;

beforeAll(async () => {
  pageServer = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    response.end(PAGE);
  });
  await new Promise<void>((resolve) => pageServer.listen(0, '127.0.0.1', resolve));
  pageOrigin = `http://127.0.0.1:${(pageServer.address() as AddressInfo).port}`;
  databaseUri = freshDatabaseUri(inject('mongodbUri'), 'cross_origin');
  settings = stripeBackedSettings(databaseUri, inject('stripeMockUrl'));
  server = await startApi({ ...settings.env, CLIENT_URL: pageOrigin, EVENTS_POLL_MS: '200' });
  api = new ApiClient(server.url);
  browser = await launchHeadlessChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await new Promise<void>((resolve) => {
    pageServer.closeAllConnections();
    pageServer.close(() => resolve());
  });
});

describe('a page on another origin', () => {
  it('reads a page of contracts with fetch and follows the caller’s events with EventSource', async () => {
    const [client, freelancer] = [newCaller('client', settings.jwtSecret, 3600), newCaller('freelancer', settings.jwtSecret, 3600)];
    await fundedContract(api, settings.webhookSecret, client, freelancer, 200_000);
    const { contract } = await fundedContract(api, settings.webhookSecret, client, freelancer, 200_000);

    const page = await browser.context.newPage();
    const query = new URLSearchParams({ api: server.url, token: client.token, clientId: client.id });
    await page.goto(`${pageOrigin}/?${query.toString()}`);
    await page.waitForFunction("document.getElementById('contracts').textContent !== 'loading'");
    await expect(page.locator('#contracts').textContent()).resolves.toBe('React Frontend Developer:Pending');
    await expect(page.locator('#next').textContent()).resolves.toBe('more');
    await page.waitForFunction("document.getElementById('stream').textContent === 'open'");

    // The freelancer works on the contract elsewhere: the page hears of each step.
    await advanceWork(api, freelancer, contract._id, 'Ongoing');
    await page.waitForFunction("document.getElementById('events').textContent.includes('StatusChanged:Ongoing')", undefined, {
      timeout: 20_000,
    });
    const shown = await page.locator('#events li').allTextContents();
    expect(shown).toEqual(expect.arrayContaining(['StatusChanged:Started', 'StatusChanged:Ongoing']));
    await page.close();
  });

  it('is refused by omission when it comes from an origin the API does not allow', async () => {
    const preflight = await fetch(`${server.url}/api/client/job/create-job`, {
      method: 'OPTIONS',
      headers: { origin: 'http://127.0.0.1:1', 'access-control-request-method': 'POST' },
    });
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
    const allowed = await fetch(`${server.url}/api/client/job/create-job`, {
      method: 'OPTIONS',
      headers: { origin: pageOrigin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'idempotency-key' },
    });
    expect(allowed.headers.get('access-control-allow-origin')).toBe(pageOrigin);
    expect(allowed.headers.get('access-control-allow-headers')).toMatch(/Idempotency-Key/i);
    expectStatus(await api.get('/healthz'), 200, 'healthz');
  });
});

describe('the books', () => {
  // Bounded by the wait for the repair pass inside (90 s).
  it('are left clean, as the audit command finds them', async () => {
    await expectCleanAudit(databaseUri);
  }, 120_000);
});
