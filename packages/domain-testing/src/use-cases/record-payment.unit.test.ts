import { describe, expect, it, vi } from 'vitest';
import { createMarketplace, ValidationError, type CheckoutOutcome } from '@skillhouse/domain';
import { Crash } from '../port-interception.test-support.ts';
import { checkoutOutcome, createWorld, hexId, people, postJob, unfundedContract, type World } from '../escrow-fixtures.test-support.ts';

async function recorded(world: World, outcome: CheckoutOutcome) {
  const result = await world.service.recordPayment.execute(outcome);
  if (result.outcome !== 'recorded') throw new Error(`expected the payment to be recorded, got ${result.reason}`);
  return result.escrow;
}

describe('RecordPayment', () => {
  it('a paid checkout funds an escrow, creates the Pending contract and closes the job', async () => {
    const world = createWorld();
    const job = await postJob(world);

    const escrow = await recorded(world, checkoutOutcome('cs_1', { jobId: job.id, amountPaidPaise: 50_000 }));

    expect(escrow).toMatchObject({
      status: 'funded',
      checkoutSessionId: 'cs_1',
      paymentIntentId: 'pi_cs_1',
      jobId: job.id,
      clientId: people.client.userId,
      freelancerId: people.freelancer.userId,
      amountPaise: 50_000,
      platformFeePaise: 5_000,
      freelancerEarningPaise: 45_000,
      resolution: null,
    });
    const { contract } = await world.service.contracts.view({ contractId: escrow.contractId });
    expect(contract).toMatchObject({ status: 'Pending', escrowId: escrow.id, jobId: job.id, freelancerId: people.freelancer.userId });
    expect(await world.service.getJob.execute({ jobId: job.id })).toMatchObject({
      status: 'Closed',
      hiredFreelancerId: people.freelancer.userId,
    });
  });

  it('holds what Stripe says was paid, not the rate the client typed', async () => {
    const world = createWorld();
    const job = await postJob(world, people.client, 500);
    const escrow = await recorded(world, checkoutOutcome('cs_1', { jobId: job.id, amountPaidPaise: 12_345 }));
    expect(escrow).toMatchObject({ amountPaise: 12_345, platformFeePaise: 1_235, freelancerEarningPaise: 11_110 });
  });

  it('ignores an unpaid checkout, creating nothing; the same session paid later funds the escrow', async () => {
    const world = createWorld();
    const job = await postJob(world);
    expect(await world.service.recordPayment.execute(checkoutOutcome('cs_1', { jobId: job.id, paid: false }))).toEqual({
      outcome: 'ignored',
      reason: 'the checkout is not paid',
    });
    expect(world.ports.escrows.all()).toEqual([]);
    expect(await world.service.getJob.execute({ jobId: job.id })).toMatchObject({ status: 'Open' });
    expect((await recorded(world, checkoutOutcome('cs_1', { jobId: job.id }))).status).toBe('funded');
  });

  it.each<[string, (outcome: CheckoutOutcome) => CheckoutOutcome]>([
    ['no jobId', (outcome) => ({ ...outcome, metadata: { ...outcome.metadata, jobId: undefined } })],
    ['a clientId that is not an id', (outcome) => ({ ...outcome, metadata: { ...outcome.metadata, clientId: 'client-1' } })],
    ['no freelancerId', (outcome) => ({ ...outcome, metadata: { jobId: outcome.metadata.jobId, clientId: outcome.metadata.clientId } })],
    ['no payment intent', (outcome) => ({ ...outcome, paymentIntentId: null })],
    ['no amount', (outcome) => ({ ...outcome, amountPaidPaise: null })],
    ['an amount of 0', (outcome) => ({ ...outcome, amountPaidPaise: 0 })],
    ['a fractional amount', (outcome) => ({ ...outcome, amountPaidPaise: 10.5 })],
    ['a currency other than INR', (outcome) => ({ ...outcome, currency: 'usd' })],
  ])('refuses a paid checkout with %s, creating nothing', async (_what, spoil) => {
    const world = createWorld();
    const job = await postJob(world);
    const outcome = spoil(checkoutOutcome('cs_1', { jobId: job.id }));
    await expect(world.service.recordPayment.execute(outcome)).rejects.toThrow(ValidationError);
    await expect(world.service.recordPayment.execute(outcome)).rejects.toMatchObject({ code: 'PAYMENT.UNUSABLE_CHECKOUT' });
    expect(world.ports.escrows.all()).toEqual([]);
    expect((await world.ports.contracts.list({ jobId: job.id, limit: 10 })).map(({ contract }) => contract)).toEqual([]);
    expect(await world.ports.operations.listOpen(new Date('2999-01-01'), 10)).toEqual([]);
  });

  it('records a session once however often Stripe delivers it', async () => {
    const world = createWorld();
    const job = await postJob(world);
    const outcome = checkoutOutcome('cs_1', { jobId: job.id });
    const first = await recorded(world, outcome);
    const again = await recorded(world, outcome);
    const late = await recorded(world, { ...outcome, paid: true });
    expect(again).toEqual(first);
    expect(late).toEqual(first);
    expect(world.ports.escrows.all()).toHaveLength(1);
    expect((await world.ports.contracts.list({ jobId: job.id, limit: 10 })).map(({ contract }) => contract)).toHaveLength(1);
  });

  it('lets deliveries of a session being recorded join it: one claim, one answer; a later delivery replays as before', async () => {
    const world = createWorld();
    const job = await postJob(world);
    const outcome = checkoutOutcome('cs_1', { jobId: job.id });
    const claim = vi.spyOn(world.ports.escrows, 'claim');

    const storm = await Promise.all(Array.from({ length: 10 }, () => recorded(world, outcome)));

    expect(claim).toHaveBeenCalledTimes(1);
    expect(new Set(storm)).toEqual(new Set([storm[0]]));
    expect(await recorded(world, outcome)).toEqual(storm[0]);
    expect(claim).toHaveBeenCalledTimes(2);
    expect(world.ports.escrows.all()).toHaveLength(1);
  });

  it("gives the joiners the failure of the delivery they joined, and records the session on Stripe's retry", async () => {
    const world = createWorld();
    const job = await postJob(world);
    const outcome = checkoutOutcome('cs_1', { jobId: job.id });
    vi.spyOn(world.ports.escrows, 'claim').mockRejectedValueOnce(new Error('the database went away'));

    const storm = await Promise.allSettled(Array.from({ length: 3 }, () => world.service.recordPayment.execute(outcome)));

    expect(storm.map((result) => result.status)).toEqual(['rejected', 'rejected', 'rejected']);
    expect(world.ports.escrows.all()).toEqual([]);
    expect((await recorded(world, outcome)).status).toBe('funded');
  });

  it('attaches to the contract the client already created for the same job and freelancer', async () => {
    const world = createWorld();
    const { job, contract } = await unfundedContract(world);
    const escrow = await recorded(world, checkoutOutcome('cs_1', { jobId: job.id }));
    expect(escrow.contractId).toBe(contract.id);
    expect((await world.ports.contracts.list({ jobId: job.id, limit: 10 })).map(({ contract }) => contract)).toEqual([
      expect.objectContaining({ id: contract.id, escrowId: escrow.id }),
    ]);
  });

  it('returns whole a second payment for an already funded contract', async () => {
    const world = createWorld();
    const job = await postJob(world);
    const first = await recorded(world, checkoutOutcome('cs_1', { jobId: job.id }));

    const second = await recorded(world, checkoutOutcome('cs_2', { jobId: job.id, amountPaidPaise: 30_000 }));

    expect(second).toMatchObject({
      status: 'refunded',
      contractId: null,
      resolution: { kind: 'return', clientRefundPaise: 30_000, freelancerPayoutPaise: 0, platformFeePaise: 0, contractId: null },
    });
    expect(world.ports.payments.refunds()).toEqual([
      expect.objectContaining({ paymentIntentId: 'pi_cs_2', amountPaise: 30_000, escrowId: second.id }),
    ]);
    expect((await world.service.contracts.view({ contractId: first.contractId })).contract.escrowId).toBe(first.id);
    expect(await world.ports.ledger.walletBalanceOf(people.freelancer.userId)).toBe(0);
  });

  it.each([
    ['an unknown job', async () => hexId('99'), people.client.userId],
    ["another client's job", async (world: World) => (await postJob(world, people.otherClient)).id, people.client.userId],
  ])('returns whole a payment for %s', async (_what, jobFor, clientId) => {
    const world = createWorld();
    const jobId = await jobFor(world);
    const escrow = await recorded(world, checkoutOutcome('cs_1', { jobId, clientId }));
    expect(escrow).toMatchObject({ status: 'refunded', resolution: { kind: 'return', clientRefundPaise: 50_000 } });
    expect(world.ports.payments.refunds()).toHaveLength(1);
  });

  it('returns whole a payment for a job another freelancer was hired on, and a replay of it refunds nothing more', async () => {
    const world = createWorld();
    const { job } = await unfundedContract(world, people.otherFreelancer);
    const outcome = checkoutOutcome('cs_1', { jobId: job.id });
    expect((await recorded(world, outcome)).resolution?.kind).toBe('return');
    expect((await recorded(world, outcome)).resolution?.kind).toBe('return');
    expect(world.ports.payments.refunds()).toHaveLength(1);
  });

  it('returns whole a payment of another amount than the contract the client created', async () => {
    const world = createWorld();
    const { job, contract } = await unfundedContract(world);
    const escrow = await recorded(world, checkoutOutcome('cs_1', { jobId: job.id, amountPaidPaise: 30_000 }));
    expect(escrow).toMatchObject({ status: 'refunded', resolution: { kind: 'return', clientRefundPaise: 30_000 } });
    expect((await world.service.contracts.view({ contractId: contract.id })).contract.escrowId).toBeNull();
  });

  it('creates its contract funded: a process that dies between the hire and the contract leaves recovery a funded contract to create', async () => {
    const world = createWorld();
    const job = await postJob(world);
    // The process dies just before creating the contract its payment hired for.
    const dyingContracts = Object.assign(Object.create(world.ports.contracts) as typeof world.ports.contracts, {
      append: async (...args: Parameters<typeof world.ports.contracts.append>) => {
        if (args[2].type === 'ContractCreated') throw new Crash('before creating the contract');
        return world.ports.contracts.append(...args);
      },
    });
    const dying = createMarketplace({ ...world.ports, contracts: dyingContracts });
    await expect(dying.recordPayment.execute(checkoutOutcome('cs_1', { jobId: job.id }))).rejects.toThrow(Crash);
    expect((await world.ports.contracts.list({ jobId: job.id, limit: 10 })).map(({ contract }) => contract)).toEqual([]);

    await world.service.recoverInterruptedOperations.execute({ graceMs: 0 });

    const [contract] = (await world.ports.contracts.list({ jobId: job.id, limit: 10 })).map(({ contract }) => contract);
    const escrow = await recorded(world, checkoutOutcome('cs_1', { jobId: job.id }));
    expect(contract).toMatchObject({ status: 'Pending', escrowId: escrow.id });
    expect(escrow).toMatchObject({ status: 'funded', contractId: contract!.id });
    expect(world.ports.payments.refunds()).toEqual([]);
  });

  it('funds a new contract when the session is paid after the earlier hire was canceled', async () => {
    const world = createWorld();
    const { job, contract: earlier } = await unfundedContract(world);
    await world.service.cancelContract.execute({ actor: people.client, contractId: earlier.id });
    const escrow = await recorded(world, checkoutOutcome('cs_1', { jobId: job.id }));
    expect(escrow.status).toBe('funded');
    expect(escrow.contractId).not.toBe(earlier.id);
    expect(await world.service.getJob.execute({ jobId: job.id })).toMatchObject({
      status: 'Closed',
      liveHire: { contractId: escrow.contractId },
    });
  });
});
