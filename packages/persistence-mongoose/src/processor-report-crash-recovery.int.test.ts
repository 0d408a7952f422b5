import { InMemoryPaymentGateway } from '@skillhouse/in-memory';
import { createMarketplace, foldEscrow, type EscrowState, type Marketplace, type ProcessorReport } from '@skillhouse/domain';
import { describe, expect, it } from 'vitest';
import { auditDatabase } from './audit-database.ts';
import { Crash, crashAfterWrites } from './testing/crashing-ports.ts';
import { fundContract, newParties, progressTo, readyForRelease, type Parties } from './testing/escrow-world.ts';
import { escrowWorldOnTestDatabase } from './testing/test-database.ts';

/**
 * Each handler of the processor's reports, and the admin's retry of a failed refund, stopped after
 * its 1st write, its 2nd, and so on until it runs through. After each crash, recovery runs on
 * healthy ports and Stripe delivers the report again (it was never answered 200); the admin asks
 * again if the retry was lost. Whatever the crash point: the report recorded once, its money moved
 * once, no operation left open, and the audit of the whole database clean.
 */
const WRITES_MAX = 25;

const gateway = new InMemoryPaymentGateway();
const suite = escrowWorldOnTestDatabase('processor_crashes', { payments: gateway });

interface Scenario {
  readonly name: string;
  /** Brings a fresh escrow to where the step applies; returns the step and what must hold after it. */
  prepare(parties: Parties): Promise<{ escrowId: string; step: (service: Marketplace) => Promise<unknown>; redo: Redo }>;
  expectEnd(state: EscrowState): void;
}

/** What the outside world does after a crash: Stripe delivers the report again; an admin retries if nothing happened. */
type Redo = (state: EscrowState) => Promise<void>;

async function escrowState(escrowId: string): Promise<EscrowState> {
  const escrow = await suite.world.ports.escrows.findById(escrowId);
  if (escrow === null) throw new Error(`no escrow ${escrowId}`);
  return foldEscrow(
    escrow,
    (await suite.world.ports.escrows.read(escrowId)).map(({ event }) => event),
  );
}

async function refundedAtPending(
  parties: Parties,
): Promise<{ escrowId: string; contractId: string; refundId: string; report: ProcessorReport }> {
  const funded = await fundContract(suite.world, parties);
  const refunded = await suite.world.service.refundEscrow.execute({
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
      await suite.world.service.recordProcessorReport.execute(report);
    },
  };
}

/** Stripe's report of a refund made in its Dashboard: the payment's refunds now total `refundedTotalPaise`, the whole payment unless told. */
async function refundedOutside(escrowId: string, refundedTotalPaise?: number) {
  const { escrow } = await escrowState(escrowId);
  return reported({
    kind: 'paymentRefunded',
    paymentIntentId: escrow.paymentIntentId,
    refundedTotalPaise: refundedTotalPaise ?? escrow.amountPaise,
    reportedAt: new Date(),
  });
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
      await suite.world.service.recordProcessorReport.execute(report);
      const retry = (service: Marketplace) => service.retryClientRefund.execute({ actor: parties.admin, contractId });
      return {
        escrowId,
        step: retry,
        redo: async (state) => {
          if (state.refundFailure !== null) await retry(suite.world.service);
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
      const funded = await fundContract(suite.world, parties);
      await progressTo(suite.world, parties, funded.contractId, 'Ongoing');
      return { escrowId: funded.escrowId, ...(await refundedOutside(funded.escrowId)) };
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
      const funded = await readyForRelease(suite.world, parties);
      const state = await escrowState(funded.escrowId);
      const chargeback = {
        paymentIntentId: state.escrow.paymentIntentId,
        disputeId: `du_${funded.escrowId}`,
        amountPaise: state.escrow.amountPaise,
      };
      await suite.world.service.recordProcessorReport.execute({ kind: 'chargebackOpened', ...chargeback });
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
      const funded = await readyForRelease(suite.world, parties);
      await suite.world.service.releaseEscrow.execute({ actor: parties.admin, contractId: funded.contractId });
      return { escrowId: funded.escrowId, ...(await refundedOutside(funded.escrowId, 1_000)) };
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
        const crashing = crashAfterWrites(suite.world.ports, crashAfter);
        try {
          await step(createMarketplace(crashing.ports, suite.world.policy));
          completedRun = !crashing.crashed();
        } catch (error) {
          if (!(error instanceof Crash)) throw error;
          crashes += 1;
        }
        await suite.world.service.recoverInterruptedOperations.execute({ graceMs: 0 });
        await redo(await escrowState(escrowId));

        const state = await escrowState(escrowId);
        scenario.expectEnd(state);
        expect(
          await suite.world.ports.operations.listOpen(new Date(Date.now() + 60_000), 100),
          `after a crash at write ${crashAfter}`,
        ).toStrictEqual([]);
        expect(await auditDatabase(suite.database.connection.connection), `the audit after a crash at write ${crashAfter}`).toStrictEqual(
          [],
        );
      }
      expect(completedRun, `the step ran through within ${WRITES_MAX} writes`).toBe(true);
      expect(crashes, 'the step writes more than once: there were crash points to try').toBeGreaterThan(1);
    },
    240_000,
  );
});

describe('a client refund the processor refuses for good, on the database', () => {
  it('is stored as a failed refund no refund names, read back so from the stream and the view, and the retry sends one refund', async () => {
    const parties = newParties();
    const funded = await fundContract(suite.world, parties);
    gateway.refuseNextRefund('charge_already_refunded');
    const refunded = await suite.world.service.refundEscrow.execute({
      actor: parties.admin,
      contractId: funded.contractId,
      clientId: parties.client.userId,
    });
    expect(refunded.refundFailure).toMatchObject({ refundId: null, reason: 'charge_already_refunded' });
    expect((await escrowState(refunded.id)).refundFailure).toMatchObject({ refundId: null, reason: 'charge_already_refunded' });
    expect((await suite.world.ports.escrows.view(refunded.id))?.refundFailure).toMatchObject({ refundId: null });
    expect(await auditDatabase(suite.database.connection.connection)).toStrictEqual([]);

    const refundsBefore = gateway.refunds().length;
    await suite.world.service.retryClientRefund.execute({ actor: parties.admin, contractId: funded.contractId });
    expect(gateway.refunds()).toHaveLength(refundsBefore + 1);
    expect((await escrowState(refunded.id)).refundFailure).toBeNull();
    expect(await auditDatabase(suite.database.connection.connection)).toStrictEqual([]);
  });
});
