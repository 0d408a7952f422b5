import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createMarketplace, DomainError, type Actor, type Clock, type Marketplace } from '@skillhouse/domain';
import {
  advanceWork,
  checkoutOutcome,
  createWorld,
  delivered,
  hireThroughPayment,
  openDisputeThrough,
  people,
  postJob,
  releaseRequested,
  workedUpTo,
  type FundedHire,
  type WorkStatus,
  type World,
} from '../escrow-fixtures.test-support.ts';
import { expectInvariants, observeState, type KnownRecords, type ObservedState } from '../escrow-invariants.test-support.ts';
import { scheduledPorts } from '../port-interception.test-support.ts';
import { SteppingClock } from '../stepping-clock.test-support.ts';

/**
 * Conflicting use cases run at once, every port call a scheduling point, in the interleavings
 * fast-check draws. Whatever the order, each race must end in one of the outcomes a serial order
 * could give, with the invariants of the model test intact.
 */
const RACE_RUNS = 150;
const NOTHING_DRAWN = fc.constant(undefined);
const UNPAID_WORK = { reason: 'payment', description: 'I did the work' };

/** Holds when `property` holds in every interleaving fast-check draws, with every value `drawn` draws. */
function inEveryInterleaving<T>(drawn: fc.Arbitrary<T>, property: (scheduler: fc.Scheduler, value: T) => Promise<void>): Promise<void> {
  return fc.assert(fc.asyncProperty(fc.scheduler(), drawn, property), { numRuns: RACE_RUNS });
}
const USER_IDS = Object.values(people).map((person) => person.userId);

/** A process over the world's records whose port calls the scheduler orders; its own clock if given. */
function racingMarketplace(world: World, scheduler: fc.Scheduler, clock?: Clock): Marketplace {
  const ports = scheduledPorts(world.ports, scheduler);
  return createMarketplace(clock === undefined ? ports : { ...ports, clock });
}

const DISPUTING = fc.constantFrom(people.client, people.freelancer);

function known(hire: FundedHire): Omit<KnownRecords, 'userIds'> {
  return { jobIds: [hire.job.id], contractIds: [hire.contractId], checkoutSessionIds: [hire.checkoutSessionId] };
}

function refundAs(service: Marketplace, refunder: Actor, hire: FundedHire): Promise<unknown> {
  return service.refundEscrow.execute({ actor: refunder, contractId: hire.contractId, clientId: people.client.userId });
}

function winners(...results: (PromiseSettledResult<unknown> | undefined)[]): number {
  return results.filter((result) => result?.status === 'fulfilled').length;
}

/** Starts every task at once and lets the scheduler interleave them; a task may only fail with a refusal. */
async function race(scheduler: fc.Scheduler, tasks: readonly (() => Promise<unknown>)[]): Promise<PromiseSettledResult<unknown>[]> {
  const settled = await scheduler.waitFor(Promise.allSettled(tasks.map((task) => task())));
  for (const result of settled) if (result.status === 'rejected') expect(result.reason).toBeInstanceOf(DomainError);
  return settled;
}

/** The review timer ran without a failure, and either it released the escrow or `rival` won: never both, never neither. */
function expectExactlyOneWinner(rival: PromiseSettledResult<unknown> | undefined, timer: PromiseSettledResult<unknown> | undefined): void {
  expect(timer?.status).toBe('fulfilled');
  const report = (timer as PromiseFulfilledResult<{ released: number; failed: number }>).value;
  expect(report.failed).toBe(0);
  expect(winners(rival) + report.released).toBe(1);
}

function refusalCode(result: PromiseSettledResult<unknown> | undefined): string {
  return result?.status === 'rejected' ? (result.reason as DomainError).code : 'fulfilled';
}

async function checkedState(world: World, known: Omit<KnownRecords, 'userIds'>): Promise<ObservedState> {
  const state = await observeState(world.ports, { ...known, userIds: USER_IDS }, () => world.ports.payments.refunds());
  expectInvariants(state, null);
  return state;
}

async function contractEvents(world: World, contractId: string): Promise<string[]> {
  return (await world.ports.contracts.read(contractId)).map((stored) => stored.event.type);
}

