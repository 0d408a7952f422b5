import { createMarketplace, type Marketplace } from '@skillhouse/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Crash, crashAfterWrites } from './testing/crashing-ports.ts';
import {
  checkOut,
  createEscrowWorld,
  foldedContract,
  foldedJob,
  fundContract,
  moneyOf,
  newParties,
  progressTo,
  readyForRelease,
  type EscrowWorld,
  type Parties,
} from './testing/escrow-world.ts';
import { openTestDatabase, type TestDatabase } from './testing/test-database.ts';

/**
 * Each multi-step use case is stopped after its 1st write, then after its 2nd, and so on until it
 * runs through. After each stop, recovery runs on healthy ports; the records must then show either
 * nothing done (and a retry of the request finishes it) or the whole of it, exactly as an
 * uninterrupted run leaves it, with no money moved twice.
 */
const WRITES_MAX = 80;

let database: TestDatabase;
let world: EscrowWorld;

beforeAll(async () => {
  database = await openTestDatabase('crashes');
  world = createEscrowWorld(database.ports);
});

afterAll(async () => {
  await database?.drop();
});

interface Subject {
  readonly jobId: string;
  readonly contractId: string | null;
  readonly checkoutSessionId: string | null;
}

interface CrashScenario {
  readonly useCase: string;
  /** Writes at which a crash can stop the use case: single-step ones have fewer than the rest. */
  readonly crashesMin?: number;
  setup(parties: Parties): Promise<{ subject: Subject; run: (service: Marketplace) => Promise<unknown> }>;
}

/** What the records say, without ids, so runs on different records compare. */
async function stateOf(subject: Subject) {
  const job = await foldedJob(world, subject.jobId);
  const escrow = subject.checkoutSessionId === null ? null : await world.ports.escrows.findByCheckoutSession(subject.checkoutSessionId);
  const contracts = await Promise.all((job?.hires ?? []).map((hire) => foldedContract(world, hire.contractId)));
  return {
    job: { status: job?.status, hires: job?.hires.length },
    contracts: contracts.map((contract) => ({
      status: contract?.status,
      releaseFundStatus: contract?.releaseFundStatus,
      fundedByThisPayment: escrow !== null && contract?.escrowId === escrow.id,
      canceledFrom: contract?.cancellation?.from ?? null,
      events: contract?.sequence,
    })),
    projectedJob: (await database.ports.jobs.findProjected(subject.jobId))?.status,
    listed: (await world.ports.contracts.list({ jobId: subject.jobId, limit: 10 })).map((contract) => `${contract.status}/${contract.releaseFundStatus}/${contract.sequence}`),
    escrowsOfJob: await database.count('escrows', { jobId: subject.jobId }),
    money: escrow === null ? null : await moneyOf(world, escrow.id),
  };
}

async function openOperations(): Promise<number> {
  return (await world.ports.operations.listOpen(new Date(), 100)).length;
}

const scenarios: readonly CrashScenario[] = [
  {
    useCase: 'recordPayment',
    async setup(parties) {
      const { job, outcome } = await checkOut(world, parties);
      return { subject: { jobId: job.id, contractId: null, checkoutSessionId: outcome.checkoutSessionId }, run: (service) => service.recordPayment.execute(outcome) };
    },
  },
  {
    useCase: 'createContract',
    async setup(parties) {
      const job = await world.service.postJob.execute({ actor: parties.client, title: 'Menu card', description: 'A menu for a cafe', rate: 800 });
      return {
        subject: { jobId: job.id, contractId: null, checkoutSessionId: null },
        run: (service) => service.createContract.execute({ actor: parties.client, jobId: job.id, freelancerId: parties.freelancer.userId, amount: 800 }),
      };
    },
  },
  {
    useCase: 'cancelContract',
    async setup(parties) {
      const funded = await fundContract(world, parties);
      await progressTo(world, parties, funded.contractId, 'Started');
      return {
        subject: funded,
        run: (service) => service.cancelContract.execute({ actor: parties.client, contractId: funded.contractId, reason: 'no longer needed' }),
      };
    },
  },
  {
    // Single-step changes: a crash between the append and its reproject leaves a stale list entry.
    useCase: 'acceptContract',
    crashesMin: 1,
    async setup(parties) {
      const funded = await fundContract(world, parties);
      return {
        subject: funded,
        run: (service) => service.acceptContract.execute({ actor: parties.freelancer, contractId: funded.contractId, freelancerId: parties.freelancer.userId }),
      };
    },
  },
  {
    useCase: 'requestRelease',
    crashesMin: 1,
    async setup(parties) {
      const funded = await fundContract(world, parties);
      await progressTo(world, parties, funded.contractId, 'Completed');
      return { subject: funded, run: (service) => service.requestRelease.execute({ actor: parties.client, contractId: funded.contractId }) };
    },
  },
  {
    useCase: 'releaseEscrow',
    async setup(parties) {
      const funded = await readyForRelease(world, parties);
      return { subject: funded, run: (service) => service.releaseEscrow.execute({ actor: parties.admin, contractId: funded.contractId }) };
    },
  },
  {
    useCase: 'refundEscrow',
    async setup(parties) {
      const funded = await fundContract(world, parties);
      await progressTo(world, parties, funded.contractId, 'Ongoing');
      return {
        subject: funded,
        run: (service) => service.refundEscrow.execute({ actor: parties.admin, contractId: funded.contractId, clientId: parties.client.userId }),
      };
    },
  },
];

describe('recovery after a crash at every write', () => {
  it.each(scenarios)('$useCase', async (scenario) => {
    const reference = await scenario.setup(newParties());
    await reference.run(world.service);
    const finished = await stateOf(reference.subject);

    let crashes = 0;
    for (let crashAfter = 1; crashAfter <= WRITES_MAX; crashAfter += 1) {
      const { subject, run } = await scenario.setup(newParties());
      const untouched = await stateOf(subject);
      const crashing = crashAfterWrites(world.ports, crashAfter);
      const stopped = await run(createMarketplace(crashing.ports)).then(() => null, (error: unknown) => error);
      if (stopped === null) {
        expect(await stateOf(subject)).toStrictEqual(finished);
        break;
      }
      expect(stopped).toBeInstanceOf(Crash);
      crashes += 1;

      // The repair pass covers the single-step changes, which keep no journal entry.
      const report = await world.service.recoverInterruptedOperations.execute({ graceMs: 0, projectionsRecordedSince: new Date(Date.now() - 60_000) });
      expect(report.failed, `recovery after write ${crashAfter}`).toBe(0);
      expect(await openOperations()).toBe(0);
      const recovered = await stateOf(subject);
      if (JSON.stringify(recovered) === JSON.stringify(untouched)) {
        await run(world.service);
      } else {
        expect(recovered, `recovered state after write ${crashAfter}`).toStrictEqual(finished);
      }
      expect(await stateOf(subject), `final state after write ${crashAfter}`).toStrictEqual(finished);
    }
    expect(crashes).toBeGreaterThanOrEqual(scenario.crashesMin ?? 3);
  });
});
