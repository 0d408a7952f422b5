import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { paiseToInr } from '@skillhouse/domain';
import { startRecordingProxy, type RecordingProxy } from '@skillhouse/test-servers';
import { ApiClient, expectStatus, newCaller, type Caller } from './support/api-client.ts';
import { freshDatabaseUri, stripeBackedSettings, type StripeBackedSettings } from './support/api-environment.ts';
import { startApiPair, stopApis, type RunningApi } from './support/api-process.ts';
import { expectCleanAudit } from './support/books-audit.ts';
import { createFakedWallClock, type FakedWallClock } from './support/faked-wall-clock.ts';
import {
  advanceWork,
  detailsOf,
  earningsOf,
  expectChronological,
  expectReleasedAfter,
  fundedContract,
  FUNDED_AND_DELIVERED_STEPS,
  historyOf,
  stepsOf,
  viewContract,
  type ContractDocument,
  type EscrowDocument,
} from './support/marketplace-steps.ts';

/**
 * The review period lapsing across real processes: two API processes on one database, each running
 * its review timer every second, with their wall clocks moved forward together by libfaketime
 * (support/faked-wall-clock.ts). Nothing in the API is told that time is faked.
 */

const REVIEW_PERIOD_DAYS = 14;
const REVIEW_TIMER_INTERVAL_MS = 1_000;
/** Several escrows lapse at the same moment, so both timers find work in the same runs. */
const CONTRACTS = 6;
/** ₹1,000 each: fee 100, earning 900. */
const AMOUNT_PAISE = 100_000;
const EARNING_PAISE = 90_000;
const DAY_MS = 24 * 60 * 60 * 1000;
/** The callers' tokens must outlast the move of the API's clock. */
const TOKEN_LIFETIME_SECONDS = 60 * 24 * 60 * 60;
const RELEASE_WAIT_MS = 30_000;

let clock: FakedWallClock;
let proxy: RecordingProxy;
let settings: StripeBackedSettings;
let servers: RunningApi[] = [];
let apis: ApiClient[] = [];

/** The suite's database, audited at its end. */
let databaseUri: string;

beforeAll(async () => {
  clock = createFakedWallClock();
  proxy = await startRecordingProxy(inject('stripeMockUrl'));
  databaseUri = freshDatabaseUri(inject('mongodbUri'), 'auto_release');
  settings = stripeBackedSettings(databaseUri, `http://127.0.0.1:${proxy.port}`);
  const env = {
    ...settings.env,
    ...clock.env,
    REVIEW_PERIOD_DAYS: String(REVIEW_PERIOD_DAYS),
    REVIEW_TIMER_INTERVAL_MS: String(REVIEW_TIMER_INTERVAL_MS),
    // The tokens are issued before the clock moves, so their age (from iat) grows with it.
    JWT_MAX_AGE: String(TOKEN_LIFETIME_SECONDS),
  };
  ({ servers, apis } = await startApiPair(env));
});

afterAll(async () => {
  await stopApis(servers);
  await proxy?.close();
  clock?.remove();
});

function apiFor(index: number): ApiClient {
  return apis[index % apis.length]!;
}

function caller(role: 'client' | 'freelancer' | 'admin'): Caller {
  return newCaller(role, settings.jwtSecret, TOKEN_LIFETIME_SECONDS);
}

async function moveClockDays(days: number): Promise<void> {
  clock.setOffsetDays(days);
  await Promise.all(servers.map((server) => clock.waitUntilFollowedBy(server.url)));
}

function pause(ms: number): Promise<void> {
  return new Promise((resolveWait) => setTimeout(resolveWait, ms));
}

async function escrowsOf(contractIds: readonly string[]): Promise<ContractDocument[]> {
  return Promise.all(contractIds.map((contractId, index) => viewContract(apiFor(index), contractId)));
}

