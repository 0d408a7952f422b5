import { describe, expect, it } from 'vitest';
import { type Actor } from '@skillhouse/domain';
import {
  advanceWork,
  createWorld,
  delivered,
  hireThroughPayment,
  people,
  releaseRequested,
  type World,
} from '../escrow-fixtures.test-support.ts';

function rate(
  world: World,
  contractId: string,
  changes: { actor?: Actor; clientId?: string; freelancerId?: string; rating?: unknown; description?: unknown } = {},
) {
  return world.service.rateFreelancer.execute({
    actor: people.client,
    clientId: people.client.userId,
    freelancerId: people.freelancer.userId,
    contractId,
    rating: 5,
    description: 'Great work',
    ...changes,
  });
}

/** Completed and released: the work is final. */
async function completedContract(world: World): Promise<string> {
  const { contractId } = await releaseRequested(world);
  await world.service.releaseEscrow.execute({ actor: people.admin, contractId });
  return contractId;
}

describe('RateFreelancer', () => {
  it('the client reviews the freelancer of their Completed contract, once', async () => {
    const world = createWorld();
    const contractId = await completedContract(world);
    const review = await rate(world, contractId, { rating: 4, description: '  Solid  ' });
    expect(review).toMatchObject({
      contractId,
      clientId: people.client.userId,
      freelancerId: people.freelancer.userId,
      rating: 4,
      description: 'Solid',
    });
    await expect(rate(world, contractId)).rejects.toMatchObject({ code: 'REVIEW.ALREADY_EXISTS', kind: 'conflict' });
    expect((await world.service.listReviews.execute({ freelancerId: people.freelancer.userId })).items).toHaveLength(1);
  });

  it('refuses a delivered contract still in its review period: the client may yet send it back', async () => {
    const world = createWorld();
    const { contractId } = await delivered(world);
    await expect(rate(world, contractId)).rejects.toMatchObject({ code: 'REVIEW.CONTRACT_NOT_COMPLETED' });
  });

  it.each(['Pending', 'Started', 'Ongoing'] as const)('refuses a %s contract', async (status) => {
    const world = createWorld();
    const { contractId } = await hireThroughPayment(world);
    if (status !== 'Pending') await advanceWork(world, contractId, status);
    await expect(rate(world, contractId)).rejects.toMatchObject({ code: 'REVIEW.CONTRACT_NOT_COMPLETED' });
  });

  it('refuses a canceled contract', async () => {
    const world = createWorld();
    const { contractId } = await hireThroughPayment(world);
    await world.service.cancelContract.execute({ actor: people.client, contractId });
    await expect(rate(world, contractId)).rejects.toMatchObject({ code: 'REVIEW.CONTRACT_NOT_COMPLETED' });
  });

  it('refuses the wrong freelancer, another client, a path naming someone else, and non-clients', async () => {
    const world = createWorld();
    const contractId = await completedContract(world);
    await expect(rate(world, contractId, { freelancerId: people.otherFreelancer.userId })).rejects.toMatchObject({
      code: 'REVIEW.WRONG_FREELANCER',
    });
    await expect(rate(world, contractId, { actor: people.otherClient, clientId: people.otherClient.userId })).rejects.toMatchObject({
      code: 'CONTRACT.NOT_A_PARTY',
    });
    await expect(rate(world, contractId, { actor: people.otherClient })).rejects.toMatchObject({ code: 'AUTH.NOT_YOURS' });
    await expect(rate(world, contractId, { actor: people.freelancer, clientId: people.freelancer.userId })).rejects.toMatchObject({
      code: 'AUTH.ROLE_NOT_ALLOWED',
    });
    await expect(rate(world, contractId, { actor: people.admin })).rejects.toMatchObject({ code: 'AUTH.ROLE_NOT_ALLOWED' });
    expect((await world.service.listReviews.execute({ freelancerId: people.freelancer.userId })).items).toEqual([]);
  });

  it.each([0, 6, 3.5, '5', null])('refuses the rating %j', async (rating) => {
    const world = createWorld();
    const contractId = await completedContract(world);
    await expect(rate(world, contractId, { rating })).rejects.toMatchObject({ code: 'VALIDATION.INVALID_RATING' });
  });

  it.each(['', '   ', 'x'.repeat(2_001)])('refuses a description of %j characters', async (description) => {
    const world = createWorld();
    const contractId = await completedContract(world);
    await expect(rate(world, contractId, { description })).rejects.toMatchObject({ code: 'VALIDATION.INVALID_TEXT' });
  });
});

describe('ListReviews', () => {
  it("lists a freelancer's reviews newest first, and only theirs", async () => {
    const world = createWorld();
    const first = await completedContract(world);
    const second = await completedContract(world);
    await rate(world, first, { rating: 3, description: 'first' });
    await rate(world, second, { rating: 5, description: 'second' });
    const reviews = (await world.service.listReviews.execute({ freelancerId: people.freelancer.userId })).items;
    expect(reviews.map((review) => [review.description, review.rating, review.clientId])).toEqual([
      ['second', 5, people.client.userId],
      ['first', 3, people.client.userId],
    ]);
    expect(reviews[0]!.createdAt.getTime()).toBeGreaterThan(reviews[1]!.createdAt.getTime());
    expect((await world.service.listReviews.execute({ freelancerId: people.otherFreelancer.userId })).items).toEqual([]);
  });
});
