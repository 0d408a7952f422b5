import { InMemoryPaymentGateway } from '@skillhouse/in-memory';
import { createMarketplace, foldEscrow, type EscrowState, type Marketplace, type ProcessorReport } from '@skillhouse/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditDatabase } from './audit-database.ts';
import { Crash, crashAfterWrites } from './testing/crashing-ports.ts';
import {
  createEscrowWorld,
  fundContract,
  newParties,
  progressTo,
  readyForRelease,
  type EscrowWorld,
  type Parties,
} from './testing/escrow-world.ts';
import { openTestDatabase, type TestDatabase } from './testing/test-database.ts';

/**
 * Each handler of the processor's reports, and the admin's retry of a failed refund, stopped after
 * its 1st write, its 2nd, and so on until it runs through. After each crash, recovery runs on
 * healthy ports and Stripe delivers the report again (it was never answered 200); the admin asks
 * again if the retry was lost. Whatever the crash point: the report recorded once, its money moved
 * once, no operation left open, and the audit of the whole database clean.
 */
const WRITES_MAX = 25;

let database: TestDatabase;
let world: EscrowWorld;
const gateway = new InMemoryPaymentGateway();

beforeAll(async () => {
  database = await openTestDatabase('processor_crashes');
  world = createEscrowWorld(database.ports, { payments: gateway });
});

afterAll(async () => {
  await database?.drop();
});

interface Scenario {
  readonly name: string;
  /** Brings a fresh escrow to where the step applies; returns the step and what must hold after it. */
  prepare(parties: Parties): Promise<{ escrowId: string; step: (service: Marketplace) => Promise<unknown>; redo: Redo }>;
  expectEnd(state: EscrowState): void;
}

/** What the outside world does after a crash: Stripe delivers the report again; an admin retries if nothing happened. */
type Redo = (state: EscrowState) => Promise<void>;

async function escrowState(escrowId: string): Promise<EscrowState> {
  const escrow = await world.ports.escrows.findById(escrowId);
  if (escrow === null) throw new Error(`no escrow ${escrowId}`);
  return foldEscrow(
    escrow,
    (await world.ports.escrows.read(escrowId)).map(({ event }) => event),
  );
}

async function refundedAtPending(
  parties: Parties,
): Promise<{ escrowId: string; contractId: string; refundId: string; report: ProcessorReport }> {
  const funded = await fundContract(world, parties);
  const refunded = await world.service.refundEscrow.execute({
    actor: parties.admin,
    contractId: funded.contractId,
    clientId: parties.client.userId,
  });
  const refundId = refunded.clientRefundId;
  if (refundId === null) throw new Error('the refund was not sent');
  gateway.failStandingRefund(refundId);
  const report: ProcessorReport = {
    kind: 'refundFailed',
    refundId,
    escrowId: refunded.id,
    paymentIntentId: refunded.paymentIntentId,
    reason: 'lost_or_stolen_card',
    reportedAt: new Date(),
  };
  return { escrowId: refunded.id, contractId: funded.contractId, refundId, report };
}

function reported(report: ProcessorReport) {
  return {
    step: (service: Marketplace) => service.recordProcessorReport.execute(report),
    redo: async () => {
      await world.service.recordProcessorReport.execute(report);
    },
  };
}

