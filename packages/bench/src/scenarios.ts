import { Agent } from 'node:http';
import type { Db } from 'mongodb';
import { runLoad, send, type BenchRequest } from './http-load.ts';
import { combine, measure, type Sample, type SystemName, type Target } from './measurement.ts';
import { recordShapesOfCheckout } from './record-shapes.ts';
import type { SeededDatabase } from './seed.ts';
import type { BenchSettings } from './settings.ts';
import { paidCheckout, webhookDelivery, type OpenJob, type PaidCheckout } from './stripe-deliveries.ts';

/** One size's database with both servers running on it. */
export interface SizeContext {
  readonly settings: BenchSettings;
  readonly api: Target;
  readonly floor: Target;
  readonly dbPid: number | null;
  /** A direct connection (not through a proxy), for the checks. */
  readonly db: Db;
  readonly seeded: SeededDatabase;
  readonly webhookSecret: string;
  /** Resolves once neither server has sent the database anything for a moment: called before each measured window. */
  readonly settle: () => Promise<void>;
  readonly log: (message: string) => void;
}

/** Something that must hold for the numbers to mean anything; a failed check fails the run. */
export interface Check {
  readonly name: string;
  readonly passed: boolean;
  readonly detail: string;
}

export interface ScenarioResult {
  readonly api: Sample;
  readonly floor: Sample;
  readonly checks: readonly Check[];
}

/** `total` split into `rounds` parts that differ by at most one. */
export function roundCounts(total: number, rounds: number): number[] {
  return Array.from({ length: rounds }, (_, round) => Math.floor(total / rounds) + (round < total % rounds ? 1 : 0));
}

/**
 * The order the two servers are measured in, round by round: the API first in even rounds, the
 * floor first in odd ones. Whichever went first in a round was charged a few percent less in
 * sittings where both slots ran the same API build (performance.md), so neither side always goes first.
 */
export function inTurn<T>(round: number, api: T, floor: T): readonly [T, T] {
  return round % 2 === 0 ? [api, floor] : [floor, api];
}

/** Hands out each server's open jobs in order, each once. */
export class OpenJobs {
  private taken = 0;
  constructor(private readonly jobs: readonly OpenJob[]) {}

  take(count: number): OpenJob[] {
    if (this.taken + count > this.jobs.length)
      throw new Error(`only ${this.jobs.length} open jobs were seeded; ${this.taken + count} are needed`);
    const taken = this.jobs.slice(this.taken, this.taken + count);
    this.taken += count;
    return taken;
  }
}

function noFailures(name: string, samples: Readonly<Record<SystemName, Sample>>): Check {
  const failing = (Object.entries(samples) as [SystemName, Sample][]).filter(([, sample]) => sample.failures > 0 || sample.notSent > 0);
  return {
    name: `${name}: every request was sent before the round's time limit and answered as expected`,
    passed: failing.length === 0,
    detail: failing
      .map(
        ([system, sample]) =>
          `${system}: ${sample.ops} answered, ${sample.failures} failed, ${sample.notSent} not sent${sample.firstFailure === null ? '' : `; first failure: ${sample.firstFailure}`}`,
      )
      .join('; '),
  };
}

async function deliverAll(context: SizeContext, target: Target, checkouts: readonly PaidCheckout[], concurrency: number): Promise<Sample> {
  await context.settle();
  return measure(target, context.dbPid, () =>
    runLoad({
      baseUrl: target.server.url,
      count: checkouts.length,
      concurrency,
      timeLimitMs: context.settings.roundTimeoutMs,
      requestTimeoutMs: context.settings.requestTimeoutMs,
      expectedStatus: 200,
      requestAt: (index) => webhookDelivery(checkouts[index]!, context.webhookSecret),
    }),
  );
}

/**
 * Scenario 1: distinct paid checkouts, each delivered once, `webhookConcurrency` at a time; the API
 * and the floor alternate rounds (`inTurn`). Then the records one delivery left on each side must have the
 * same shape.
 */
export async function webhookDeliveries(context: SizeContext, jobs: Readonly<Record<SystemName, OpenJobs>>): Promise<ScenarioResult> {
  const { settings } = context;
  const targets = [context.api, context.floor];
  for (const target of targets) {
    const warmup = jobs[target.name].take(settings.warmupWebhooks).map(paidCheckout);
    await deliverAll(context, target, warmup, settings.webhookConcurrency);
  }
  const samples: Record<SystemName, Sample[]> = { API: [], floor: [] };
  const firstCheckout: Partial<Record<SystemName, PaidCheckout>> = {};
  for (const [round, count] of roundCounts(settings.webhookDeliveries, settings.rounds).entries()) {
    for (const target of inTurn(round, context.api, context.floor)) {
      const checkouts = jobs[target.name].take(count).map(paidCheckout);
      firstCheckout[target.name] ??= checkouts[0];
      context.log(`  webhooks: ${target.name}, ${count} deliveries`);
      samples[target.name].push(await deliverAll(context, target, checkouts, settings.webhookConcurrency));
    }
  }
  const api = combine(samples.API);
  const floor = combine(samples.floor);
  const [apiShapes, floorShapes] = await Promise.all([
    recordShapesOfCheckout(context.db, firstCheckout.API!.checkoutSessionId),
    recordShapesOfCheckout(context.db, firstCheckout.floor!.checkoutSessionId),
  ]);
  const sameRecords = apiShapes === floorShapes;
  return {
    api,
    floor,
    checks: [
      noFailures('webhook deliveries', { API: api, floor }),
      {
        name: 'webhook deliveries: the floor writes records of the same collections, fields, types and event types as the API',
        passed: sameRecords,
        detail: sameRecords ? '' : `API:\n${apiShapes}\nfloor:\n${floorShapes}`,
      },
    ],
  };
}

