import { describe, expect, it } from 'vitest';
import { ForbiddenError } from '@skillhouse/domain';
import { createWorld, hexId, hireThroughPayment, people } from '../escrow-fixtures.test-support.ts';

describe('AcceptContract', () => {
  it("the contract's freelancer accepts a Pending contract: it becomes Started", async () => {
    const world = createWorld();
    const { contractId } = await hireThroughPayment(world);
    const contract = await world.service.acceptContract.execute({
      actor: people.freelancer,
      contractId,
      freelancerId: people.freelancer.userId,
    });
    expect(contract.status).toBe('Started');
    expect(contract.statusHistory.map((entry) => entry.status)).toEqual(['Pending', 'Started']);
  });

  it('refuses a path naming another freelancer, another freelancer, the client, and a second acceptance', async () => {
    const world = createWorld();
    const { contractId } = await hireThroughPayment(world);
    const accept = (actor: (typeof people)[keyof typeof people], freelancerId: string) =>
      world.service.acceptContract.execute({ actor, contractId, freelancerId });
    await expect(accept(people.freelancer, people.otherFreelancer.userId)).rejects.toMatchObject({ code: 'AUTH.NOT_YOURS' });
    await expect(accept(people.otherFreelancer, people.otherFreelancer.userId)).rejects.toMatchObject({ code: 'CONTRACT.NOT_A_PARTY' });
    await expect(accept(people.client, people.client.userId)).rejects.toThrow(ForbiddenError);
    await expect(accept(people.admin, people.admin.userId)).rejects.toMatchObject({ code: 'AUTH.ROLE_NOT_ALLOWED' });
    await accept(people.freelancer, people.freelancer.userId);
    await expect(accept(people.freelancer, people.freelancer.userId)).rejects.toMatchObject({ code: 'CONTRACT.INVALID_TRANSITION' });
  });

  it('answers 404 for an unknown contract', async () => {
    const world = createWorld();
    await expect(
      world.service.acceptContract.execute({ actor: people.freelancer, contractId: hexId('99'), freelancerId: people.freelancer.userId }),
    ).rejects.toMatchObject({ code: 'CONTRACT.NOT_FOUND', kind: 'not_found' });
  });
});