describe('races between conflicting use cases', () => {
  // Goal: a refund racing the freelancer completing, the client requesting and an admin releasing
  // resolves the escrow exactly once: either the work is canceled and refunded, or it is released.
  it('release versus refund: exactly one resolution, the wallet credited at most once', () =>
    inEveryInterleaving(fc.constantFrom(people.client, people.admin), async (scheduler, refunder) => {
      const world = createWorld();
      const hire = await workedUpTo('Ongoing')(world);
      const racing = racingMarketplace(world, scheduler);
      const [refund, release] = await race(scheduler, [
        () => refundAs(racing, refunder, hire),
        async () => {
          await racing.updateContractStatus.execute({ actor: people.freelancer, contractId: hire.contractId, status: 'Completed' });
          await racing.requestRelease.execute({ actor: people.client, contractId: hire.contractId });
          return racing.releaseEscrow.execute({ actor: people.admin, contractId: hire.contractId });
        },
      ]);
      expect([refund?.status, release?.status].filter((status) => status === 'fulfilled')).toHaveLength(1);
      const state = await checkedState(world, known(hire));
      const escrow = state.escrowsBySession[hire.checkoutSessionId]!;
      if (refund?.status === 'fulfilled') {
        expect(escrow.view.resolution).toMatchObject({
          kind: 'refund',
          stage: 'Ongoing',
          clientRefundPaise: 27_000,
          freelancerPayoutPaise: 18_000,
        });
      } else {
        expect(escrow.view.resolution).toMatchObject({ kind: 'release', clientRefundPaise: 0, freelancerPayoutPaise: 45_000 });
      }
      expect(escrow.ledger.filter((transfer) => transfer.kind === 'freelancer_payout')).toHaveLength(1);
    }));

  // Goal: Stripe delivering one payment 3-5 times at once, to as many processes, makes one escrow
  // and one contract. (Deliveries to one process join the one in flight: see record-payment.)
  it('duplicate deliveries of one payment: one escrow, one contract, all answering the same', () =>
    inEveryInterleaving(fc.integer({ min: 3, max: 5 }), async (scheduler, copies) => {
      const world = createWorld();
      const job = await postJob(world);
      const outcome = checkoutOutcome('cs_duplicated', { jobId: job.id });
      const results = await race(
        scheduler,
        Array.from({ length: copies }, () => {
          const racing = racingMarketplace(world, scheduler);
          return () => racing.recordPayment.execute(outcome);
        }),
      );
      const escrowIds = results.map((result) =>
        result.status === 'fulfilled' ? (result.value as { escrow: { id: string } }).escrow.id : null,
      );
      expect(new Set(escrowIds).size).toBe(1);
      expect(escrowIds[0]).not.toBeNull();
      const contracts = (await world.ports.contracts.list({ jobId: job.id, limit: 10 })).map(({ contract }) => contract);
      expect(contracts).toHaveLength(1);
      expect(contracts[0]).toMatchObject({ status: 'Pending', escrowId: escrowIds[0] });
      expect(world.ports.escrows.all()).toHaveLength(1);
      const state = await checkedState(world, { jobIds: [job.id], contractIds: [], checkoutSessionIds: ['cs_duplicated'] });
      expect(state.escrowsBySession.cs_duplicated?.view).toMatchObject({
        status: 'funded',
        resolution: null,
        contractId: contracts[0]!.id,
      });
    }));

  // Goal: the client hiring through create-contract while the payment for the same hire arrives
  // ends with one live contract holding the escrow.
  it('create-contract racing the payment of the same hire: one live contract, funded', () =>
    inEveryInterleaving(NOTHING_DRAWN, async (scheduler) => {
      const world = createWorld();
      const job = await postJob(world);
      const racing = racingMarketplace(world, scheduler);
      await race(scheduler, [
        () => racing.createContract.execute({ actor: people.client, jobId: job.id, freelancerId: people.freelancer.userId, amount: 500 }),
        () => racing.recordPayment.execute(checkoutOutcome('cs_hire', { jobId: job.id })),
      ]);
      const state = await checkedState(world, { jobIds: [job.id], contractIds: [], checkoutSessionIds: ['cs_hire'] });
      const live = (await world.ports.contracts.list({ jobId: job.id, limit: 10 }))
        .map(({ contract }) => contract)
        .filter((contract) => contract.status !== 'Canceled');
      expect(live).toHaveLength(1);
      expect(state.escrowsBySession.cs_hire?.view).toMatchObject({ status: 'funded', contractId: live[0]!.id });
    }));

  // Goal: the freelancer accepting while the client cancels ends Canceled, from whichever status
  // the cancellation saw; the escrow stays funded and the job reopens.
  it('accept versus cancel: canceled from the status the cancellation saw', () =>
    inEveryInterleaving(NOTHING_DRAWN, async (scheduler) => {
      const world = createWorld();
      const hire = await hireThroughPayment(world);
      const racing = racingMarketplace(world, scheduler);
      const [accept, cancel] = await race(scheduler, [
        () =>
          racing.acceptContract.execute({
            actor: people.freelancer,
            contractId: hire.contractId,
            freelancerId: people.freelancer.userId,
          }),
        () => racing.cancelContract.execute({ actor: people.client, contractId: hire.contractId, reason: 'found someone else' }),
      ]);
      expect(cancel?.status).toBe('fulfilled');
      expect(['fulfilled', 'CONTRACT.INVALID_TRANSITION']).toContain(refusalCode(accept));
      const state = await checkedState(world, known(hire));
      const events = await contractEvents(world, hire.contractId);
      expect(events.at(-1)).toBe('ContractCanceled');
      const canceled = (await world.service.contracts.view({ contractId: hire.contractId })).contract;
      expect(canceled.cancellation?.from).toBe(accept?.status === 'fulfilled' ? 'Started' : 'Pending');
      expect(state.escrowsBySession[hire.checkoutSessionId]?.view).toMatchObject({ status: 'funded', resolution: null });
    }));

  // Goal: two admins releasing at once (and the client trying a refund) credit the freelancer once.
  it('two release approvals: one release, the other answered already resolved', () =>
    inEveryInterleaving(NOTHING_DRAWN, async (scheduler) => {
      const world = createWorld();
      const hire = await releaseRequested(world);
      const secondAdmin = { userId: 'ae'.padEnd(24, '0'), role: 'admin' as const };
      const racing = racingMarketplace(world, scheduler);
      const [first, second, refund] = await race(scheduler, [
        () => racing.releaseEscrow.execute({ actor: people.admin, contractId: hire.contractId }),
        () => racing.releaseEscrow.execute({ actor: secondAdmin, contractId: hire.contractId }),
        () => refundAs(racing, people.client, hire),
      ]);
      expect([refusalCode(first), refusalCode(second)].sort()).toEqual(['ESCROW.ALREADY_RESOLVED', 'fulfilled']);
      expect(['ESCROW.ALREADY_RESOLVED', 'ESCROW.REFUND_REFUSED']).toContain(refusalCode(refund));
      const state = await checkedState(world, known(hire));
      expect(state.wallets[people.freelancer.userId]?.balancePaise).toBe(45_000);
      expect((await contractEvents(world, hire.contractId)).filter((type) => type === 'ReleaseApproved')).toHaveLength(1);
    }));

  // Goal: the client and an admin refunding at once while Stripe replays the payment refund once,
  // and the job reopens whoever finishes the refund.
  it('two refunds and a replayed payment: one refund, the job reopened', () =>
    inEveryInterleaving(NOTHING_DRAWN, async (scheduler) => {
      const world = createWorld();
      const hire = await workedUpTo('Started')(world);
      const racing = racingMarketplace(world, scheduler);
      const replay = checkoutOutcome(hire.checkoutSessionId, { jobId: hire.job.id });
      const [byClient, byAdmin] = await race(scheduler, [
        () => refundAs(racing, people.client, hire),
        () => refundAs(racing, people.admin, hire),
        () => racing.recordPayment.execute(replay),
      ]);
      expect([refusalCode(byClient), refusalCode(byAdmin)]).toContain('ESCROW.ALREADY_RESOLVED');
      const state = await checkedState(world, known(hire));
      expect(state.escrowsBySession[hire.checkoutSessionId]?.view.resolution).toMatchObject({ kind: 'refund', stage: 'Started' });
      expect(world.ports.payments.refunds()).toHaveLength(1);
    }));

  // Goal: a party disputing while an admin releases: either the dispute freezes the escrow before
  // the release is claimed, or the release wins and the dispute comes too late; never both.
  it('a dispute versus an admin release: exactly one wins', () =>
    inEveryInterleaving(DISPUTING, async (scheduler, opener) => {
      const world = createWorld();
      const hire = await releaseRequested(world);
      const racing = racingMarketplace(world, scheduler);
      const [dispute, release] = await race(scheduler, [
        () => openDisputeThrough(racing, opener, hire.contractId),
        () => racing.releaseEscrow.execute({ actor: people.admin, contractId: hire.contractId }),
      ]);
      expect(winners(dispute, release)).toBe(1);
      const escrow = (await checkedState(world, known(hire))).escrowsBySession[hire.checkoutSessionId]!;
      if (dispute?.status === 'fulfilled') {
        expect(refusalCode(release)).toBe('ESCROW.IN_DISPUTE');
        expect(escrow.view).toMatchObject({ status: 'funded', resolution: null, dispute: { status: 'open', openedBy: opener.userId } });
      } else {
        expect(refusalCode(dispute)).toBe('ESCROW.ALREADY_RESOLVED');
        expect(escrow.view).toMatchObject({ status: 'released', dispute: null, resolution: { kind: 'release' } });
      }
    }));

  // Goal: the freelancer disputing while the client refunds live work: the refund moves money only
  // if it claimed the escrow before the dispute; otherwise it is refused and nothing is paid out.
  it('a dispute versus a refund: exactly one wins', () =>
    inEveryInterleaving(fc.constantFrom(people.client, people.admin), async (scheduler, refunder) => {
      const world = createWorld();
      const hire = await workedUpTo('Ongoing')(world);
      const racing = racingMarketplace(world, scheduler);
      const [dispute, refund] = await race(scheduler, [
        () => openDisputeThrough(racing, people.freelancer, hire.contractId, UNPAID_WORK),
        () => refundAs(racing, refunder, hire),
      ]);
      expect(winners(dispute, refund)).toBe(1);
      if (dispute?.status === 'fulfilled') {
        expect(refusalCode(refund)).toBe('ESCROW.IN_DISPUTE');
        expect(await world.ports.escrows.view(hire.escrowId)).toMatchObject({
          status: 'funded',
          resolution: null,
          dispute: { status: 'open' },
        });
        expect(world.ports.payments.refunds()).toEqual([]);
        expect(world.ports.ledger.walletEntries()).toEqual([]);
        // The refund may have canceled the work before the dispute stopped it (withdraw-dispute.unit.test.ts
        // pins that order down); the withdrawal then lets it go ahead, and the records must be whole again.
        await world.service.withdrawDispute.execute({ actor: people.freelancer, contractId: hire.contractId });
        await checkedState(world, known(hire));
      } else {
        expect(refusalCode(dispute)).toBe('ESCROW.ALREADY_RESOLVED');
        const escrow = (await checkedState(world, known(hire))).escrowsBySession[hire.checkoutSessionId]!;
        expect(escrow.view).toMatchObject({
          status: 'refunded',
          dispute: null,
          resolution: { kind: 'refund', stage: 'Ongoing', clientRefundPaise: 27_000 },
        });
      }
    }));

  // Goal: a dispute opened in the last minute of the review while another process's timer, whose
  // clock already passed the end, releases: either the timer released first and the dispute is
  // refused, or the dispute froze the escrow and the timer passes.
  it('a dispute versus the review timer: exactly one wins', () =>
    inEveryInterleaving(DISPUTING, async (scheduler, opener) => {
      const world = createWorld();
      const hire = await delivered(world);
      const endsAt = (await world.ports.escrows.view(hire.escrowId))!.review!.endsAt.getTime();
      const disputer = racingMarketplace(world, scheduler, new SteppingClock(new Date(endsAt - 60_000)));
      const timerProcess = racingMarketplace(world, scheduler, new SteppingClock(new Date(endsAt + 60_000)));
      const [dispute, timer] = await race(scheduler, [
        () => openDisputeThrough(disputer, opener, hire.contractId),
        () => timerProcess.releaseLapsedReviews.execute(),
      ]);
      expectExactlyOneWinner(dispute, timer);
      const escrow = (await checkedState(world, known(hire))).escrowsBySession[hire.checkoutSessionId]!;
      if (dispute?.status === 'fulfilled') {
        expect(escrow.view).toMatchObject({ status: 'funded', resolution: null, dispute: { status: 'open' } });
      } else {
        expect(refusalCode(dispute)).toBe('ESCROW.ALREADY_RESOLVED');
        expect(escrow.view).toMatchObject({ status: 'released', dispute: null, resolution: { kind: 'release', decidedBy: 'system' } });
      }
    }));

  // Goal: once the review has ended, a dispute racing the timer never wins: the release is due
  // whoever carries it out, the timer or the refused dispute itself.
  it('a dispute after the review ended versus the review timer: the escrow is released once, the dispute refused', () =>
    inEveryInterleaving(DISPUTING, async (scheduler, opener) => {
      const world = createWorld();
      const hire = await delivered(world);
      const endsAt = (await world.ports.escrows.view(hire.escrowId))!.review!.endsAt.getTime();
      const disputer = racingMarketplace(world, scheduler, new SteppingClock(new Date(endsAt + 1_000)));
      const timerProcess = racingMarketplace(world, scheduler, new SteppingClock(new Date(endsAt + 60_000)));
      const [dispute] = await race(scheduler, [
        () => openDisputeThrough(disputer, opener, hire.contractId),
        () => timerProcess.releaseLapsedReviews.execute(),
      ]);
      expect(['ESCROW.REVIEW_LAPSED', 'ESCROW.ALREADY_RESOLVED']).toContain(refusalCode(dispute));
      const escrow = (await checkedState(world, known(hire))).escrowsBySession[hire.checkoutSessionId]!;
      expect(escrow.view).toMatchObject({ status: 'released', dispute: null, resolution: { kind: 'release', decidedBy: 'system' } });
      expect(escrow.events.filter((stored) => stored.event.type === 'EscrowResolved')).toHaveLength(1);
    }));

  // Goal: both parties disputing at once open one dispute; the other is told one is already open.
  it('a dispute versus another dispute: one is opened, the other refused DISPUTE.ALREADY_OPEN', () =>
    inEveryInterleaving(NOTHING_DRAWN, async (scheduler) => {
      const world = createWorld();
      const hire = await delivered(world);
      const racing = racingMarketplace(world, scheduler);
      const [byClient, byFreelancer] = await race(scheduler, [
        () => racing.openDispute.execute({ actor: people.client, contractId: hire.contractId, reason: 'quality', description: 'Blurry' }),
        () =>
          racing.openDispute.execute({ actor: people.freelancer, contractId: hire.contractId, reason: 'payment', description: 'Unpaid' }),
      ]);
      expect([refusalCode(byClient), refusalCode(byFreelancer)].sort()).toEqual(['DISPUTE.ALREADY_OPEN', 'fulfilled']);
      const escrow = (await checkedState(world, known(hire))).escrowsBySession[hire.checkoutSessionId]!;
      const winner = byClient?.status === 'fulfilled' ? people.client : people.freelancer;
      expect(escrow.view.dispute).toMatchObject({ number: 1, status: 'open', openedBy: winner.userId });
      expect(escrow.events.filter((stored) => stored.event.type === 'DisputeOpened')).toHaveLength(1);
    }));

  // Goal: the client sends the work back in the last minute of the review while another process's
  // timer, whose clock already passed the end, releases: the work goes back, or the money goes out.
  it('a change request versus the review timer: exactly one wins', () =>
    inEveryInterleaving(NOTHING_DRAWN, async (scheduler) => {
      const world = createWorld();
      const hire = await delivered(world);
      const endsAt = (await world.ports.escrows.view(hire.escrowId))!.review!.endsAt.getTime();
      const client = racingMarketplace(world, scheduler, new SteppingClock(new Date(endsAt - 60_000)));
      const timerProcess = racingMarketplace(world, scheduler, new SteppingClock(new Date(endsAt + 60_000)));
      const [changes, timer] = await race(scheduler, [
        () => client.requestChanges.execute({ actor: people.client, contractId: hire.contractId, note: 'One more colour' }),
        () => timerProcess.releaseLapsedReviews.execute(),
      ]);
      expectExactlyOneWinner(changes, timer);
      const state = await checkedState(world, known(hire));
      const { contract } = await world.service.contracts.view({ contractId: hire.contractId });
      if (changes?.status === 'fulfilled') {
        expect(contract).toMatchObject({ status: 'Ongoing', changeRequests: 1, releaseFundStatus: 'NotRequested' });
        expect(state.escrowsBySession[hire.checkoutSessionId]?.view).toMatchObject({ status: 'funded', review: null, resolution: null });
      } else {
        expect(refusalCode(changes)).toBe('ESCROW.ALREADY_RESOLVED');
        expect(contract).toMatchObject({ status: 'Completed', changeRequests: 0, releaseFundStatus: 'Approved' });
      }
    }));

  // Goal: any mix of actions on one funded contract, all at once, leaves the invariants intact
  // (one resolution at most, moved once, one live contract, histories a valid path).
  it('any actions on one contract at once keep the invariants', async () => {
    const actions: Readonly<Record<string, (service: Marketplace, hire: FundedHire) => Promise<unknown>>> = {
      accept: (service, hire) =>
        service.acceptContract.execute({ actor: people.freelancer, contractId: hire.contractId, freelancerId: people.freelancer.userId }),
      start: (service, hire) =>
        service.updateContractStatus.execute({ actor: people.freelancer, contractId: hire.contractId, status: 'Started' }),
      complete: (service, hire) =>
        service.updateContractStatus.execute({ actor: people.freelancer, contractId: hire.contractId, status: 'Completed' }),
      clientCancels: (service, hire) => service.cancelContract.execute({ actor: people.client, contractId: hire.contractId }),
      freelancerCancels: (service, hire) =>
        service.updateContractStatus.execute({ actor: people.freelancer, contractId: hire.contractId, status: 'Canceled' }),
      requestRelease: (service, hire) => service.requestRelease.execute({ actor: people.client, contractId: hire.contractId }),
      release: (service, hire) => service.releaseEscrow.execute({ actor: people.admin, contractId: hire.contractId }),
      clientRefunds: (service, hire) => refundAs(service, people.client, hire),
      adminRefunds: (service, hire) => refundAs(service, people.admin, hire),
      replayPayment: (service, hire) => service.recordPayment.execute(checkoutOutcome(hire.checkoutSessionId, { jobId: hire.job.id })),
      rehire: (service, hire) =>
        service.createContract.execute({
          actor: people.client,
          jobId: hire.job.id,
          freelancerId: people.otherFreelancer.userId,
          amount: 300,
        }),
      recover: (service) => service.recoverInterruptedOperations.execute({ graceMs: 0 }),
    };
    const startArb = fc.constantFrom<WorkStatus | 'Pending'>('Pending', 'Started', 'Ongoing', 'Completed');
    const mixArb = fc.array(fc.constantFrom(...Object.keys(actions)), { minLength: 2, maxLength: 6 });
    await fc.assert(
      fc.asyncProperty(fc.scheduler(), startArb, mixArb, async (scheduler, start, mix) => {
        const world = createWorld();
        const hire = await hireThroughPayment(world);
        if (start !== 'Pending') await advanceWork(world, hire.contractId, start);
        const racing = racingMarketplace(world, scheduler);
        await race(
          scheduler,
          mix.map((name) => () => actions[name]!(racing, hire)),
        );
        await checkedState(world, known(hire));
      }),
      { numRuns: 300 },
    );
  });
});
