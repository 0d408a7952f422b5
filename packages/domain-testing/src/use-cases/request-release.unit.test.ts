import { describe, expect, it } from 'vitest';
import { advanceWork, createWorld, hireThroughPayment, people, unfundedContract } from '../escrow-fixtures.test-support.ts';

describe('RequestRelease', () => {
  it('the client asks for the release of their Completed, funded contract, once', async () => {
    const world = createWorld();
    const { contractId } = await hireThroughPayment(world);
    await advanceWork(world, contractId, 'Completed');
    const requested = await world.service.requestRelease.execute({ actor: people.client, contractId });
    expect(requested).toMatchObject({ status: 'Completed', releaseFundStatus: 'Requested' });
    await expect(world.service.requestRelease.execute({ actor: people.client, contractId })).rejects.toMatchObject({
      code: 'CONTRACT.RELEASE_NOT_ALLOWED',
    });
  });

  it('refuses the freelancer, an admin and another client', async () => {
    const world = createWorld();
    const { contractId } = await hireThroughPayment(world);
    await advanceWork(world, contractId, 'Completed');
    await expect(world.service.requestRelease.execute({ actor: people.freelancer, contractId })).rejects.toMatchObject({
      code: 'AUTH.ROLE_NOT_ALLOWED',
    });
    await expect(world.service.requestRelease.execute({ actor: people.admin, contractId })).rejects.toMatchObject({
      code: 'AUTH.ROLE_NOT_ALLOWED',
    });
    await expect(world.service.requestRelease.execute({ actor: people.otherClient, contractId })).rejects.toMatchObject({
      code: 'CONTRACT.NOT_A_PARTY',
    });
  });

  it.each(['Pending', 'Started', 'Ongoing'] as const)('refuses a %s contract', async (status) => {
    const world = createWorld();
    const { contractId } = await hireThroughPayment(world);
    if (status !== 'Pending') await advanceWork(world, contractId, status);
    await expect(world.service.requestRelease.execute({ actor: people.client, contractId })).rejects.toMatchObject({
      code: 'CONTRACT.RELEASE_NOT_ALLOWED',
    });
  });

  it('never reaches a contract that no payment funds: the funding gate keeps it Pending', async () => {
    const world = createWorld();
    const { contract } = await unfundedContract(world);
    await expect(advanceWork(world, contract.id, 'Completed')).rejects.toMatchObject({ code: 'CONTRACT.NOT_FUNDED' });
    await expect(world.service.requestRelease.execute({ actor: people.client, contractId: contract.id })).rejects.toMatchObject({
      code: 'CONTRACT.RELEASE_NOT_ALLOWED',
    });
  });
});
