import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { payoutTransferGroup, RECONCILIATION_DIFFERENCE_KINDS } from '@skillhouse/domain';
import { connectMongo, createMongoosePorts, type MongoConnection, type MongoosePorts } from '@skillhouse/persistence-mongoose';
import { freshId, Marketplace, startIntegrationApi, type IntegrationApi } from './testing/integration-api.ts';
import { StatefulFakeStripe } from './testing/stateful-fake-stripe.ts';
import { request } from './testing/test-server.ts';

/**
 * The reconciliation against FerretDB and a Stripe that keeps state (stripe-mock keeps none): money
 * moved through the API (payments, refunds, a release, withdrawals) reconciles clean; then each kind
 * of difference is injected at the processor, and both the endpoint and the command list every one,
 * while the database stays exactly as it was.
 */
const run = promisify(execFile);
const appDirectory = fileURLToPath(new URL('..', import.meta.url));

/** What holds the books: none of these may change when the reconciliation runs. */
const BOOKS = [
  'escrows',
  'escrow_events',
  'ledger_transfers',
  'contracts',
  'contract_events',
  'jobs',
  'job_events',
  'payout_accounts',
  'operations',
];

let fake: StatefulFakeStripe;
let api: IntegrationApi;
let mongo: MongoConnection;
let ports: MongoosePorts;
let market: Marketplace;
let admin: string;

beforeAll(async () => {
  fake = await StatefulFakeStripe.start();
  api = await startIntegrationApi('reconcile', { STRIPE_API_BASE: fake.url });
  if (api.config.database.kind !== 'mongo') throw new Error('the integration API runs on MongoDB');
  mongo = await connectMongo(api.config.database.uri);
  ports = await createMongoosePorts(mongo.connection);
  market = new Marketplace(api);
  admin = api.token('admin', freshId());
});
afterAll(async () => {
  await mongo?.close();
  await api?.close();
  await fake?.close();
});

/** The command as an operator runs it, with the API's settings less those named in `unset`. */
function reconcileCommand(args: readonly string[], unset: readonly string[] = []) {
  const { database, payments } = api.config;
  if (database.kind !== 'mongo' || payments.kind !== 'stripe') throw new Error('the integration API runs on MongoDB and Stripe');
  const settings: Record<string, string | undefined> = {
    ...process.env,
    LOG_LEVEL: 'info',
    MONGODB_URI: database.uri,
    JWT_SECRET: api.config.jwtSecret,
    STRIPE_SECRET_KEY: payments.secretKey,
    STRIPE_WEBHOOK_SECRET: payments.webhookSecret,
    STRIPE_API_BASE: fake.url,
  };
  const env = Object.fromEntries(Object.entries(settings).filter(([name]) => !unset.includes(name)));
  return run('pnpm', ['exec', 'tsx', 'src/reconcile.ts', ...args], { cwd: appDirectory, env, timeout: 120_000 });
}

async function snapshotOfBooks(): Promise<Record<string, unknown[]>> {
  const snapshot: Record<string, unknown[]> = {};
  for (const name of BOOKS) snapshot[name] = await mongo.connection.collection(name).find({}).sort({ _id: 1 }).toArray();
  return snapshot;
}

/** A payment through the webhook, which the processor holds too; its escrow and payment intent. */
async function funded(clientId: string, freelancerId: string, amountPaise = 1_000_000) {
  const jobId = await market.postJob(clientId);
  const { contractId, sessionId } = await market.pay(jobId, clientId, freelancerId, amountPaise);
  const paymentIntentId = `pi_${sessionId}`;
  fake.addPayment(paymentIntentId, amountPaise);
  const escrow = await ports.escrows.findByPaymentIntent(paymentIntentId);
  if (escrow === null) throw new Error('the payment funded no escrow');
  return { contractId, escrowId: escrow.id, paymentIntentId, clientId };
}

/** Funded, then refunded by an admin before the work started: the client's share is a Stripe refund. */
async function refunded(clientId: string, freelancerId: string) {
  const hire = await funded(clientId, freelancerId);
  const response = await request(api.url, 'PUT', `/api/admin/escrow/refund-client/${hire.contractId}/${clientId}`, { token: admin });
  expect(response.status).toBe(200);
  const [refund] = fake.refundsOf(hire.paymentIntentId);
  if (refund === undefined) throw new Error('the refund never reached the processor');
  return { ...hire, refundId: refund.id, refundPaise: refund.amount };
}

