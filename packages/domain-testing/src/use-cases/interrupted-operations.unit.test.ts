import { describe, expect, it } from 'vitest';
import {
  createMarketplace,
  DAY_MS,
  foldContract,
  foldJob,
  recoveryRetryDelayMs,
  type Marketplace,
  type RecoveryFailure,
} from '@skillhouse/domain';
import {
  checkoutOutcome,
  createWorld,
  decideDisputeThrough,
  delivered,
  disputedBy,
  hireThroughPayment,
  people,
  postJob,
  releaseRequested,
  unfundedContract,
  type FundedHire,
  workedUpTo,
  type World,
} from '../escrow-fixtures.test-support.ts';
import { Crash, crashingPorts } from '../port-interception.test-support.ts';

/**
 * A process can die between any two writes of a multi-step use case. For every N, the N-th write
 * crashes (lost, or stored with its answer lost); recovery then runs on the surviving records. The
 * records must end where an uninterrupted run ends them, or, when the crash came before the write
 * that decides the operation, where they were before it, so that the retry a user or Stripe makes
 * finishes it. Recovery run again changes nothing.
 */
interface InterruptionCase {
  readonly name: string;
  /** Builds the records the operation starts from; answers the job whose records are compared. */
  readonly setup: (world: World) => Promise<{ jobId: string; contractId: string | null }>;
  readonly act: (service: Marketplace, subject: { jobId: string; contractId: string | null }) => Promise<unknown>;
}

/** A case acting on one funded hire's contract: `setup` answers the hire, whose job's records are compared. */
function onHire(
  name: string,
  setup: (world: World) => Promise<FundedHire>,
  act: (service: Marketplace, contractId: string) => Promise<unknown>,
): InterruptionCase {
  return {
    name,
    setup: async (world) => {
      const hire = await setup(world);
      return { jobId: hire.job.id, contractId: hire.contractId };
    },
    act: (service, { contractId }) => act(service, contractId!),
  };
}

/** A delivered hire whose review period has run for `days`. */
function deliveredDaysAgo(days: number) {
  return async (world: World) => {
    const hire = await delivered(world);
    world.clock.advance(days * DAY_MS);
    return hire;
  };
}

