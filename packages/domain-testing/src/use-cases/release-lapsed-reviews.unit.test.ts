import { describe, expect, it } from 'vitest';
import { DAY_MS } from '@skillhouse/domain';
import { createWorld, delivered, disputedBy, people } from '../escrow-fixtures.test-support.ts';

describe('ReleaseLapsedReviews', () => {
  it('releases a delivery the client let lapse, once, as the system', async () => {
    const world = createWorld();
    const hire = await delivered(world);
    world.clock.advance(13 * DAY_MS);
    await expect(world.service.releaseLapsedReviews.execute()).resolves.toEqual({ due: 0, released: 0, failed: 0 });

    world.clock.advance(DAY_MS);
    await expect(world.service.releaseLapsedReviews.execute()).resolves.toEqual({ due: 1, released: 1, failed: 0 });
    await expect(world.service.releaseLapsedReviews.execute()).resolves.toEqual({ due: 0, released: 0, failed: 0 });

    const { contract, escrow } = await world.service.contracts.view({ contractId: hire.contractId });
    expect(contract).toMatchObject({ status: 'Completed', releaseFundStatus: 'Approved' });
    expect(escrow).toMatchObject({ status: 'released', resolution: { kind: 'release', decidedBy: 'system', decidedByRole: 'system' } });
    expect(await world.ports.ledger.walletBalanceOf(people.freelancer.userId)).toBe(45_000);
  });

  it('waits while a dispute is open, and after a withdrawal gives the client at least three more days', async () => {
    const world = createWorld();
    const hire = await delivered(world);
    await disputedBy(world, people.client, hire);
    world.clock.advance(20 * DAY_MS);
    await expect(world.service.releaseLapsedReviews.execute()).resolves.toMatchObject({ released: 0 });

    await world.service.withdrawDispute.execute({ actor: people.client, contractId: hire.contractId });
    world.clock.advance(2 * DAY_MS);
    await expect(world.service.releaseLapsedReviews.execute()).resolves.toMatchObject({ released: 0 });
    world.clock.advance(DAY_MS + 1);
    await expect(world.service.releaseLapsedReviews.execute()).resolves.toMatchObject({ released: 1 });
  });

  it('leaves alone a delivery sent back for changes', async () => {
    const world = createWorld();
    const hire = await delivered(world);
    await world.service.requestChanges.execute({ actor: people.client, contractId: hire.contractId, note: 'The logo is blurry' });
    world.clock.advance(30 * DAY_MS);
    await expect(world.service.releaseLapsedReviews.execute()).resolves.toEqual({ due: 0, released: 0, failed: 0 });
  });
});
