import {
  createMarketplace,
  DisputeAlreadyOpen,
  DomainError,
  EscrowAlreadyResolved,
  EscrowInDispute,
  RefundRefused,
  TransitionRefused,
  walletAccount,
} from '@skillhouse/domain';
import { describe, expect, it } from 'vitest';
import {
  AMOUNT_PAISE,
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
} from './testing/escrow-world.ts';
import { escrowWorldOnTestDatabase } from './testing/test-database.ts';

/**
 * Races of the real use cases on the real server, through a pool of 25 connections, so requests
 * truly overlap at the database. Each race runs in several rounds with fresh records: one lucky
 * interleaving must not be what makes it pass.
 */
const ROUNDS = [1, 2, 3, 4, 5];

const suite = escrowWorldOnTestDatabase('races');

/** Every refusal in a race must be the domain's own; anything else is a bug, not a lost race. */
function expectOnlyDomainRefusals(results: readonly PromiseSettledResult<unknown>[]): void {
  for (const result of results) if (result.status === 'rejected') expect(result.reason).toBeInstanceOf(DomainError);
}

function fulfilled<T>(results: readonly PromiseSettledResult<T>[]): T[] {
  return results.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
}

describe('20 simultaneous deliveries of one paid checkout', () => {
  it.each(ROUNDS)('round %i: one escrow funds one contract and closes the job', async () => {
    const parties = newParties();
    const { job, outcome } = await checkOut(suite.world, parties);
    // A marketplace per delivery, as 20 processes would be: deliveries to one join the one in flight.
    const processes = Array.from({ length: 20 }, () => createMarketplace(suite.world.ports, suite.world.policy));
    const results = await Promise.allSettled(processes.map((service) => service.recordPayment.execute(outcome)));
    expectOnlyDomainRefusals(results);
    const recorded = fulfilled(results);
    expect(recorded).toHaveLength(20);
    const escrowIds = new Set(recorded.map((result) => (result.outcome === 'recorded' ? result.escrow.id : null)));
    expect(escrowIds.size).toBe(1);

    const escrow = await suite.world.ports.escrows.findByCheckoutSession(outcome.checkoutSessionId);
    expect(escrowIds).toEqual(new Set([escrow?.id]));
    expect(await suite.database.count('escrows', { jobId: job.id })).toBe(1);
    const closed = await foldedJob(suite.world, job.id);
    expect(closed?.status).toBe('Closed');
    expect(closed?.hires).toHaveLength(1);
    const contract = await foldedContract(suite.world, closed!.liveHire!.contractId);
    expect(contract?.escrowId).toBe(escrow?.id);
    expect((await suite.world.ports.escrows.view(escrow!.id))?.contractId).toBe(contract?.id);
    await expect(
      suite.world.ports.contracts
        .list({ jobId: job.id, clientId: parties.client.userId, limit: 10 })
        .then((listings) => listings.map(({ contract }) => contract)),
    ).resolves.toHaveLength(1);
  });
});