const CASES: readonly InterruptionCase[] = [
  {
    name: 'recordPayment of a new hire',
    setup: async (world) => ({ jobId: (await postJob(world)).id, contractId: null }),
    act: (service, { jobId }) => service.recordPayment.execute(checkoutOutcome('cs_interrupted', { jobId })),
  },
  {
    name: 'recordPayment attaching to a client-created contract',
    setup: async (world) => {
      const { job } = await unfundedContract(world);
      return { jobId: job.id, contractId: null };
    },
    act: (service, { jobId }) => service.recordPayment.execute(checkoutOutcome('cs_interrupted', { jobId })),
  },
  {
    name: 'recordPayment returning a second payment whole',
    setup: async (world) => ({ jobId: (await hireThroughPayment(world)).job.id, contractId: null }),
    act: (service, { jobId }) => service.recordPayment.execute(checkoutOutcome('cs_second', { jobId, amountPaidPaise: 12_345 })),
  },
  {
    name: 'createContract',
    setup: async (world) => ({ jobId: (await postJob(world)).id, contractId: null }),
    act: (service, { jobId }) =>
      service.createContract.execute({ actor: people.client, jobId, freelancerId: people.freelancer.userId, amount: 500 }),
  },
  onHire('cancelContract', workedUpTo('Started'), (service, contractId) =>
    service.cancelContract.execute({ actor: people.client, contractId, reason: 'no longer needed' }),
  ),
  onHire('releaseEscrow', releaseRequested, (service, contractId) => service.releaseEscrow.execute({ actor: people.admin, contractId })),
  onHire('refundEscrow of live work', workedUpTo('Ongoing'), (service, contractId) =>
    service.refundEscrow.execute({ actor: people.client, contractId, clientId: people.client.userId, cancelReason: 'late' }),
  ),
  onHire(
    'refundEscrow of canceled work',
    async (world) => {
      const hire = await workedUpTo('Started')(world);
      await world.service.cancelContract.execute({ actor: people.freelancer, contractId: hire.contractId });
      return hire;
    },
    (service, contractId) => service.refundEscrow.execute({ actor: people.admin, contractId, clientId: people.client.userId }),
  ),
  onHire('a delivery starting the review period', workedUpTo('Ongoing'), (service, contractId) =>
    service.updateContractStatus.execute({ actor: people.freelancer, contractId, status: 'Completed' }),
  ),
  onHire(
    'releaseLapsedReviews (the review timer)',
    deliveredDaysAgo(14),
    // The timer reports a failed release and goes on to the next; here the failure is the crash.
    (service) =>
      service.releaseLapsedReviews.execute({
        onFailure: (_escrowId, error) => {
          throw error;
        },
      }),
  ),
  onHire(
    'decideDispute',
    async (world) => {
      const hire = await disputedBy(world, people.client, await delivered(world), { reason: 'quality', description: 'Blurry' });
      await world.service.addDisputeStatement.execute({ actor: people.freelancer, contractId: hire.contractId, text: 'As agreed' });
      return hire;
    },
    (service, contractId) => decideDisputeThrough(service, contractId, { freelancerPayout: 135, note: 'Partly usable' }),
  ),
  onHire(
    'decideDispute giving the freelancer the whole earning',
    async (world) => disputedBy(world, people.freelancer, await workedUpTo('Ongoing')(world), { reason: 'payment', description: 'Unpaid' }),
    (service, contractId) =>
      decideDisputeThrough(service, contractId, { freelancerPayout: 450, refundPlatformFee: true, note: 'Delivered in full' }),
  ),
  onHire('requestChanges', delivered, (service, contractId) =>
    service.requestChanges.execute({ actor: people.client, contractId, note: 'Bigger letters' }),
  ),
  onHire(
    'withdrawDispute',
    async (world) => disputedBy(world, people.client, await deliveredDaysAgo(13)(world), { reason: 'quality', description: 'Blurry' }),
    (service, contractId) => service.withdrawDispute.execute({ actor: people.client, contractId }),
  ),
];

const FAR_FUTURE = new Date('2999-01-01T00:00:00.000Z');

/** What the records say about the job, its contracts, every escrow (in claim order) and every movement of money, without ids or times. */
async function outcomeOf(world: World, jobId: string): Promise<unknown> {
  const job = foldJob((await world.ports.jobs.read(jobId)).map((stored) => stored.event));
  const contracts = [];
  for (const hire of job?.hires ?? []) {
    const contract = foldContract((await world.ports.contracts.read(hire.contractId)).map((stored) => stored.event));
    contracts.push(
      contract && {
        status: contract.status,
        releaseFundStatus: contract.releaseFundStatus,
        funded: contract.escrowId !== null,
        deliveries: contract.deliveries,
        changeRequests: contract.changeRequests,
        history: contract.statusHistory.map((entry) => entry.status),
        cancellation: contract.cancellation && {
          from: contract.cancellation.from,
          forRefund: contract.cancellation.forRefund,
          reason: contract.cancellation.reason,
        },
      },
    );
  }
  const escrows = [];
  for (const escrow of world.ports.escrows.all()) {
    const view = (await world.ports.escrows.view(escrow.id))!;
    const resolution = view.resolution && {
      kind: view.resolution.kind,
      stage: view.resolution.stage,
      clientRefundPaise: view.resolution.clientRefundPaise,
      freelancerPayoutPaise: view.resolution.freelancerPayoutPaise,
      platformFeePaise: view.resolution.platformFeePaise,
      refunded: view.clientRefundId !== null,
    };
    escrows.push({
      amountPaise: view.amountPaise,
      status: view.status,
      attached: view.contractId !== null,
      resolution,
      settled: view.settledAt !== null,
      review: view.review && { round: view.review.round },
      changeRequests: view.changeRequests.length,
      dispute: view.dispute && { number: view.dispute.number, status: view.dispute.status, statements: view.dispute.statements.length },
    });
  }
  return {
    job: job && { status: job.status, hires: job.hires.length, liveHire: job.liveHire !== null },
    contracts,
    escrows,
    ledger: world.ports.ledger
      .walletEntries()
      .map(({ ownerId, amountPaise, direction, description }) => ({ ownerId, amountPaise, direction, description })),
    gatewayRefunds: world.ports.payments.refunds().map((refund) => refund.amountPaise),
    openOperations: (await world.ports.operations.listOpen(FAR_FUTURE, 100)).length,
  };
}

