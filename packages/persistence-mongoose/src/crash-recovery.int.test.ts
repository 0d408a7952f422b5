import { createMarketplace, type Marketplace, type MarketplacePolicy } from '@skillhouse/domain';
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
  ShiftedClock,
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
const REVIEW_PERIOD_MS = 60_000;

/** A database and the use cases over it; the review timer's scenarios get one of their own, with a clock to move. */
interface CrashContext {
  readonly database: TestDatabase;
  readonly world: EscrowWorld;
  readonly clock: ShiftedClock;
}

const contexts: { main?: CrashContext; timed?: CrashContext } = {};

async function openContext(tag: string, policy: Partial<MarketplacePolicy>): Promise<CrashContext> {
  const database = await openTestDatabase(tag);
  const clock = new ShiftedClock();
  return { database, clock, world: createEscrowWorld(database.ports, { clock, policy }) };
}

beforeAll(async () => {
  contexts.main = await openContext('crashes', {});
  contexts.timed = await openContext('crashes_timed', { reviewPeriodMs: REVIEW_PERIOD_MS });
});

afterAll(async () => {
  await contexts.main?.database.drop();
  await contexts.timed?.database.drop();
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
  /** The review timer's scenarios move their context's clock. */
  readonly context?: 'main' | 'timed';
  setup(parties: Parties, context: CrashContext): Promise<{ subject: Subject; run: (service: Marketplace) => Promise<unknown> }>;
}

/** What the records say, without ids, so runs on different records compare. */
async function stateOf({ world, database }: CrashContext, subject: Subject) {
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
    listed: (await world.ports.contracts.list({ jobId: subject.jobId, limit: 10 }))
      .map(({ contract }) => contract)
      .map((contract) => `${contract.status}/${contract.releaseFundStatus}/${contract.sequence}`),
    escrowsOfJob: await database.count('escrows', { jobId: subject.jobId }),
    escrow: escrow === null ? null : await escrowRecords(world, escrow.id),
    money: escrow === null ? null : await moneyOf(world, escrow.id),
  };
}

/** The escrow's stream and its view, which must have caught up with it. */
async function escrowRecords(world: EscrowWorld, escrowId: string) {
  const view = await world.ports.escrows.view(escrowId);
  return {
    events: (await world.ports.escrows.read(escrowId)).map(({ event }) => event.type),
    view:
      view === null
        ? null
        : {
            sequence: view.sequence,
            status: view.status,
            review: view.review?.round ?? null,
            dispute: view.dispute?.status ?? null,
            resolution: view.resolution === null ? null : `${view.resolution.kind} by ${view.resolution.decidedByRole}`,
            settled: view.settledAt !== null,
          },
  };
}

const FAR_FUTURE = new Date('9999-01-01T00:00:00.000Z');

async function openOperations({ world }: CrashContext): Promise<number> {
  return (await world.ports.operations.listOpen(FAR_FUTURE, 100)).length;
}

/**
 * The setup of a scenario on a contract a payment funded, worked up to `status` ('Pending': not yet
 * accepted) and then `prepare`d: the use case under test is `act` on that contract.
 */
function onFundedContract(
  status: 'Pending' | 'Started' | 'Ongoing' | 'Completed',
  act: (service: Marketplace, parties: Parties, contractId: string) => Promise<unknown>,
  prepare?: (context: CrashContext, parties: Parties, contractId: string) => Promise<void>,
): CrashScenario['setup'] {
  return async (parties, context) => {
    const funded = await fundContract(context.world, parties);
    if (status !== 'Pending') await progressTo(context.world, parties, funded.contractId, status);
    await prepare?.(context, parties, funded.contractId);
    return { subject: funded, run: (service) => act(service, parties, funded.contractId) };
  };
}