describe('release racing refund of one escrow', () => {
  it.each(ROUNDS)('round %i: a Completed contract is released once; the refund is refused', async () => {
    const parties = newParties();
    const funded = await readyForRelease(suite.world, parties);
    const results = await Promise.allSettled([
      suite.world.service.releaseEscrow.execute({ actor: parties.admin, contractId: funded.contractId }),
      suite.world.service.refundEscrow.execute({ actor: parties.admin, contractId: funded.contractId, clientId: parties.client.userId }),
    ]);
    expectOnlyDomainRefusals(results);
    expect(results[0].status).toBe('fulfilled');
    expect(
      results[1].status === 'rejected' &&
        (results[1].reason instanceof RefundRefused || results[1].reason instanceof EscrowAlreadyResolved),
    ).toBe(true);
    const money = await moneyOf(suite.world, funded.escrowId);
    expect(money).toMatchObject({ status: 'released', refundCount: 0, creditCount: 1, creditedPaise: 45_000, settledPaise: AMOUNT_PAISE });
    expect((await foldedContract(suite.world, funded.contractId))?.releaseFundStatus).toBe('Approved');
  });

  it.each(ROUNDS)('round %i: a refund racing the freelancer completing the work: exactly one of them happens', async () => {
    const parties = newParties();
    const funded = await fundContract(suite.world, parties);
    await progressTo(suite.world, parties, funded.contractId, 'Ongoing');
    const [refund, completion] = await Promise.allSettled([
      suite.world.service.refundEscrow.execute({ actor: parties.client, contractId: funded.contractId, clientId: parties.client.userId }),
      suite.world.service.updateContractStatus.execute({ actor: parties.freelancer, contractId: funded.contractId, status: 'Completed' }),
    ]);
    expectOnlyDomainRefusals([refund, completion]);
    expect([refund.status, completion.status].sort()).toEqual(['fulfilled', 'rejected']);
    const contract = await foldedContract(suite.world, funded.contractId);
    const money = await moneyOf(suite.world, funded.escrowId);
    if (refund.status === 'fulfilled') {
      expect(completion.status === 'rejected' && completion.reason).toBeInstanceOf(TransitionRefused);
      expect(contract?.status).toBe('Canceled');
      expect(money).toMatchObject({ status: 'refunded', refundCount: 1, settledPaise: AMOUNT_PAISE });
      expect((await foldedJob(suite.world, funded.jobId))?.status).toBe('Open');
    } else {
      // Refused before the cancel when it read the contract Completed, or by the cancel when it lost the contract's sequence.
      expect(refund.reason instanceof RefundRefused || refund.reason instanceof TransitionRefused).toBe(true);
      expect(contract?.status).toBe('Completed');
      expect(money).toMatchObject({ status: 'funded', refundCount: 0, creditCount: 0, settledPaise: 0 });
    }
  });

  it.each(ROUNDS)('round %i: an admin refund racing a client refund moves the money once', async () => {
    const parties = newParties();
    const funded = await fundContract(suite.world, parties);
    await progressTo(suite.world, parties, funded.contractId, 'Started');
    const results = await Promise.allSettled([
      suite.world.service.refundEscrow.execute({ actor: parties.admin, contractId: funded.contractId, clientId: parties.client.userId }),
      suite.world.service.refundEscrow.execute({ actor: parties.client, contractId: funded.contractId, clientId: parties.client.userId }),
    ]);
    expectOnlyDomainRefusals(results);
    expect(fulfilled(results)).toHaveLength(1);
    const money = await moneyOf(suite.world, funded.escrowId);
    expect(money).toMatchObject({ status: 'refunded', refundCount: 1, creditCount: 1, settledPaise: AMOUNT_PAISE });
    expect(await suite.database.count('escrow_events', { streamId: funded.escrowId, type: 'EscrowResolved' })).toBe(1);
  });
});

describe('10 simultaneous release approvals of one escrow', () => {
  it.each(ROUNDS)('round %i: the wallet is credited once', async () => {
    const parties = newParties();
    const funded = await readyForRelease(suite.world, parties);
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, () => suite.world.service.releaseEscrow.execute({ actor: parties.admin, contractId: funded.contractId })),
    );
    expectOnlyDomainRefusals(results);
    expect(fulfilled(results)).toHaveLength(1);
    for (const result of results) if (result.status === 'rejected') expect(result.reason).toBeInstanceOf(EscrowAlreadyResolved);
    await expect(suite.world.ports.ledger.positionOf(walletAccount(parties.freelancer.userId))).resolves.toMatchObject({
      balancePaise: 45_000,
    });
    const money = await moneyOf(suite.world, funded.escrowId);
    expect(money).toMatchObject({ status: 'released', creditCount: 1, settledPaise: AMOUNT_PAISE });
    const approvals = (await suite.world.ports.contracts.read(funded.contractId)).filter(({ event }) => event.type === 'ReleaseApproved');
    expect(approvals).toHaveLength(1);
  });
});