async function withdraw(freelancerId: string, amount: number) {
  const response = await request(api.url, 'POST', '/api/freelancer/wallet/withdraw', {
    token: api.token('freelancer', freelancerId),
    json: { amount },
  });
  expect(response.status).toBe(202);
  expect(response.body.withdrawal.status).toBe('paid_out');
  const id: string = response.body.withdrawal._id;
  const [transfer] = fake.transfersOf(payoutTransferGroup(id));
  if (transfer === undefined) throw new Error('the payout never reached the processor');
  return { id, payoutId: transfer.id };
}

describe('the reconciliation', () => {
  it('agrees after money moved through the API, then lists each difference injected at the processor, changing nothing', async () => {
    const since = new Date(Date.now() - 60_000);
    const freelancerId = freshId();
    const heldShort = await funded(freshId(), freelancerId);
    const heldMissing = await funded(freshId(), freelancerId);
    const heldOutside = await funded(freshId(), freelancerId);
    const refundFailed = await refunded(freshId(), freelancerId);
    const refundMissing = await refunded(freshId(), freelancerId);
    const refundAmount = await refunded(freshId(), freelancerId);
    // The freelancer earns from a released escrow, connects an account and withdraws three times.
    const released = await funded(freshId(), freelancerId);
    await market.advance(released.contractId, freelancerId, 'Completed');
    await market.release(released.contractId, released.clientId);
    await ports.payoutAccounts.claim({
      userId: freelancerId,
      accountId: 'acct_fake',
      payoutsEnabled: true,
      createdAt: new Date(),
      reportedAt: null,
    });
    const reversed = await withdraw(freelancerId, 1_000);
    const lost = await withdraw(freelancerId, 1_000);
    const resized = await withdraw(freelancerId, 1_000);
    const doubled = await withdraw(freelancerId, 1_000);

    const clean = await request(api.url, 'GET', `/api/admin/reconciliation?since=${since.toISOString()}`, { token: admin });
    expect(clean.status).toBe(200);
    expect(clean.body).toMatchObject({ escrowsChecked: 7, withdrawalsChecked: 4, count: 0, differences: [] });
    await expect(reconcileCommand(['--since', since.toISOString()])).resolves.toMatchObject({
      stdout: expect.stringContaining('"differences":0'),
    });

    // The processor's own movements the webhooks never told, and records that disagree.
    fake.setAmountReceived(heldShort.paymentIntentId, 900_000);
    fake.forgetPayment(heldMissing.paymentIntentId);
    fake.addRefund(heldOutside.paymentIntentId, 20_000);
    const unknownRefund = fake.addRefund(heldOutside.paymentIntentId, 5_000, heldOutside.escrowId);
    fake.setRefund(refundFailed.refundId, { status: 'failed' });
    fake.forgetRefund(refundMissing.refundId);
    fake.setRefund(refundAmount.refundId, { amount: refundAmount.refundPaise - 100 });
    fake.setTransfer(reversed.payoutId, { amountReversed: 100_000 });
    fake.forgetTransfer(lost.payoutId);
    fake.setTransfer(resized.payoutId, { amount: 99_000 });
    const duplicate = fake.addTransfer(payoutTransferGroup(doubled.id), doubled.id, 100_000);
    const before = await snapshotOfBooks();

    const report = await request(api.url, 'GET', `/api/admin/reconciliation?since=${since.toISOString()}`, { token: admin });
    expect(report.status).toBe(200);
    const listed = (report.body.differences as { kind: string; subjectId: string; externalId: string | null }[]).map(
      ({ kind, subjectId, externalId }) => ({ kind, subjectId, externalId }),
    );
    expect(listed).toEqual(
      expect.arrayContaining([
        { kind: 'payment_amount_differs', subjectId: heldShort.escrowId, externalId: heldShort.paymentIntentId },
        { kind: 'payment_missing_at_processor', subjectId: heldMissing.escrowId, externalId: heldMissing.paymentIntentId },
        { kind: 'refunded_total_differs', subjectId: heldOutside.escrowId, externalId: heldOutside.paymentIntentId },
        { kind: 'refund_unknown_to_ledger', subjectId: heldOutside.escrowId, externalId: unknownRefund },
        { kind: 'refund_state_differs', subjectId: refundFailed.escrowId, externalId: refundFailed.refundId },
        { kind: 'refunded_total_differs', subjectId: refundFailed.escrowId, externalId: refundFailed.paymentIntentId },
        { kind: 'refund_missing_at_processor', subjectId: refundMissing.escrowId, externalId: refundMissing.refundId },
        { kind: 'refunded_total_differs', subjectId: refundMissing.escrowId, externalId: refundMissing.paymentIntentId },
        { kind: 'refund_amount_differs', subjectId: refundAmount.escrowId, externalId: refundAmount.refundId },
        { kind: 'refunded_total_differs', subjectId: refundAmount.escrowId, externalId: refundAmount.paymentIntentId },
        { kind: 'payout_reversal_not_recorded', subjectId: reversed.id, externalId: reversed.payoutId },
        { kind: 'payout_missing_at_processor', subjectId: lost.id, externalId: lost.payoutId },
        { kind: 'payout_amount_differs', subjectId: resized.id, externalId: resized.payoutId },
        { kind: 'payout_unknown_to_ledger', subjectId: doubled.id, externalId: duplicate },
      ]),
    );
    expect(report.body.count).toBe(14);
    expect(report.body.count).toBe(listed.length);
    expect(report.body.differences).toContainEqual(
      expect.objectContaining({ kind: 'payment_amount_differs', ledgerAmount: 10_000, processorAmount: 9_000 }),
    );
    // Every kind but the reversal that disagrees with a return the ledger recorded was injected.
    expect(new Set(listed.map(({ kind }) => kind))).toEqual(
      new Set(RECONCILIATION_DIFFERENCE_KINDS.filter((kind) => kind !== 'payout_reversal_differs')),
    );

    const failed = reconcileCommand(['--since', since.toISOString()]);
    await expect(failed).rejects.toMatchObject({ code: 1, stdout: expect.stringContaining('"differences":14') });
    const { stdout } = (await failed.catch((error: unknown) => error)) as { stdout: string };
    for (const { kind, subjectId } of listed)
      expect(stdout).toContain(`${kind}: ${kind.startsWith('payout') ? 'withdrawal' : 'escrow'} ${subjectId}`);

    expect(await snapshotOfBooks()).toEqual(before);
  });

  it('looks only at what happened since the time given, refuses a time it cannot read, and is for admins', async () => {
    const later = new Date(Date.now() + 60_000).toISOString();
    const nothing = await request(api.url, 'GET', `/api/admin/reconciliation?since=${later}`, { token: admin });
    expect(nothing.body).toMatchObject({ escrowsChecked: 0, withdrawalsChecked: 0, count: 0 });
    const unreadable = await request(api.url, 'GET', '/api/admin/reconciliation?since=yesterday', { token: admin });
    expect(unreadable).toMatchObject({ status: 400, body: { code: 'VALIDATION.INVALID_REQUEST' } });
    await expect(reconcileCommand([`--since=${later}`])).resolves.toMatchObject({ stdout: expect.stringContaining('"escrowsChecked":0') });
    await expect(reconcileCommand(['--since', 'yesterday'])).rejects.toMatchObject({ code: 2 });
    await expect(reconcileCommand(['--bogus'])).rejects.toMatchObject({ code: 2, stdout: expect.stringContaining('bogus') });
    const asClient = await request(api.url, 'GET', '/api/admin/reconciliation', { token: api.token('client', freshId()) });
    expect(asClient.status).toBe(403);
  });

  it('refuses to run, with exit 2, without the database, without Stripe to compare it with, or with a setting it cannot read', async () => {
    await expect(reconcileCommand([], ['MONGODB_URI'])).rejects.toMatchObject({ code: 2, stdout: expect.stringContaining('MONGODB_URI') });
    await expect(reconcileCommand([], ['STRIPE_SECRET_KEY', 'STRIPE_WEBHOOK_SECRET', 'STRIPE_API_BASE'])).rejects.toMatchObject({
      code: 2,
      stdout: expect.stringContaining('STRIPE_SECRET_KEY is not set'),
    });
    await expect(reconcileCommand([], ['STRIPE_SECRET_KEY'])).rejects.toMatchObject({
      code: 2,
      stdout: expect.stringContaining('STRIPE_API_BASE: only meaningful with STRIPE_SECRET_KEY set'),
    });
  });

  it('answers 502 when Stripe cannot be reached, and the command exits 1', async () => {
    fake.unavailable = true;
    try {
      const since = new Date(Date.now() - 24 * 60 * 60 * 1_000).toISOString();
      const outage = await request(api.url, 'GET', `/api/admin/reconciliation?since=${since}`, { token: admin });
      expect(outage).toMatchObject({ status: 502, body: { code: 'PAYMENT.GATEWAY_FAILED' } });
      await expect(reconcileCommand(['--since', since])).rejects.toMatchObject({ code: 1 });
    } finally {
      fake.unavailable = false;
    }
  });
});