const scenarios: readonly CrashScenario[] = [
  {
    useCase: 'recordPayment',
    async setup(parties, { world }) {
      const { job, outcome } = await checkOut(world, parties);
      return {
        subject: { jobId: job.id, contractId: null, checkoutSessionId: outcome.checkoutSessionId },
        run: (service) => service.recordPayment.execute(outcome),
      };
    },
  },
  {
    useCase: 'createContract',
    async setup(parties, { world }) {
      const job = await world.service.postJob.execute({
        actor: parties.client,
        title: 'Menu card',
        description: 'A menu for a cafe',
        rate: 800,
      });
      return {
        subject: { jobId: job.id, contractId: null, checkoutSessionId: null },
        run: (service) =>
          service.createContract.execute({ actor: parties.client, jobId: job.id, freelancerId: parties.freelancer.userId, amount: 800 }),
      };
    },
  },
  {
    useCase: 'cancelContract',
    setup: onFundedContract('Started', (service, { client }, contractId) =>
      service.cancelContract.execute({ actor: client, contractId, reason: 'no longer needed' }),
    ),
  },
  {
    // Single-step changes: a crash between the append and its reproject leaves a stale list entry.
    useCase: 'acceptContract',
    crashesMin: 1,
    setup: onFundedContract('Pending', (service, { freelancer }, contractId) =>
      service.acceptContract.execute({ actor: freelancer, contractId, freelancerId: freelancer.userId }),
    ),
  },
  {
    useCase: 'requestRelease',
    crashesMin: 1,
    setup: onFundedContract('Completed', (service, { client }, contractId) =>
      service.requestRelease.execute({ actor: client, contractId }),
    ),
  },
  {
    useCase: 'releaseEscrow',
    async setup(parties, { world }) {
      const funded = await readyForRelease(world, parties);
      return { subject: funded, run: (service) => service.releaseEscrow.execute({ actor: parties.admin, contractId: funded.contractId }) };
    },
  },
  {
    useCase: 'refundEscrow',
    setup: onFundedContract('Ongoing', (service, { admin, client }, contractId) =>
      service.refundEscrow.execute({ actor: admin, contractId, clientId: client.userId }),
    ),
  },
  {
    useCase: 'decideDispute',
    setup: onFundedContract(
      'Completed',
      (service, { admin }, contractId) =>
        service.decideDispute.execute({
          actor: admin,
          contractId,
          freelancerPayout: 135,
          refundPlatformFee: false,
          note: 'Part of the work was usable',
        }),
      async ({ world }, { client }, contractId) => {
        await world.service.openDispute.execute({ actor: client, contractId, reason: 'quality', description: 'The files do not open' });
      },
    ),
  },
  {
    // Single-step on the escrow's stream: a crash between the append and its project leaves the view behind.
    useCase: 'openDispute',
    crashesMin: 1,
    setup: onFundedContract('Ongoing', (service, { freelancer }, contractId) =>
      service.openDispute.execute({ actor: freelancer, contractId, reason: 'payment', description: 'The client stopped answering' }),
    ),
  },
  {
    useCase: 'requestChanges',
    crashesMin: 2,
    setup: onFundedContract('Completed', (service, { client }, contractId) =>
      service.requestChanges.execute({ actor: client, contractId, note: 'A darker green' }),
    ),
  },
  {
    // The review timer: a delivery left unanswered past its review period is released by the system.
    useCase: 'releaseLapsedReviews',
    context: 'timed',
    setup: onFundedContract(
      'Completed',
      // The timer counts a failed escrow and goes on; here a crash must stop it, as it stops the process.
      (service) =>
        service.releaseLapsedReviews.execute({
          onFailure: (_, error) => {
            throw error;
          },
        }),
      async ({ clock }) => {
        clock.advance(REVIEW_PERIOD_MS);
      },
    ),
  },
];

/** Each crash point sets its scenario up afresh on FerretDB; the ledger's writes added crash points, and a loaded machine takes over a minute for the longest. */
const CRASH_SCENARIO_TIMEOUT_MS = 180_000;

describe('recovery after a crash at every write', () => {
  it.each(scenarios)(
    '$useCase',
    async (scenario) => {
      const context = contexts[scenario.context ?? 'main'];
      if (context === undefined) throw new Error('the contexts are opened before the tests');
      const { world } = context;
      const reference = await scenario.setup(newParties(), context);
      await reference.run(world.service);
      const finished = await stateOf(context, reference.subject);

      let crashes = 0;
      for (let crashAfter = 1; crashAfter <= WRITES_MAX; crashAfter += 1) {
        const { subject, run } = await scenario.setup(newParties(), context);
        const untouched = await stateOf(context, subject);
        const crashing = crashAfterWrites(world.ports, crashAfter);
        const stopped = await run(createMarketplace(crashing.ports, world.policy)).then(
          () => null,
          (error: unknown) => error,
        );
        if (stopped === null) {
          expect(await stateOf(context, subject)).toStrictEqual(finished);
          break;
        }
        expect(stopped).toBeInstanceOf(Crash);
        crashes += 1;

        // The repair pass covers the single-step changes, which keep no journal entry.
        const report = await world.service.recoverInterruptedOperations.execute({
          graceMs: 0,
          projectionsRecordedSince: new Date(Date.now() - 60_000),
        });
        expect(report.failed, `recovery after write ${crashAfter}`).toBe(0);
        expect(await openOperations(context)).toBe(0);
        const recovered = await stateOf(context, subject);
        if (JSON.stringify(recovered) === JSON.stringify(untouched)) {
          await run(world.service);
        } else {
          expect(recovered, `recovered state after write ${crashAfter}`).toStrictEqual(finished);
        }
        expect(await stateOf(context, subject), `final state after write ${crashAfter}`).toStrictEqual(finished);
      }
      expect(crashes).toBeGreaterThanOrEqual(scenario.crashesMin ?? 3);
    },
    CRASH_SCENARIO_TIMEOUT_MS,
  );
});
