import { describe, expect, it } from 'vitest';
import { ConflictError } from '@skillhouse/domain';
import { advanceWork, createWorld, hireThroughPayment, people } from '../escrow-fixtures.test-support.ts';

describe('UpdateContractStatus', () => {
  it('the freelancer moves the work Started → Ongoing → Completed, one step at a time', async () => {
    const world = createWorld();
    const { contractId } = await hireThroughPayment(world);
    await advanceWork(world, contractId, 'Completed');
    const { contract } = await world.service.contracts.view({ contractId });
    expect(contract.statusHistory.map((entry) => entry.status)).toEqual(['Pending', 'Started', 'Ongoing', 'Completed']);
  });

  it('refuses skipping a step, going back, and anything after Completed', async () => {
    const world = createWorld();
    const { contractId } = await hireThroughPayment(world);
    const update = (status: string) => world.service.updateContractStatus.execute({ actor: people.freelancer, contractId, status });
    await expect(update('Completed')).rejects.toThrow(ConflictError);
    await advanceWork(world, contractId, 'Ongoing');
    await expect(update('Started')).rejects.toMatchObject({ code: 'CONTRACT.INVALID_TRANSITION' });
    await update('Completed');
    for (const status of ['Started', 'Ongoing', 'Completed', 'Canceled'])
      await expect(update(status)).rejects.toMatchObject({ code: 'CONTRACT.INVALID_TRANSITION' });
  });

  it.each(['Pending', 'Done', '', 7])('refuses the status %j', async (status) => {
    const world = createWorld();
    const { contractId } = await hireThroughPayment(world);
    await expect(world.service.updateContractStatus.execute({ actor: people.freelancer, contractId, status })).rejects.toMatchObject({
      code: 'VALIDATION.INVALID_STATUS',
    });
  });

  it('Canceled cancels the work as the freelancer, and the job reopens', async () => {
    const world = createWorld();
    const { contractId, job } = await hireThroughPayment(world);
    const canceled = await world.service.updateContractStatus.execute({ actor: people.freelancer, contractId, status: 'Canceled' });
    expect(canceled).toMatchObject({
      status: 'Canceled',
      cancellation: { by: people.freelancer.userId, byRole: 'freelancer', from: 'Pending' },
    });
    expect((await world.service.getJob.execute({ jobId: job.id })).status).toBe('Open');
  });

  it('refuses the client, an admin and another freelancer', async () => {
    const world = createWorld();
    const { contractId } = await hireThroughPayment(world);
    await expect(world.service.updateContractStatus.execute({ actor: people.client, contractId, status: 'Started' })).rejects.toMatchObject(
      { code: 'AUTH.ROLE_NOT_ALLOWED' },
    );
    await expect(world.service.updateContractStatus.execute({ actor: people.admin, contractId, status: 'Started' })).rejects.toMatchObject({
      code: 'AUTH.ROLE_NOT_ALLOWED',
    });
    await expect(
      world.service.updateContractStatus.execute({ actor: people.otherFreelancer, contractId, status: 'Started' }),
    ).rejects.toMatchObject({ code: 'CONTRACT.NOT_A_PARTY' });
    await expect(
      world.service.updateContractStatus.execute({ actor: people.otherFreelancer, contractId, status: 'Canceled' }),
    ).rejects.toMatchObject({ code: 'CONTRACT.NOT_A_PARTY' });
  });
});
