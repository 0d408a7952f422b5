import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_PACKAGE_DIR } from '../scripts/bundle.ts';
import { ApiClient, expectStatus, newCaller, newJwtSecret, type Caller } from './support/api-client.ts';
import { startApi, type RunningApi } from './support/api-process.ts';
import { launchHeadlessChromium, type HeadlessChromium } from './support/headless-chromium.ts';
import { advanceWork, earningsOf, openDispute, type ContractDocument } from './support/marketplace-steps.ts';

/**
 * The operators' console at /admin in a real headless chromium, over the compiled API started as a
 * process, with its data made through the API. The first suite runs the API with nothing configured
 * (the embedded default, demo users included); the second with JWT_SECRET set, so the test signs
 * the tokens an identity service would give.
 */

/**
 * Where the screenshots go: outside the repository, unless UPDATE_DOCS_SCREENSHOTS=1 asks for the
 * ones docs/console.md shows to be made again (so a test run never changes tracked files).
 */
const IMAGES_DIR =
  process.env['UPDATE_DOCS_SCREENSHOTS'] === '1'
    ? join(API_PACKAGE_DIR, '..', '..', 'docs', 'images')
    : join(tmpdir(), 'skillhouse-e2e-screenshots');

let browser: HeadlessChromium;

beforeAll(async () => {
  browser = await launchHeadlessChromium();
  mkdirSync(IMAGES_DIR, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
});

/** A job posted by `client`, paid through the embedded checkout for `freelancer`: its contract, Pending and funded. */
async function paidContract(api: ApiClient, client: Caller, freelancer: Caller, title: string, rate: number): Promise<ContractDocument> {
  const job = expectStatus<{ job: { _id: string } }>(
    await api.post('/api/client/job/create-job', { as: client, json: { title, description: 'A brochure site of ten pages', rate } }),
    201,
    'create-job',
  ).job;
  const checkout = expectStatus<{ url: string }>(
    await api.post(`/api/client/job/payment/${job._id}`, { as: client, json: { title, rate, freelancerId: freelancer.id } }),
    200,
    'payment',
  );
  const paid = await fetch(`${checkout.url}/pay`, { method: 'POST', headers: { accept: 'application/json' } });
  expect(paid.status).toBe(200);
  const found = expectStatus<{ contract: ContractDocument | null }>(
    await api.get(`/api/client/is-created/${job._id}/${client.id}`),
    200,
    'is-created',
  );
  expect(found.contract).toMatchObject({ status: 'Pending', escrowId: expect.stringMatching(/^[0-9a-f]{24}$/) });
  return found.contract!;
}

/** The demo users' tokens, as the embedded default prints them at start-up. */
function demoCallers(server: RunningApi): Record<'client' | 'freelancer', Caller> {
  const callers: Partial<Record<string, Caller>> = {};
  for (const line of server.output().split('\n')) {
    if (!line.includes('"demoToken"')) continue;
    const { role, userId, demoToken } = JSON.parse(line) as { role: 'client' | 'freelancer' | 'admin'; userId: string; demoToken: string };
    callers[role] = { id: userId, role, token: demoToken };
  }
  if (callers['client'] === undefined || callers['freelancer'] === undefined)
    throw new Error('the embedded default printed no demo tokens');
  return { client: callers['client'], freelancer: callers['freelancer'] };
}

function queueSection(page: Page, queue: string) {
  return page.locator(`section[data-queue="${queue}"]`);
}

describe('the operators’ console on the embedded default', () => {
  let server: RunningApi;
  let api: ApiClient;

  beforeAll(async () => {
    server = await startApi({});
    api = new ApiClient(server.url);
  });

  afterAll(async () => {
    await server?.stop();
  });

  it('lists a disputed contract, shows its statements, decides 30 % to the freelancer, and the money moves', async () => {
    const { client, freelancer } = demoCallers(server);
    // ₹1,000: fee ₹100, earning ₹900; 30 % of the earning is ₹270, the client gets ₹630 back.
    const title = 'Brochure site for a bakery';
    const contract = await paidContract(api, client, freelancer, title, 1_000);
    await advanceWork(api, freelancer, contract._id, 'Ongoing');
    await openDispute(api, client, contract._id, { reason: 'quality', description: 'Three of ten pages were delivered, and late.' });
    for (const [caller, text] of [
      [freelancer, 'The other pages wait on copy the client never sent.'],
      [client, 'The copy was sent on the 3rd; three pages is all that came.'],
    ] as const) {
      expectStatus(await api.post(`/api/contracts/${contract._id}/dispute/statements`, { as: caller, json: { text } }), 201, 'statement');
    }

    const page = await browser.context.newPage();
    const opened = await page.goto(`${server.url}/admin`);
    expect(opened?.headers()['content-security-policy']).toContain("frame-ancestors 'none'");
    await page.getByRole('button', { name: 'Sign in as the demo admin' }).click();

    const disputes = queueSection(page, 'disputes');
    await expect(disputes.getByRole('heading').textContent()).resolves.toBe('Open disputes (1)');
    const row = disputes.getByRole('row').filter({ hasText: title });
    await expect(row.textContent()).resolves.toContain(
      'Last, by the client: “The copy was sent on the 3rd; three pages is all that came.”',
    );
    await expect(page.getByText('Signed in as Demo Admin (admin)').count()).resolves.toBe(1);
    await page.screenshot({ path: join(IMAGES_DIR, 'console-queue.png'), fullPage: true });

    await row.getByRole('link', { name: title }).click();
    await page.waitForURL(`**/admin/contracts/${contract._id}`);
    await page.getByRole('heading', { level: 1, name: title, exact: true }).waitFor();
    const statements = await page.locator('[data-statement]').allTextContents();
    expect(statements).toEqual([
      expect.stringContaining('The other pages wait on copy the client never sent.'),
      expect.stringContaining('The copy was sent on the 3rd; three pages is all that came.'),
    ]);

    await page.getByLabel('Freelancer’s share (INR)').fill('270');
    await page.getByLabel('Note for the record').fill('Three of ten pages delivered: 30 % of the earning.');
    await page.getByRole('button', { name: 'Preview the decision' }).click();
    const consequence = page.getByRole('region', { name: 'Confirm' });
    await expect(consequence.textContent()).resolves.toMatch(
      /client gets back ₹630\.00.*wallet is credited ₹270\.00.*platform keeps ₹100\.00/,
    );
    await page.screenshot({ path: join(IMAGES_DIR, 'console-contract.png'), fullPage: true });

    await consequence.getByRole('button', { name: 'Confirm the decision' }).click();
    await expect(page.getByRole('status').textContent()).resolves.toBe('Confirm the decision: done.');
    const history = await page.locator('tr[data-history]').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-history')));
    expect(history).toEqual(
      expect.arrayContaining(['escrow DisputeOpened', 'escrow EscrowResolved', 'money ClientRefundSent', 'money WalletCredited']),
    );
    const decision = page.locator('tr[data-history="escrow EscrowResolved"]');
    await expect(decision.textContent()).resolves.toMatch(
      /admin 64f1a2b3c4d5e6f7a8b9c0aa.*kind: dispute.*clientRefund: ₹630\.00.*freelancerPayout: ₹270\.00/,
    );
    await expect(page.locator('[data-wallet-entries]').textContent()).resolves.toContain('credit ₹270.00');

    await page.goto(`${server.url}/admin`);
    await expect(queueSection(page, 'disputes').getByRole('heading').textContent()).resolves.toBe('Open disputes (0)');
    await expect(page.getByRole('row').filter({ hasText: title }).count()).resolves.toBe(0);

    // The wallet as the freelancer reads it.
    const earnings = await earningsOf(api, freelancer);
    expect(earnings.balance).toBe(270);
    expect(earnings.entries).toEqual([expect.objectContaining({ amount: 270, direction: 'credit', escrowId: contract.escrowId })]);
    await page.close();
  });
});

describe('the operators’ console with an identity service', () => {
  let jwtSecret: string;
  let server: RunningApi;
  let api: ApiClient;

  beforeAll(async () => {
    jwtSecret = newJwtSecret();
    server = await startApi({ JWT_SECRET: jwtSecret });
    api = new ApiClient(server.url);
  });

  afterAll(async () => {
    await server?.stop();
  });

  it('refuses a non-admin token with a 403 page, and shows a job title with markup as text', async () => {
    const client = newCaller('client', jwtSecret);
    const freelancer = newCaller('freelancer', jwtSecret);
    const admin = newCaller('admin', jwtSecret);
    const title = '<script>window.injected = 1</script><b>Bold</b> & <img src=x>';
    const contract = await paidContract(api, client, freelancer, title, 500);
    await advanceWork(api, freelancer, contract._id, 'Started');
    await openDispute(api, freelancer, contract._id, { reason: 'payment', description: '<i>not italic</i>' });

    const page = await browser.context.newPage();
    await page.goto(`${server.url}/admin`);
    // No demo admin here: the token comes from the identity service, and the demo endpoint does not exist.
    await expect(page.getByRole('button', { name: 'Sign in as the demo admin' }).count()).resolves.toBe(0);
    expect((await api.post('/embedded/demo-admin/token')).status).toBe(404);

    await page.getByLabel('Admin access token').fill(freelancer.token);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: '403: not allowed' }).waitFor();
    await expect(page.getByRole('alert').textContent()).resolves.toContain('403 AUTH.ROLE_NOT_ALLOWED');

    await page.getByRole('button', { name: 'Sign in again' }).click();
    await page.getByLabel('Admin access token').fill(admin.token);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    const disputes = queueSection(page, 'disputes');
    await expect(disputes.getByRole('heading').textContent()).resolves.toBe('Open disputes (1)');
    const link = disputes.getByRole('link');
    await expect(link.textContent()).resolves.toBe(title);

    await link.click();
    await page.waitForURL(`**/admin/contracts/${contract._id}`);
    await page.getByRole('heading', { level: 1, name: title, exact: true }).waitFor();
    await expect(page.locator('.statement').first().textContent()).resolves.toContain('<i>not italic</i>');
    // Nothing of the markup became an element or ran.
    await expect(page.locator('main b, main img, main i, main script').count()).resolves.toBe(0);
    await expect(page.evaluate(() => (globalThis as { injected?: number }).injected)).resolves.toBeUndefined();
    await page.close();
  });
});
