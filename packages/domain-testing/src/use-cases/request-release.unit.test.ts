import { describe, expect, it } from 'vitest';
import { advanceWork, createWorld, hireThroughPayment, people, unfundedContract, workedUpTo } from '../escrow-fixtures.test-support.ts';
import { itRefusesOutsiders } from './refusal.test-support.ts';

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

  itRefusesOutsiders({
    setup: workedUpTo('Completed'),
    act: (world, contractId, actor) => world.service.requestRelease.execute({ actor, contractId }),
    outsiders: [
      ['the freelancer', people.freelancer, 'AUTH.ROLE_NOT_ALLOWED'],
      ['an admin', people.admin, 'AUTH.ROLE_NOT_ALLOWED'],
      ['another client', people.otherClient, 'CONTRACT.NOT_A_PARTY'],
    ],
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
