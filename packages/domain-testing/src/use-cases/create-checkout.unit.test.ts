import { describe, expect, it } from 'vitest';
import { AssertionFailed, ConflictError, ForbiddenError, NotFoundError, ValidationError } from '@skillhouse/domain';
import {
  checkoutOutcome,
  createWorld,
  hexId,
  hireThroughPayment,
  people,
  postJob,
  unfundedContract,
  type World,
} from '../escrow-fixtures.test-support.ts';

function checkout(world: World, jobId: string, changes: Record<string, unknown> = {}) {
  return world.service.createCheckout.execute({
    actor: people.client,
    jobId,
    title: 'Logo',
    rate: 500,
    freelancerId: people.freelancer.userId,
    ...changes,
  });
}

describe('CreateCheckout', () => {
  it("opens a checkout for hiring on the client's own Open job, recording nothing yet", async () => {
    const world = createWorld();
    const job = await postJob(world);
    const session = await checkout(world, job.id, { rate: '1234.56' });
    expect(world.ports.payments.sessions.get(session.sessionId)).toMatchObject({
      jobId: job.id,
      clientId: people.client.userId,
      freelancerId: people.freelancer.userId,
      amountPaise: 123_456,
      url: session.url,
    });
    expect(world.ports.escrows.all()).toEqual([]);
    expect(await world.ports.contracts.list({ jobId: job.id, limit: 10 })).toEqual([]);
  });

  it('opens a new checkout for a job reopened after a canceled hire, not the one already paid', async () => {
    const world = createWorld();
    const job = await postJob(world);
    const first = await checkout(world, job.id);
    const paid = await world.service.recordPayment.execute(checkoutOutcome(first.sessionId, { jobId: job.id, amountPaidPaise: 50_000 }));
    if (paid.outcome !== 'recorded' || paid.escrow.contractId === null) throw new Error('the first payment was not recorded');
    await world.service.cancelContract.execute({ actor: people.client, contractId: paid.escrow.contractId });
    const second = await checkout(world, job.id);
    expect(second.sessionId).not.toBe(first.sessionId);
    expect(await checkout(world, job.id)).toEqual(second);
  });

  it('opens a checkout that funds the contract the client created, for its freelancer and amount only', async () => {
    const world = createWorld();
    const { job, contract } = await unfundedContract(world);
    await expect(checkout(world, job.id, { rate: 499 })).rejects.toMatchObject({ code: 'JOB.ALREADY_HIRED' });
    await expect(checkout(world, job.id, { freelancerId: people.otherFreelancer.userId })).rejects.toMatchObject({
      code: 'JOB.ALREADY_HIRED',
    });

    const session = await checkout(world, job.id);
    const paid = await world.service.recordPayment.execute(checkoutOutcome(session.sessionId, { jobId: job.id, amountPaidPaise: 50_000 }));

    expect(paid).toMatchObject({ outcome: 'recorded', escrow: { status: 'funded', contractId: contract.id } });
    await expect(checkout(world, job.id)).rejects.toMatchObject({ code: 'JOB.ALREADY_HIRED' });
  });

  it('refuses an actor named otherwise than its records (uppercase, or not an ObjectId), opening no checkout', async () => {
    const world = createWorld();
    const job = await postJob(world);
    for (const userId of [people.client.userId.toUpperCase(), '3f2b8c1e-9d4a-4f6b-8e2a-1c5d7e9f0a3b']) {
      await expect(checkout(world, job.id, { actor: { ...people.client, userId } })).rejects.toBeInstanceOf(AssertionFailed);
    }
    expect(world.ports.payments.sessions.size).toBe(0);
  });

  it("refuses another client's job", async () => {
    const world = createWorld();
    const job = await postJob(world, people.otherClient);
    await expect(checkout(world, job.id)).rejects.toThrow(ForbiddenError);
    await expect(checkout(world, job.id)).rejects.toMatchObject({ code: 'JOB.NOT_YOURS' });
  });

  it('refuses a job that already has a live contract', async () => {
    const world = createWorld();
    const { job } = await hireThroughPayment(world);
    await expect(checkout(world, job.id)).rejects.toThrow(ConflictError);
    await expect(checkout(world, job.id)).rejects.toMatchObject({ code: 'JOB.ALREADY_HIRED' });
  });

  it('refuses an unknown job, and a freelancer or admin opening one', async () => {
    const world = createWorld();
    await expect(checkout(world, hexId('99'))).rejects.toThrow(NotFoundError);
    const job = await postJob(world);
    await expect(checkout(world, job.id, { actor: people.freelancer })).rejects.toMatchObject({ code: 'AUTH.ROLE_NOT_ALLOWED' });
    await expect(checkout(world, job.id, { actor: people.admin })).rejects.toMatchObject({ code: 'AUTH.ROLE_NOT_ALLOWED' });
  });

  it('refuses hiring someone the directory knows is not a freelancer, or is blocked', async () => {
    const world = createWorld();
    const job = await postJob(world);
    await world.ports.users.save({ id: people.otherClient.userId, role: 'client', displayName: 'C2', blocked: false });
    await world.ports.users.save({ id: people.otherFreelancer.userId, role: 'freelancer', displayName: 'F2', blocked: true });
    await expect(checkout(world, job.id, { freelancerId: people.otherClient.userId })).rejects.toMatchObject({
      code: 'USER.NOT_A_FREELANCER',
    });
    await expect(checkout(world, job.id, { freelancerId: people.otherFreelancer.userId })).rejects.toMatchObject({ code: 'USER.BLOCKED' });
  });

  it.each([
    ['a rate of -1', { rate: -1 }],
    ['a freelancer id that is not an id', { freelancerId: 'bob' }],
    ['an empty title', { title: '' }],
  ])('refuses %s', async (_what, changes) => {
    const world = createWorld();
    const job = await postJob(world);
    await expect(checkout(world, job.id, changes)).rejects.toThrow(ValidationError);
  });

  it('surfaces a processor outage as a gateway error', async () => {
    const world = createWorld();
    const job = await postJob(world);
    world.ports.payments.failNext();
    await expect(checkout(world, job.id)).rejects.toMatchObject({ code: 'PAYMENT.GATEWAY_FAILED', kind: 'payment_gateway' });
  });
});
