import { describe, expect, it } from 'vitest';
import { advanceWork, createWorld, hireThroughPayment, people, workedUpTo } from '../escrow-fixtures.test-support.ts';
import { itRefusesOutsiders } from './refusal.test-support.ts';

describe('CancelContract', () => {
  it.each([
    ['the client', people.client],
    ['the freelancer', people.freelancer],
  ])('%s cancels live work: who, why and from where are recorded, the job reopens, the escrow stays funded', async (_who, actor) => {
    const world = createWorld();
    const hire = await workedUpTo('Ongoing')(world);

    const canceled = await world.service.cancelContract.execute({
      actor,
      contractId: hire.contractId,
      reason: 'scope changed',
      description: 'We need something else',
    });

    expect(canceled).toMatchObject({
      status: 'Canceled',
      cancellation: {
        by: actor.userId,
        byRole: actor.role,
        reason: 'scope changed',
        description: 'We need something else',
        from: 'Ongoing',
        forRefund: false,
      },
    });
    expect(canceled.statusHistory.at(-1)?.status).toBe('Canceled');
    expect(await world.service.getJob.execute({ jobId: hire.job.id })).toMatchObject({
      status: 'Open',
      liveHire: null,
      hiredFreelancerId: null,
    });
    expect(await world.ports.escrows.view(hire.escrowId)).toMatchObject({ status: 'funded', resolution: null });
    expect(await world.ports.operations.listOpen(new Date('2999-01-01'), 10)).toEqual([]);
  });

  // Nothing changed: the contract stays Pending.
  itRefusesOutsiders({
    setup: hireThroughPayment,
    act: (world, contractId, actor) => world.service.cancelContract.execute({ actor, contractId }),
    outsiders: [
      ['an admin', people.admin, 'AUTH.ROLE_NOT_ALLOWED'],
      ['another client', people.otherClient, 'CONTRACT.NOT_A_PARTY'],
      ['another freelancer', people.otherFreelancer, 'CONTRACT.NOT_A_PARTY'],
    ],
  });

  it('refuses Completed and already Canceled contracts', async () => {
    const world = createWorld();
    const completed = await hireThroughPayment(world);
    await advanceWork(world, completed.contractId, 'Completed');
    await expect(world.service.cancelContract.execute({ actor: people.client, contractId: completed.contractId })).rejects.toMatchObject({
      code: 'CONTRACT.INVALID_TRANSITION',
    });

    const other = createWorld();
    const canceled = await hireThroughPayment(other);
    await other.service.cancelContract.execute({ actor: people.client, contractId: canceled.contractId });
    await expect(other.service.cancelContract.execute({ actor: people.freelancer, contractId: canceled.contractId })).rejects.toMatchObject(
      { code: 'CONTRACT.INVALID_TRANSITION' },
    );
  });

  it('refuses a reason over 100 characters', async () => {
    const world = createWorld();
    const { contractId } = await hireThroughPayment(world);
    await expect(world.service.cancelContract.execute({ actor: people.client, contractId, reason: 'x'.repeat(101) })).rejects.toMatchObject(
      { code: 'VALIDATION.INVALID_TEXT' },
    );
  });
});
