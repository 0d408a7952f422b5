import { describe, expect, it } from 'vitest';
import type { Actor } from '@skillhouse/domain';
import { advanceWork, createWorld, hireThroughPayment, people, unfundedContract } from '../escrow-fixtures.test-support.ts';
import { expectRefusedChangingNothing } from './refusal.test-support.ts';

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

  it.each<[string, Actor, string]>([
    ['the freelancer', people.freelancer, 'AUTH.ROLE_NOT_ALLOWED'],
    ['an admin', people.admin, 'AUTH.ROLE_NOT_ALLOWED'],
    ['another client', people.otherClient, 'CONTRACT.NOT_A_PARTY'],
  ])('refuses %s: 403 %s, nothing changed', async (_who, actor, code) => {
    const world = createWorld();
    const hire = await hireThroughPayment(world);
    await advanceWork(world, hire.contractId, 'Completed');
    await expectRefusedChangingNothing(world, hire, () => world.service.requestRelease.execute({ actor, contractId: hire.contractId }), {
      code,
      kind: 'forbidden',
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