async function uninterruptedOutcome(testCase: InterruptionCase): Promise<unknown> {
  const world = createWorld();
  const subject = await testCase.setup(world);
  await testCase.act(world.service, subject);
  return outcomeOf(world, subject.jobId);
}

/** Crashes at each write in turn until the operation runs to the end; answers how many writes it makes. */
async function crashAtEveryWrite(testCase: InterruptionCase, when: 'before' | 'after'): Promise<number> {
  const expected = await uninterruptedOutcome(testCase);
  for (let crashAt = 1; crashAt < 200; crashAt += 1) {
    const world = createWorld();
    const subject = await testCase.setup(world);
    const before = await outcomeOf(world, subject.jobId);
    const crashing = createMarketplace(crashingPorts(world.ports, crashAt, when));
    const failure = await testCase.act(crashing, subject).then(
      () => null,
      (error: unknown) => error,
    );
    if (failure === null) {
      expect(await outcomeOf(world, subject.jobId)).toEqual(expected);
      return crashAt - 1;
    }
    expect(failure).toBeInstanceOf(Crash);
    await world.service.recoverInterruptedOperations.execute({ graceMs: 0 });
    const recovered = await outcomeOf(world, subject.jobId);
    if (JSON.stringify(recovered) !== JSON.stringify(expected)) {
      expect(recovered, `${(failure as Crash).message}: recovery leaves all or nothing`).toEqual(before);
      await testCase.act(world.service, subject);
    }
    const finished = await outcomeOf(world, subject.jobId);
    expect(finished, (failure as Crash).message).toEqual(expected);
    await world.service.recoverInterruptedOperations.execute({ graceMs: 0 });
    expect(await outcomeOf(world, subject.jobId), 'recovery again changes nothing').toEqual(finished);
  }
  throw new Error(`${testCase.name} never ran to the end`);
}

/** A client's refund of a funded hire that the processor failed after the escrow was claimed: the operation stays open. */
async function refundFailedAfterClaim(): Promise<{ world: World; hire: FundedHire }> {
  const world = createWorld();
  const hire = await hireThroughPayment(world);
  world.ports.payments.failNext();
  await expect(
    world.service.refundEscrow.execute({ actor: people.client, contractId: hire.contractId, clientId: people.client.userId }),
  ).rejects.toMatchObject({ code: 'PAYMENT.GATEWAY_FAILED' });
  return { world, hire };
}