describe('racing on the escrow stream', () => {
  it.each(ROUNDS)('round %i: a dispute opened racing a release approval: exactly one of them happens', async () => {
    const parties = newParties();
    const funded = await readyForRelease(suite.world, parties);
    const [release, dispute] = await Promise.allSettled([
      suite.world.service.releaseEscrow.execute({ actor: parties.admin, contractId: funded.contractId }),
      suite.world.service.openDispute.execute({
        actor: parties.client,
        contractId: funded.contractId,
        reason: 'quality',
        description: 'The files do not open',
      }),
    ]);
    expectOnlyDomainRefusals([release, dispute]);
    expect([release.status, dispute.status].sort()).toEqual(['fulfilled', 'rejected']);
    const money = await moneyOf(suite.world, funded.escrowId);
    const stream = (await suite.world.ports.escrows.read(funded.escrowId)).map(({ event }) => event.type);
    if (release.status === 'fulfilled') {
      expect(dispute.status === 'rejected' && dispute.reason).toBeInstanceOf(EscrowAlreadyResolved);
      expect(money).toMatchObject({ status: 'released', creditCount: 1, creditedPaise: 45_000, settledPaise: AMOUNT_PAISE });
      expect(stream).not.toContain('DisputeOpened');
    } else {
      expect(release.reason).toBeInstanceOf(EscrowInDispute);
      expect(money).toMatchObject({ status: 'funded', creditCount: 0, settledPaise: 0 });
      expect(stream).not.toContain('EscrowResolved');
      await expect(suite.world.ports.escrows.view(funded.escrowId)).resolves.toMatchObject({ dispute: { status: 'open' } });
    }
  });

  it.each(ROUNDS)('round %i: the client and the freelancer opening a dispute at once open one', async () => {
    const parties = newParties();
    const funded = await fundContract(suite.world, parties);
    await progressTo(suite.world, parties, funded.contractId, 'Ongoing');
    const results = await Promise.allSettled(
      [parties.client, parties.freelancer, parties.client, parties.freelancer].map((actor) =>
        suite.world.service.openDispute.execute({
          actor,
          contractId: funded.contractId,
          reason: 'scope',
          description: 'We disagree on the scope',
        }),
      ),
    );
    expectOnlyDomainRefusals(results);
    expect(fulfilled(results)).toHaveLength(1);
    for (const result of results) if (result.status === 'rejected') expect(result.reason).toBeInstanceOf(DisputeAlreadyOpen);
    const opened = (await suite.world.ports.escrows.read(funded.escrowId)).filter(({ event }) => event.type === 'DisputeOpened');
    expect(opened).toHaveLength(1);
    const openIds = (await suite.world.ports.escrows.listByDisputeStatus('open', { limit: 1_000 })).map((view) => view.id);
    expect(openIds).toContain(funded.escrowId);
  });
});

