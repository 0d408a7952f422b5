import { describe, expect, it } from 'vitest';
import { ConflictError, ForbiddenError } from '@skillhouse/domain';
import { createWorld, hexId, people, postJob, type World } from '../escrow-fixtures.test-support.ts';

function hire(world: World, jobId: string, changes: Record<string, unknown> = {}) {
  return world.service.createContract.execute({
    actor: people.client,
    jobId,
    freelancerId: people.freelancer.userId,
    amount: 500,
    ...changes,
  });
}

describe('CreateContract', () => {
  it('the client hires a freelancer on their Open job: a Pending contract without escrow, the job Closed', async () => {
    const world = createWorld();
    const job = await postJob(world);
    const contract = await hire(world, job.id, { amount: '750.25' });
    expect(contract).toMatchObject({
      jobId: job.id,
      clientId: people.client.userId,
      freelancerId: people.freelancer.userId,
      amountPaise: 75_025,
      status: 'Pending',
      escrowId: null,
      releaseFundStatus: 'NotRequested',
      statusHistory: [{ status: 'Pending' }],
    });
    expect(await world.service.getJob.execute({ jobId: job.id })).toMatchObject({
      status: 'Closed',
      hiredFreelancerId: people.freelancer.userId,
      liveHire: { contractId: contract.id },
    });
  });

  it('allows one live contract per job: a second hire is a 409 JOB.ALREADY_HIRED', async () => {
    const world = createWorld();
    const job = await postJob(world);
    await hire(world, job.id);
    await expect(hire(world, job.id, { freelancerId: people.otherFreelancer.userId })).rejects.toThrow(ConflictError);
    await expect(hire(world, job.id)).rejects.toMatchObject({ code: 'JOB.ALREADY_HIRED', kind: 'conflict' });
    expect(await world.ports.contracts.list({ jobId: job.id, limit: 10 })).toHaveLength(1);
  });

  it('after a cancellation the job reopens and can be hired again', async () => {
    const world = createWorld();
    const job = await postJob(world);
    const first = await hire(world, job.id);
    await world.service.cancelContract.execute({ actor: people.freelancer, contractId: first.id });
    expect((await world.service.getJob.execute({ jobId: job.id })).status).toBe('Open');
    const second = await hire(world, job.id, { freelancerId: people.otherFreelancer.userId });
    expect(second.id).not.toBe(first.id);
    expect(await world.service.getJob.execute({ jobId: job.id })).toMatchObject({
      status: 'Closed',
      hiredFreelancerId: people.otherFreelancer.userId,
    });
  });

  it("refuses hiring on another client's job", async () => {
    const world = createWorld();
    const job = await postJob(world, people.otherClient);
    await expect(hire(world, job.id)).rejects.toThrow(ForbiddenError);
    await expect(hire(world, job.id)).rejects.toMatchObject({ code: 'JOB.NOT_YOURS' });
  });

  it('refuses a freelancer or admin hiring, an unknown job, a bad amount, a blocked freelancer', async () => {
    const world = createWorld();
    const job = await postJob(world);
    await world.ports.users.save({ id: people.otherFreelancer.userId, role: 'freelancer', displayName: 'F2', blocked: true });
    await expect(hire(world, job.id, { actor: people.freelancer })).rejects.toMatchObject({ code: 'AUTH.ROLE_NOT_ALLOWED' });
    await expect(hire(world, job.id, { actor: people.admin })).rejects.toMatchObject({ code: 'AUTH.ROLE_NOT_ALLOWED' });
    await expect(hire(world, hexId('99'))).rejects.toMatchObject({ code: 'JOB.NOT_FOUND' });
    await expect(hire(world, job.id, { amount: 0.001 })).rejects.toMatchObject({ code: 'VALIDATION.INVALID_AMOUNT' });
    await expect(hire(world, job.id, { freelancerId: people.otherFreelancer.userId })).rejects.toMatchObject({ code: 'USER.BLOCKED' });
    expect((await world.service.getJob.execute({ jobId: job.id })).status).toBe('Open');
  });
});