describe('operations interrupted at any write, then recovered', () => {
  describe.each(CASES)('$name', (testCase) => {
    it.each(['before', 'after'] as const)('crashing at each write (%s it is stored) ends as an uninterrupted run', async (when) => {
      const writes = await crashAtEveryWrite(testCase, when);
      expect(writes).toBeGreaterThan(1);
    });
  });

  // Goal: a processor outage after the refund was claimed is not a refusal: the operation stays
  // open, and recovery finishes the refund once the processor answers again.
  it('a refund the processor fails after the claim is finished by recovery', async () => {
    const { world, hire } = await refundFailedAfterClaim();
    expect((await world.ports.escrows.view(hire.escrowId))?.status).toBe('funded');

    const report = await world.service.recoverInterruptedOperations.execute({ graceMs: 0 });

    expect(report).toEqual({ examined: 1, finished: 1, failed: 0, reprojected: 0, backlog: 0, stuck: [] });
    expect(await world.ports.escrows.view(hire.escrowId)).toMatchObject({ status: 'refunded', resolution: { clientRefundPaise: 45_000 } });
    expect(world.ports.payments.refunds()).toHaveLength(1);
  });

  // Goal: an operation recovery cannot finish is postponed with a growing delay and retried once
  // due, so operations that keep failing never hold back the rest of the work list.
  it('postpones an operation that keeps failing, and finishes it once due and the processor answers', async () => {
    const { world, hire } = await refundFailedAfterClaim();
    const clock = world.clock;

    const failures: RecoveryFailure[] = [];
    world.ports.payments.failNext(2);
    const first = await world.service.recoverInterruptedOperations.execute({ graceMs: 0, onFailure: (failure) => failures.push(failure) });
    expect(first).toMatchObject({ examined: 1, failed: 1 });
    expect(await world.service.recoverInterruptedOperations.execute({ graceMs: 0 })).toMatchObject({ examined: 0 });

    clock.advance(recoveryRetryDelayMs(1));
    expect(
      await world.service.recoverInterruptedOperations.execute({ graceMs: 0, onFailure: (failure) => failures.push(failure) }),
    ).toMatchObject({ examined: 1, failed: 1 });
    expect(failures.map((failure) => failure.failedAttempts)).toEqual([1, 2]);
    expect(recoveryRetryDelayMs(2)).toBe(2 * recoveryRetryDelayMs(1));

    clock.advance(recoveryRetryDelayMs(1));
    expect(await world.service.recoverInterruptedOperations.execute({ graceMs: 0 })).toMatchObject({ examined: 0 });
    clock.advance(recoveryRetryDelayMs(1));
    expect(await world.service.recoverInterruptedOperations.execute({ graceMs: 0 })).toMatchObject({ examined: 1, finished: 1 });
    expect(await world.ports.escrows.view(hire.escrowId)).toMatchObject({ status: 'refunded' });
    expect(world.ports.payments.refunds()).toHaveLength(1);
  });

  // Goal: the backlog is visible on every pass, and an operation that keeps failing is named as
  // stuck (its id and attempts) on every pass until it finishes, never retried silently.
  it('reports the backlog each pass, and an operation that failed the threshold of attempts as stuck until it finishes', async () => {
    const { world, hire } = await refundFailedAfterClaim();
    const clock = world.clock;
    // Still within its grace period: not examined, yet counted.
    expect(await world.service.recoverInterruptedOperations.execute({ graceMs: 60_000 })).toMatchObject({
      examined: 0,
      backlog: 1,
      stuck: [],
    });

    world.ports.payments.failNext(2);
    const first = await world.service.recoverInterruptedOperations.execute({ graceMs: 0, stuckAfterAttempts: 2 });
    expect(first).toMatchObject({ failed: 1, backlog: 1, stuck: [] });
    clock.advance(recoveryRetryDelayMs(1));
    const second = await world.service.recoverInterruptedOperations.execute({ graceMs: 0, stuckAfterAttempts: 2 });
    expect(second).toMatchObject({ failed: 1, backlog: 1 });
    expect(second.stuck).toEqual([expect.objectContaining({ subject: { type: 'escrow', id: hire.escrowId }, failedAttempts: 2 })]);
    // Not due yet, and still reported.
    expect(await world.service.recoverInterruptedOperations.execute({ graceMs: 0, stuckAfterAttempts: 2 })).toMatchObject({
      examined: 0,
      stuck: [expect.objectContaining({ operationId: second.stuck[0]!.operationId, failedAttempts: 2 })],
    });

    clock.advance(recoveryRetryDelayMs(2));
    expect(await world.service.recoverInterruptedOperations.execute({ graceMs: 0, stuckAfterAttempts: 2 })).toMatchObject({
      finished: 1,
      backlog: 0,
      stuck: [],
    });
  });
});
