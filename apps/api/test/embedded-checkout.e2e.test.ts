import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, expectStatus, newCaller, newJwtSecret } from './support/api-client.ts';
import { startApi, type RunningApi } from './support/api-process.ts';
import { expectCleanAuditOverHttp } from './support/books-audit.ts';
import { launchHeadlessChromium, type HeadlessChromium } from './support/headless-chromium.ts';
import { contractOfJob, fundedContractOfJob, postJob } from './support/marketplace-steps.ts';

/**
 * The API with nothing configured but JWT_SECRET (so the test can sign its own tokens): in-memory
 * storage and the embedded checkout page, paid in a real headless chromium.
 */

/** Outside the repository; the screenshots are for a person to look at, not committed. */
const SCREENSHOT_DIR = join(tmpdir(), 'skillhouse-e2e-screenshots');

let jwtSecret: string;
let server: RunningApi;
let api: ApiClient;
let browser: HeadlessChromium;

beforeAll(async () => {
  jwtSecret = newJwtSecret();
  server = await startApi({ JWT_SECRET: jwtSecret });
  api = new ApiClient(server.url);
  browser = await launchHeadlessChromium();
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('the embedded checkout page', () => {
  it('is paid in a browser and the contract appears', async () => {
    const client = newCaller('client', jwtSecret);
    const freelancer = newCaller('freelancer', jwtSecret);
    const jobId = await postJob(api, client, 750.5);
    const checkout = expectStatus<{ id: string; url: string }>(
      await api.post(`/api/client/job/payment/${jobId}`, {
        as: client,
        json: { title: 'Landing page in Astro', rate: 750.5, freelancerId: freelancer.id },
      }),
      200,
      'payment',
    );
    expect(checkout.url).toMatch(new RegExp(`/embedded/checkout/${checkout.id}$`));

    const page = await browser.context.newPage();
    const opened = await page.goto(checkout.url);
    expect(opened?.status()).toBe(200);
    await expect(page.title()).resolves.toBe('Pay ₹750.50');
    await expect(page.locator('h1').textContent()).resolves.toBe('Landing page in Astro');
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'embedded-checkout.png'), fullPage: true });
    expect(await contractOfJob(api, jobId, client.id)).toBeNull();

    // The Pay action delivers the signed event to the API's own /webhook before it answers.
    const payAnswer = page.waitForResponse((response) => response.url().endsWith(`/embedded/checkout/${checkout.id}/pay`));
    await page.getByRole('button', { name: 'Pay ₹750.50' }).click();
    expect((await payAnswer).status()).toBe(200);
    await page.waitForURL(`**/embedded/checkout/${checkout.id}/pay`);
    await expect(page.locator('h1').textContent()).resolves.toBe('Paid');
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'embedded-checkout-paid.png'), fullPage: true });

    await fundedContractOfJob(api, { jobId, client, freelancer, amount: 750.5 });
  });

  it('leaves books the audit finds clean', async () => {
    await expectCleanAuditOverHttp(api, newCaller('admin', jwtSecret));
  });
});
