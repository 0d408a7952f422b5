import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_PACKAGE_DIR } from '../scripts/bundle.ts';
import { ApiClient, expectStatus, newCaller, newJwtSecret, type Caller } from './support/api-client.ts';
import { startApi, type RunningApi } from './support/api-process.ts';
import { launchHeadlessChromium, type HeadlessChromium } from './support/headless-chromium.ts';
import {
  advanceWork,
  earningsOf,
  fundedContract,
  historyOf,
  openDispute,
  payThroughWebhook,
  type ContractDocument,
  type EscrowDocument,
} from './support/marketplace-steps.ts';
import { expectCleanAuditOverHttp } from './support/books-audit.ts';
import { stripeBackedApi } from './support/stripe-backed-api.ts';
import { deliverWebhook, stripeEvent } from './support/stripe-events.ts';

/**
 * The operators' console at /admin in a real headless chromium, over the compiled API started as a
 * process, with its data made through the API. The first suite runs the API with nothing configured
 * (the embedded default, demo users included); the second with JWT_SECRET set, so the test signs
 * the tokens an identity service would give; the third on FerretDB with its Stripe adapter on
 * stripe-mock, Stripe's own reports delivered as signed webhooks.
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
function demoCallers(server: RunningApi): Record<'client' | 'freelancer' | 'admin', Caller> {
  const callers: Partial<Record<string, Caller>> = {};
  for (const line of server.output().split('\n')) {
    if (!line.includes('"demoToken"')) continue;
    const { role, userId, demoToken } = JSON.parse(line) as { role: 'client' | 'freelancer' | 'admin'; userId: string; demoToken: string };
    callers[role] = { id: userId, role, token: demoToken };
  }
  if (callers['client'] === undefined || callers['freelancer'] === undefined || callers['admin'] === undefined)
    throw new Error('the embedded default printed no demo tokens');
  return { client: callers['client'], freelancer: callers['freelancer'], admin: callers['admin'] };
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
    // What the browser reports going wrong on the way (a script error, a refused or missing resource).
    const browserErrors: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') browserErrors.push(message.text());
    });
    page.on('pageerror', (error) => browserErrors.push(error.message));
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

    // The ledger against the (local) processor: the payment and the client's refund match, nothing differs.
    await page.goto(`${server.url}/admin`);
    const reconciliation = queueSection(page, 'reconciliation');
    await reconciliation.getByRole('button', { name: 'Compare with Stripe' }).click();
    await expect(
      reconciliation.getByText(/^No differences: 1 escrow\(s\) and 0 withdrawal\(s\) since/).textContent(),
    ).resolves.toBeTruthy();
    await expect(reconciliation.getByRole('heading').textContent()).resolves.toBe('Reconciliation differences (0)');
    await page.close();
    expect(browserErrors).toEqual([]);
    await expectCleanAuditOverHttp(api, demoCallers(server).admin);
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

describe('the operators’ console over what the payment processor did on its own (FerretDB, stripe-mock)', () => {
  const world = stripeBackedApi('operators_console');

  /** Stripe reports an event about the payment: signed with the webhook secret, delivered once, recorded (not ignored). */
  async function stripeReports(type: string, object: Record<string, unknown>): Promise<void> {
    const answer = expectStatus(await deliverWebhook(world.api.baseUrl, stripeEvent(type, object), world.webhookSecret), 200, type);
    expect(answer).toEqual({ received: true });
  }

  async function signInAsAdmin(page: Page, admin: Caller): Promise<void> {
    await page.goto(`${world.api.baseUrl}/admin`);
    await page.getByLabel('Admin access token').fill(admin.token);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await queueSection(page, 'failed-refunds').getByRole('heading').waitFor();
  }

  it('lists a client refund Stripe reports failed; the admin retries it from the case page and the queue empties; a second failure is settled by hand', async () => {
    const { client, freelancer, admin } = world.callers();
    // ₹2,000 paid, the work Started, refunded by an admin: the policy's split for that stage.
    const { contract, payment } = await fundedContract(world.api, world.webhookSecret, client, freelancer, 200_000);
    await advanceWork(world.api, freelancer, contract._id, 'Started');
    const refunded = expectStatus<{ data: EscrowDocument & { resolution: { clientRefund: number } } }>(
      await world.api.put(`/api/admin/escrow/refund-client/${contract._id}/${client.id}`, { as: admin, json: {} }),
      200,
      'refund-client',
    ).data;
    /** The client refund standing now, as the escrow records it: the one Stripe's report names. */
    const standingRefundId = async () => {
      const found = expectStatus<{ escrow: EscrowDocument }>(
        await world.api.get(`/api/admin/contracts/${contract._id}`, { as: admin }),
        200,
        'contract case',
      );
      const refundId = found.escrow.refund?.stripeRefundId;
      expect(refundId).toMatch(/^re_/);
      return refundId;
    };
    const refundFailed = async (reason: string) =>
      stripeReports('refund.failed', {
        id: await standingRefundId(),
        object: 'refund',
        amount: Math.round(refunded.resolution.clientRefund * 100),
        currency: 'inr',
        status: 'failed',
        failure_reason: reason,
        payment_intent: payment.paymentIntentId,
        metadata: { escrowId: contract.escrowId },
      });
    await refundFailed('expired_or_canceled_card');
    const clientRefund = new Intl.NumberFormat('en-IN', { style: 'currency', currency: 'INR', minimumFractionDigits: 2 }).format(
      refunded.resolution.clientRefund,
    );

    const page = await browser.context.newPage();
    await signInAsAdmin(page, admin);
    const failedRefunds = queueSection(page, 'failed-refunds');
    await expect(failedRefunds.getByRole('heading').textContent()).resolves.toBe(
      'Client refunds the payment processor reported failed (1)',
    );
    await expect(failedRefunds.getByRole('row').nth(1).textContent()).resolves.toMatch(
      /Failed: expired_or_canceled_card; not retried yet.*Refund re_/,
    );
    await expect(page.getByText('will be listed here once the ledger provides them').count()).resolves.toBe(0);

    await failedRefunds.getByRole('link').click();
    await page.waitForURL(`**/admin/contracts/${contract._id}`);
    const processor = page.getByRole('region', { name: 'The payment processor' });
    await expect(processor.textContent()).resolves.toMatch(
      /Client refund.*Failed .*: expired_or_canceled_card \(refund re_.*Failures1Retries0/,
    );
    // The escrow is resolved: only the failed refund's answers are offered.
    await expect(page.getByRole('button', { name: 'Refund…', exact: true }).count()).resolves.toBe(0);
    await page.getByRole('button', { name: 'Retry the refund…' }).click();
    const consequence = page.getByRole('region', { name: 'Confirm' });
    await expect(consequence.textContent()).resolves.toContain(
      `Send the client’s refund of ${clientRefund} through the payment processor again.The last one failed: expired_or_canceled_card.`,
    );
    await page.screenshot({ path: join(IMAGES_DIR, 'console-failed-refund.png'), fullPage: true });
    await consequence.getByRole('button', { name: 'Retry the refund', exact: true }).click();
    await expect(page.getByRole('status').textContent()).resolves.toBe('Retry the refund: done.');
    await expect(processor.textContent()).resolves.toMatch(/Client refundSent again \(refund re_.*Failures1Retries1/);
    await expect(page.getByRole('button', { name: 'Retry the refund…' }).count()).resolves.toBe(0);
    const history = await page.locator('tr[data-history]').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-history')));
    expect(history.slice(-3)).toEqual(['money ClientRefundFailed', 'escrow ClientRefundRetried', 'money ClientRefundSent']);

    await page.goto(`${world.api.baseUrl}/admin`);
    await expect(failedRefunds.getByRole('heading').textContent()).resolves.toBe(
      'Client refunds the payment processor reported failed (0)',
    );
    await expect(failedRefunds.textContent()).resolves.toContain('Nothing waits here.');

    // The refund sent again fails too: this time the client is paid by bank transfer, and the admin records it.
    await refundFailed('lost_or_stolen_card');
    await page.reload();
    await failedRefunds.getByRole('row').nth(1).getByText('Failed: lost_or_stolen_card; retried 1 time(s) so far').waitFor();
    await failedRefunds.getByRole('link').click();
    await page.waitForURL(`**/admin/contracts/${contract._id}`);
    await page.getByRole('button', { name: 'Record as settled by hand…' }).click();
    await page.getByLabel('How the client was paid').fill('NEFT to the client’s account, UTR 4411 <b>paid</b>');
    await page.getByRole('button', { name: 'Record as settled by hand', exact: true }).click();
    await expect(page.getByRole('status').textContent()).resolves.toBe('Record as settled by hand: done.');
    await expect(processor.textContent()).resolves.toContain(`by admin ${admin.id}: “NEFT to the client’s account, UTR 4411 <b>paid</b>”`);
    await expect(page.locator('main b').count()).resolves.toBe(0);
    await expect(page.getByRole('button', { name: 'Retry the refund…' }).count()).resolves.toBe(0);

    await page.goto(`${world.api.baseUrl}/admin`);
    await expect(failedRefunds.getByRole('heading').textContent()).resolves.toBe(
      'Client refunds the payment processor reported failed (0)',
    );
    // The history as the client reads it: both failures, the retry and the settlement, with the amount each moved.
    const steps = (await historyOf(world.api, client, contract._id)).map(
      (entry) => `${entry.source} ${entry.type} ${String(entry.details['amount'])}`,
    );
    const amount = String(refunded.resolution.clientRefund);
    expect(steps.slice(-5)).toEqual([
      `money ClientRefundFailed ${amount}`,
      'escrow ClientRefundRetried undefined',
      `money ClientRefundSent ${amount}`,
      `money ClientRefundFailed ${amount}`,
      `money ClientRefundSettledByHand ${amount}`,
    ]);
    await page.close();
  });

  it('answers the failed refund of a payment returned whole (no contract, so no case page) on its queue row: retried, then settled by hand', async () => {
    const { client, freelancer, admin } = world.callers();
    const { contract } = await fundedContract(world.api, world.webhookSecret, client, freelancer, 120_000);
    // A second payment for the job already hired funds nothing and goes back whole.
    const second = await payThroughWebhook(world.api.baseUrl, world.webhookSecret, {
      jobId: contract.jobId._id,
      client,
      freelancer,
      amountPaise: 120_000,
    });
    const returned = expectStatus<{ data: (EscrowDocument & { contractId: string | null })[] }>(
      await world.api.get('/api/client/payments?limit=100', { as: client }),
      200,
      'payments',
    ).data.find((payment) => payment.checkoutSessionId === second.checkoutSessionId);
    expect(returned).toMatchObject({ contractId: null, status: 'refunded' });
    const refundFailed = async (refundId: string, reason: string) =>
      stripeReports('refund.failed', {
        id: refundId,
        object: 'refund',
        amount: 120_000,
        currency: 'inr',
        status: 'failed',
        failure_reason: reason,
        payment_intent: returned!.paymentIntentId,
        metadata: { escrowId: returned!._id },
      });
    await refundFailed(returned!.refund!.stripeRefundId!, 'expired_or_canceled_card');

    const page = await browser.context.newPage();
    await signInAsAdmin(page, admin);
    const failedRefunds = queueSection(page, 'failed-refunds');
    const row = failedRefunds.getByRole('row').nth(1);
    await row.getByText('Failed: expired_or_canceled_card; not retried yet').waitFor();
    await expect(row.getByRole('link').count(), 'no contract to open').resolves.toBe(0);
    await row.getByRole('button', { name: 'Retry the refund…' }).click();
    await expect(row.getByRole('region', { name: 'Confirm' }).textContent()).resolves.toContain(
      'Send the client’s refund of ₹1,200.00 through the payment processor again.The last one failed: expired_or_canceled_card.',
    );
    await row.getByRole('button', { name: 'Retry the refund', exact: true }).click();
    await expect(page.getByRole('status').textContent()).resolves.toBe('Retry the refund: done.');
    await expect(failedRefunds.getByRole('heading').textContent()).resolves.toBe(
      'Client refunds the payment processor reported failed (0)',
    );

    // The refund sent again fails too: the client is paid by bank transfer, and the admin records it on the row.
    const caseNow = expectStatus<{ data: (EscrowDocument & { contractId: string | null })[] }>(
      await world.api.get('/api/client/payments?limit=100', { as: client }),
      200,
      'payments',
    ).data.find((payment) => payment._id === returned!._id);
    await refundFailed(caseNow!.refund!.stripeRefundId!, 'lost_or_stolen_card');
    await page.reload();
    await row.getByText('Failed: lost_or_stolen_card; retried 1 time(s) so far').waitFor();
    await row.getByRole('button', { name: 'Record as settled by hand…' }).click();
    await page.getByLabel('How the client was paid').fill('NEFT, UTR 7781');
    await page.getByRole('button', { name: 'Record as settled by hand', exact: true }).click();
    await expect(page.getByRole('status').textContent()).resolves.toBe('Record as settled by hand: done.');
    await expect(failedRefunds.getByRole('heading').textContent()).resolves.toBe(
      'Client refunds the payment processor reported failed (0)',
    );
    const settled = expectStatus<{ data: (EscrowDocument & { processor: Record<string, unknown> })[] }>(
      await world.api.get('/api/client/payments?limit=100', { as: client }),
      200,
      'payments',
    ).data.find((payment) => payment._id === returned!._id);
    expect(settled!.processor).toMatchObject({ refundFailure: null, refundRetries: 1, refundSettledByHand: { note: 'NEFT, UTR 7781' } });
    await page.close();
  });

  it('lists a chargeback Stripe opened, and the case page offers no release, refund or decision while it is open', async () => {
    const { client, freelancer, admin } = world.callers();
    const { contract, payment } = await fundedContract(world.api, world.webhookSecret, client, freelancer, 150_000);
    await advanceWork(world.api, freelancer, contract._id, 'Completed');
    const disputeId = `du_test_${contract._id}`;
    await stripeReports('charge.dispute.created', {
      id: disputeId,
      object: 'dispute',
      amount: 150_000,
      currency: 'inr',
      status: 'needs_response',
      reason: 'fraudulent',
      payment_intent: payment.paymentIntentId,
    });

    const page = await browser.context.newPage();
    await signInAsAdmin(page, admin);
    const chargebacks = queueSection(page, 'chargebacks');
    await expect(chargebacks.getByRole('heading').textContent()).resolves.toBe('Open chargebacks (1)');
    await expect(chargebacks.getByRole('row').nth(1).textContent()).resolves.toMatch(
      new RegExp(`₹1,500\\.00 disputed with the card network, 0 h ago.*Dispute ${disputeId}`),
    );

    await chargebacks.getByRole('link').click();
    await page.waitForURL(`**/admin/contracts/${contract._id}`);
    await expect(page.getByRole('region', { name: 'The payment processor' }).textContent()).resolves.toMatch(
      new RegExp(`Chargebackopen: ₹1,500\\.00, dispute ${disputeId}, opened `),
    );
    const actions = page.getByRole('region', { name: 'Actions' });
    await expect(actions.textContent()).resolves.toContain('An open chargeback freezes this escrow');
    await expect(actions.getByRole('button').count()).resolves.toBe(0);
    await expect(page.locator('tr[data-history="escrow ChargebackOpened"]').count()).resolves.toBe(1);
    // The API refuses what the page does not offer.
    const release = await world.api.put(`/api/admin/escrow/release-fund/${contract._id}`, { as: admin });
    expect(release).toMatchObject({ status: 409, body: { code: 'ESCROW.IN_CHARGEBACK' } });

    // The network decides for the platform: the escrow is free again, and the page offers the release.
    await stripeReports('charge.dispute.closed', {
      id: disputeId,
      object: 'dispute',
      amount: 150_000,
      currency: 'inr',
      status: 'won',
      payment_intent: payment.paymentIntentId,
    });
    await page.goto(`${world.api.baseUrl}/admin`);
    await expect(chargebacks.getByRole('heading').textContent()).resolves.toBe('Open chargebacks (0)');
    await page.goto(`${world.api.baseUrl}/admin/contracts/${contract._id}`);
    await actions.getByRole('button', { name: 'Approve the release…' }).waitFor();
    await expect(actions.textContent()).resolves.not.toContain('An open chargeback freezes this escrow');
    await page.close();
  });
});
