import { describe, expect, it } from 'vitest';
import { advanceWork, createWorld, hireThroughPayment, people, releaseRequested } from '../escrow-fixtures.test-support.ts';

describe('GetEarnings', () => {
  it('a freelancer sees their balance and entries, newest first; an admin may see anyone’s', async () => {
    const world = createWorld();
    const released = await releaseRequested(world, 50_000);
    await world.service.releaseEscrow.execute({ actor: people.admin, contractId: released.contractId });
    const refunded = await hireThroughPayment(world, 20_000);
    await advanceWork(world, refunded.contractId, 'Started');
    await world.service.refundEscrow.execute({ actor: people.client, contractId: refunded.contractId, clientId: people.client.userId });

    const earnings = await world.service.getEarnings.execute({ actor: people.freelancer, userId: people.freelancer.userId });

    // Released: 45000. Refunded while Started: 15% of the 18000 earning on 20000 = 2700.
    expect(earnings.balancePaise).toBe(47_700);
    expect(earnings.entries.map((entry) => [entry.amountPaise, entry.escrowId])).toEqual([
      [2_700, refunded.escrowId],
      [45_000, released.escrowId],
    ]);
    expect(await world.service.getEarnings.execute({ actor: people.admin, userId: people.freelancer.userId })).toEqual(earnings);
  });

  it('refuses anyone else reading a wallet', async () => {
    const world = createWorld();
    for (const actor of [people.otherFreelancer, people.client]) {
      await expect(world.service.getEarnings.execute({ actor, userId: people.freelancer.userId })).rejects.toMatchObject({
        code: 'AUTH.NOT_YOURS',
        kind: 'forbidden',
      });
    }
  });

  it('shows an empty wallet as 0', async () => {
    const world = createWorld();
    expect(await world.service.getEarnings.execute({ actor: people.freelancer, userId: people.freelancer.userId })).toEqual({
      userId: people.freelancer.userId,
      balancePaise: 0,
      availablePaise: 0,
      heldPaise: 0,
      entries: [],
      withdrawals: [],
    });
  });
});