describe('the review timer racing itself and an admin release', () => {
  const REVIEW_PERIOD_MS = 60_000;

  it('releases a delivery the client left unanswered, as the system, once the review period lapsed', async () => {
    const clock = new ShiftedClock();
    const timed = createEscrowWorld(suite.database.ports, { clock, policy: { reviewPeriodMs: REVIEW_PERIOD_MS } });
    const parties = newParties();
    const funded = await fundContract(timed, parties);
    await progressTo(timed, parties, funded.contractId, 'Completed');
    clock.advance(REVIEW_PERIOD_MS - 1_000);
    await timed.service.releaseLapsedReviews.execute();
    await expect(moneyOf(timed, funded.escrowId)).resolves.toMatchObject({ status: 'funded', creditCount: 0 });
    clock.advance(1_000);
    const report = await timed.service.releaseLapsedReviews.execute();
    expect(report.released).toBeGreaterThanOrEqual(1);
    await expect(moneyOf(timed, funded.escrowId)).resolves.toMatchObject({
      status: 'released',
      creditCount: 1,
      settledPaise: AMOUNT_PAISE,
    });
    await expect(timed.ports.escrows.view(funded.escrowId)).resolves.toMatchObject({
      resolution: { kind: 'release', decidedByRole: 'system' },
    });
  });

  it.each(ROUNDS)('round %i: a lapsed review is released once, credited once', async () => {
    const clock = new ShiftedClock();
    const timed = createEscrowWorld(suite.database.ports, { clock, policy: { reviewPeriodMs: REVIEW_PERIOD_MS } });
    const parties = newParties();
    const funded = await readyForRelease(timed, parties);
    await expect(timed.ports.escrows.view(funded.escrowId)).resolves.toMatchObject({ review: { round: 1 }, resolution: null });
    clock.advance(REVIEW_PERIOD_MS);
    const results = await Promise.allSettled([
      timed.service.releaseLapsedReviews.execute(),
      timed.service.releaseEscrow.execute({ actor: parties.admin, contractId: funded.contractId }),
      timed.service.releaseLapsedReviews.execute(),
    ]);
    expectOnlyDomainRefusals(results);
    const money = await moneyOf(timed, funded.escrowId);
    expect(money).toMatchObject({ status: 'released', refundCount: 0, creditCount: 1, creditedPaise: 45_000, settledPaise: AMOUNT_PAISE });
    const resolved = (await timed.ports.escrows.read(funded.escrowId)).filter(({ event }) => event.type === 'EscrowResolved');
    expect(resolved).toHaveLength(1);
    const approvals = (await timed.ports.contracts.read(funded.contractId)).filter(({ event }) => event.type === 'ReleaseApproved');
    expect(approvals).toHaveLength(1);
    const stillDue = (await timed.ports.escrows.listReviewsLapsedBy(clock.now(), 1_000)).map((view) => view.id);
    expect(stillDue).not.toContain(funded.escrowId);
  });
});

describe('acceptance racing cancellation of one contract', () => {
  it.each(ROUNDS)('round %i: the stream stays one valid path', async () => {
    const parties = newParties();
    const funded = await fundContract(suite.world, parties);
    const results = await Promise.allSettled([
      suite.world.service.acceptContract.execute({
        actor: parties.freelancer,
        contractId: funded.contractId,
        freelancerId: parties.freelancer.userId,
      }),
      suite.world.service.cancelContract.execute({ actor: parties.client, contractId: funded.contractId, reason: 'found someone else' }),
      suite.world.service.acceptContract.execute({
        actor: parties.freelancer,
        contractId: funded.contractId,
        freelancerId: parties.freelancer.userId,
      }),
      suite.world.service.cancelContract.execute({ actor: parties.freelancer, contractId: funded.contractId }),
    ]);
    expectOnlyDomainRefusals(results);
    const stream = await suite.world.ports.contracts.read(funded.contractId);
    expect(stream.map(({ sequence }) => sequence)).toEqual(stream.map((_, index) => index + 1));
    const contract = await foldedContract(suite.world, funded.contractId);
    expect(contract?.status).toBe('Canceled');
    expect(stream.filter(({ event }) => event.type === 'ContractCanceled')).toHaveLength(1);
    expect(stream.filter(({ event }) => event.type === 'StatusChanged').length).toBeLessThanOrEqual(1);
    expect((await foldedJob(suite.world, funded.jobId))?.status).toBe('Open');
    await suite.world.ports.contracts.reproject(funded.contractId);
    await expect(
      suite.world.ports.contracts
        .list({ jobId: funded.jobId, clientId: parties.client.userId, limit: 5 })
        .then((listings) => listings.map(({ contract }) => contract)),
    ).resolves.toStrictEqual([contract]);
  });
});