describe('a delivery the client leaves unanswered', () => {
  it('is released by system once the review period lapses: one release and one credit per escrow, with two processes’ timers', async () => {
    // Goal: a freelancer whose client stays silent is paid without anyone acting. Each delivery opens
    // a 14-day review period on the API's own clock; while it runs the timers release nothing; once
    // the clock of both processes passes it, the escrows are released by `system`, exactly as an
    // admin release would, and exactly once although both processes' timers find them due.
    const client = caller('client');
    const freelancer = caller('freelancer');
    const admin = caller('admin');
    const contracts: ContractDocument[] = [];
    for (let index = 0; index < CONTRACTS; index += 1) {
      const { contract } = await fundedContract(apiFor(index), settings.webhookSecret, client, freelancer, AMOUNT_PAISE);
      await advanceWork(apiFor(index + 1), freelancer, contract._id, 'Completed');
      contracts.push(contract);
    }
    const contractIds = contracts.map((contract) => contract._id);

    const reviewEnds = new Map<string, number>();
    for (const delivered of await escrowsOf(contractIds)) {
      const deliveredAt = Date.parse((delivered['statusHistory'] as { status: string; date: string }[]).at(-1)!.date);
      const reviewEndsAt = Date.parse(delivered.reviewEndsAt as string);
      expect(reviewEndsAt - deliveredAt).toBe(REVIEW_PERIOD_DAYS * DAY_MS);
      reviewEnds.set(delivered._id, reviewEndsAt);
    }

    // Day 13 of 14: the timers of both processes run three times or more and release nothing.
    await moveClockDays(REVIEW_PERIOD_DAYS - 1);
    await pause(3 * REVIEW_TIMER_INTERVAL_MS + 500);
    for (const waiting of await escrowsOf(contractIds)) {
      expect(waiting).toMatchObject({
        status: 'Completed',
        releaseFundStatus: 'NotRequested',
        escrow: { status: 'funded', resolution: null },
      });
    }
    expect((await earningsOf(apiFor(0), freelancer)).balance).toBe(0);

    // Day 15: the period lapsed. Both processes' next timer runs find every escrow due.
    await moveClockDays(REVIEW_PERIOD_DAYS + 1);
    const deadline = Date.now() + RELEASE_WAIT_MS;
    while ((await escrowsOf(contractIds)).some((contract) => contract.releaseFundStatus !== 'Approved')) {
      if (Date.now() > deadline)
        throw new Error(`the escrows were not all released within ${RELEASE_WAIT_MS} ms of the clock passing their review period`);
      await pause(250);
    }
    // More runs of both timers over escrows already released: they must change nothing.
    await pause(3 * REVIEW_TIMER_INTERVAL_MS + 500);

    const wallet = await earningsOf(apiFor(1), freelancer);
    expect(wallet.balance).toBe(paiseToInr(CONTRACTS * EARNING_PAISE));
    expect(wallet.entries).toHaveLength(CONTRACTS);
    expect(wallet.entries.map((entry) => entry.escrowId).sort()).toEqual(contracts.map((contract) => contract.escrowId).sort());
    for (const entry of wallet.entries) expect(entry).toMatchObject({ amount: paiseToInr(EARNING_PAISE), direction: 'credit' });

    for (const [index, contractId] of contractIds.entries()) {
      const released = await viewContract(apiFor(index), contractId);
      expect(released).toMatchObject({
        status: 'Completed',
        releaseFundStatus: 'Approved',
        escrow: {
          status: 'released',
          resolution: {
            kind: 'release',
            clientRefund: 0,
            freelancerPayout: paiseToInr(EARNING_PAISE),
            decidedBy: { _id: 'system', role: 'system' },
          },
          refund: null,
        },
      });
      // Decided on the moved clock, after the review period ended.
      const escrow = released['escrow'] as EscrowDocument & { resolution: { decidedAt: string } };
      expect(Date.parse(escrow.resolution.decidedAt)).toBeGreaterThanOrEqual(reviewEnds.get(contractId)!);

      const history = await historyOf(apiFor(index + 1), client, contractId);
      const steps = stepsOf(history, { client, freelancer, admin });
      expectReleasedAfter(steps, FUNDED_AND_DELIVERED_STEPS, 'system');
      expectChronological(history);
      expect(detailsOf(history, 'escrow', 'EscrowResolved')).toMatchObject({
        kind: 'release',
        freelancerPayout: paiseToInr(EARNING_PAISE),
      });
    }

    // Released as an admin release would be: nothing left to release, and the client may review.
    expect(await apiFor(0).put(`/api/admin/escrow/release-fund/${contractIds[0]!}`, { as: admin })).toMatchObject({ status: 409 });
    const review = { freelancerId: freelancer.id, contractId: contractIds[0], rating: 5, description: 'Delivered; I forgot to confirm.' };
    expectStatus(
      await apiFor(1).post(`/api/client/review/rate-freelancer/${client.id}`, { as: client, json: review }),
      201,
      'rate-freelancer',
    );
    expect((await earningsOf(apiFor(0), freelancer)).entries).toHaveLength(CONTRACTS);
  });
});

describe('the books', () => {
  // Bounded by the wait for the repair pass inside (90 s).
  it('are left clean, as the audit command finds them', async () => {
    await expectCleanAudit(databaseUri);
  }, 120_000);
});