const SCENARIOS: readonly Scenario[] = [
  {
    name: 'a failed client refund',
    async prepare(parties) {
      const { escrowId, report } = await refundedAtPending(parties);
      return { escrowId, ...reported(report) };
    },
    expectEnd(state) {
      expect(state.refundFailures).toHaveLength(1);
      expect(state.refundFailure).not.toBeNull();
    },
  },
  {
    name: 'the admin’s retry of a failed refund',
    async prepare(parties) {
      const { escrowId, contractId, report } = await refundedAtPending(parties);
      await world.service.recordProcessorReport.execute(report);
      const retry = (service: Marketplace) => service.retryClientRefund.execute({ actor: parties.admin, contractId });
      return {
        escrowId,
        step: retry,
        redo: async (state) => {
          if (state.refundFailure !== null) await retry(world.service);
        },
      };
    },
    expectEnd(state) {
      expect(state).toMatchObject({ refundFailure: null, clientRefundsSent: 2, refundRetries: [expect.anything()] });
      expect(gateway.refunds().filter((refund) => refund.escrowId === state.escrow.id)).toHaveLength(1);
    },
  },
  {
    name: 'a refund made outside this service, on work under way',
    async prepare(parties) {
      const funded = await fundContract(world, parties);
      await progressTo(world, parties, funded.contractId, 'Ongoing');
      const state = await escrowState(funded.escrowId);
      return {
        escrowId: funded.escrowId,
        ...reported({
          kind: 'paymentRefunded',
          paymentIntentId: state.escrow.paymentIntentId,
          refundedTotalPaise: state.escrow.amountPaise,
          reportedAt: new Date(),
        }),
      };
    },
    expectEnd(state) {
      expect(state.resolution).toMatchObject({
        kind: 'outside_refund',
        clientRefundPaise: state.escrow.amountPaise,
        freelancerPayoutPaise: 0,
      });
      expect(state.settledAt).not.toBeNull();
      expect(state.outsideRefundReports).toHaveLength(1);
    },
  },
  {
    name: 'a chargeback lost on a delivered contract',
    async prepare(parties) {
      const funded = await readyForRelease(world, parties);
      const state = await escrowState(funded.escrowId);
      const chargeback = {
        paymentIntentId: state.escrow.paymentIntentId,
        disputeId: `du_${funded.escrowId}`,
        amountPaise: state.escrow.amountPaise,
      };
      await world.service.recordProcessorReport.execute({ kind: 'chargebackOpened', ...chargeback });
      return { escrowId: funded.escrowId, ...reported({ kind: 'chargebackClosed', ...chargeback, won: false }) };
    },
    expectEnd(state) {
      expect(state.chargeback?.status).toBe('lost');
      expect(state.resolution).toMatchObject({ kind: 'chargeback', freelancerPayoutPaise: 0 });
      expect(state.settledAt).not.toBeNull();
    },
  },
  {
    name: 'a refund made outside this service after the release',
    async prepare(parties) {
      const funded = await readyForRelease(world, parties);
      await world.service.releaseEscrow.execute({ actor: parties.admin, contractId: funded.contractId });
      const state = await escrowState(funded.escrowId);
      return {
        escrowId: funded.escrowId,
        ...reported({
          kind: 'paymentRefunded',
          paymentIntentId: state.escrow.paymentIntentId,
          refundedTotalPaise: 1_000,
          reportedAt: new Date(),
        }),
      };
    },
    expectEnd(state) {
      expect(state.resolution?.kind).toBe('release');
      expect(state.outsideRefundedPaise).toBe(1_000);
    },
  },
];

describe('the processor’s reports stopped at every write, then recovered and delivered again', () => {
  it.each(SCENARIOS)(
    '$name: recorded and moved once, whatever the crash point',
    async (scenario) => {
      let completedRun = false;
      let crashes = 0;
      for (let crashAfter = 1; crashAfter <= WRITES_MAX && !completedRun; crashAfter += 1) {
        const { escrowId, step, redo } = await scenario.prepare(newParties());
        const crashing = crashAfterWrites(world.ports, crashAfter);
        try {
          await step(createMarketplace(crashing.ports, world.policy));
          completedRun = !crashing.crashed();
        } catch (error) {
          if (!(error instanceof Crash)) throw error;
          crashes += 1;
        }
        await world.service.recoverInterruptedOperations.execute({ graceMs: 0 });
        await redo(await escrowState(escrowId));

        const state = await escrowState(escrowId);
        scenario.expectEnd(state);
        expect(
          await world.ports.operations.listOpen(new Date(Date.now() + 60_000), 100),
          `after a crash at write ${crashAfter}`,
        ).toStrictEqual([]);
        expect(await auditDatabase(database.connection.connection), `the audit after a crash at write ${crashAfter}`).toStrictEqual([]);
      }
      expect(completedRun, `the step ran through within ${WRITES_MAX} writes`).toBe(true);
      expect(crashes, 'the step writes more than once: there were crash points to try').toBeGreaterThan(1);
    },
    240_000,
  );
});