/** Scenario 2: one paid checkout delivered `stormDeliveries` times at once; one escrow and one contract must come of it. */
export async function deliveryStorm(context: SizeContext, jobs: Readonly<Record<SystemName, OpenJobs>>): Promise<ScenarioResult> {
  const samples: Partial<Record<SystemName, Sample>> = {};
  const checks: Check[] = [];
  for (const target of [context.api, context.floor]) {
    const [job] = jobs[target.name].take(1);
    const checkout = paidCheckout(job!);
    context.log(`  storm: ${target.name}, ${context.settings.stormDeliveries} deliveries of one session`);
    samples[target.name] = await deliverAll(
      context,
      target,
      Array(context.settings.stormDeliveries).fill(checkout),
      context.settings.stormDeliveries,
    );
    const escrows = await context.db.collection('escrows').countDocuments({ checkoutSessionId: checkout.checkoutSessionId });
    const contracts = await context.db.collection('contracts').countDocuments({ jobId: job!.jobId });
    checks.push({
      name: `storm: ${target.name} made one escrow and one contract`,
      passed: escrows === 1 && contracts === 1,
      detail: `${escrows} escrows, ${contracts} contracts`,
    });
  }
  return {
    api: samples.API!,
    floor: samples.floor!,
    checks: [noFailures('storm', { API: samples.API!, floor: samples.floor! }), ...checks],
  };
}

/** How many clients the list check compares byte for byte on both servers. */
const LIST_CLIENTS_COMPARED = 3;

function listRequest(clients: readonly string[]): (index: number) => BenchRequest {
  return (index) => ({ method: 'GET', path: `/api/client/get-contracts/${clients[index % clients.length]!}` });
}

/**
 * Scenario 3: the contract list of clients holding `contractsPerClient` contracts each, in turn;
 * the floor's answers are first checked to be the API's, byte for byte.
 */
export async function contractList(context: SizeContext): Promise<ScenarioResult> {
  const { settings, seeded } = context;
  if (seeded.listClients.length === 0) throw new Error(`no client holds exactly ${settings.contractsPerClient} contracts`);
  const agent = new Agent({ keepAlive: true });
  const mismatches: string[] = [];
  for (const clientId of seeded.listClients.slice(0, LIST_CLIENTS_COMPARED)) {
    const path = `/api/client/get-contracts/${clientId}`;
    const [fromApi, fromFloor] = await Promise.all(
      [context.api, context.floor].map((target) => send(target.server.url, agent, { method: 'GET', path })),
    );
    const count = (JSON.parse(fromApi!.body) as { count?: number }).count;
    if (fromApi!.status !== 200 || fromApi!.body !== fromFloor!.body || count !== settings.contractsPerClient) {
      mismatches.push(
        `${path}: API ${fromApi!.status} (${String(count)} contracts) ${fromApi!.body.slice(0, 400)}\nfloor ${fromFloor!.status} ${fromFloor!.body.slice(0, 400)}`,
      );
    }
  }
  agent.destroy();

  const run = async (target: Target, count: number) => {
    await context.settle();
    return measure(target, context.dbPid, () =>
      runLoad({
        baseUrl: target.server.url,
        count,
        concurrency: settings.listConcurrency,
        timeLimitMs: settings.roundTimeoutMs,
        requestTimeoutMs: settings.requestTimeoutMs,
        expectedStatus: 200,
        requestAt: listRequest(seeded.listClients),
      }),
    );
  };
  for (const target of [context.api, context.floor]) await run(target, settings.warmupListRequests);
  const samples: Record<SystemName, Sample[]> = { API: [], floor: [] };
  for (const [round, count] of roundCounts(settings.listRequests, settings.rounds).entries()) {
    for (const target of inTurn(round, context.api, context.floor)) {
      context.log(`  contract list: ${target.name}, ${count} requests`);
      samples[target.name].push(await run(target, count));
    }
  }
  const api = combine(samples.API);
  const floor = combine(samples.floor);
  return {
    api,
    floor,
    checks: [
      noFailures('contract list', { API: api, floor }),
      {
        name: `contract list: the floor answers the API's bytes, ${settings.contractsPerClient} contracts`,
        passed: mismatches.length === 0,
        detail: mismatches.join('\n'),
      },
    ],
  };
}
