import { describe, expect, it } from 'vitest';
import { DAY_MS, type Actor } from '@skillhouse/domain';
import {
  createWorld,
  delivered,
  disputedBy,
  hireThroughPayment,
  people,
  releaseRequested,
  type FundedHire,
  workedUpTo,
  type World,
} from '../escrow-fixtures.test-support.ts';
import { expectRefusedChangingNothing, itGuardsTheContract } from './refusal.test-support.ts';

function requestChanges(world: World, contractId: unknown, actor: Actor = people.client, note: unknown = 'The logo is blurry') {
  return world.service.requestChanges.execute({ actor, contractId, note });
}

async function viewOf(world: World, contractId: string) {
  return world.service.contracts.view({ contractId });
}

describe('RequestChanges', () => {
  it('the client sends a delivery back during its review: the contract is Ongoing again and the review period is cleared', async () => {
    const world = createWorld();
    const hire = await delivered(world);

    const contract = await requestChanges(world, hire.contractId, people.client, '  The logo is blurry  ');

    expect(contract).toMatchObject({ status: 'Ongoing', changeRequests: 1, releaseFundStatus: 'NotRequested' });
    expect(contract.statusHistory.map((entry) => entry.status)).toEqual(['Pending', 'Started', 'Ongoing', 'Completed', 'Ongoing']);
    const { escrow } = await viewOf(world, hire.contractId);
    expect(escrow).toMatchObject({ status: 'funded', review: null, reviewRounds: 1, resolution: null });
    expect(escrow?.changeRequests).toEqual([expect.objectContaining({ round: 1, by: people.client.userId, note: 'The logo is blurry' })]);
    expect(world.ports.ledger.walletEntries()).toEqual([]);
    expect(world.ports.payments.refunds()).toEqual([]);
  });

  it('the next delivery opens a new review period of the full length, counted from that delivery', async () => {
    const world = createWorld();
    const hire = await delivered(world);
    world.clock.advance(5 * DAY_MS);
    await requestChanges(world, hire.contractId);
    world.clock.advance(2 * DAY_MS);

    await world.service.updateContractStatus.execute({ actor: people.freelancer, contractId: hire.contractId, status: 'Completed' });

    const { contract, escrow } = await viewOf(world, hire.contractId);
    expect(contract).toMatchObject({ status: 'Completed', deliveries: 2, changeRequests: 1 });
    expect(escrow?.review).toMatchObject({ round: 2, startedAt: expect.any(Date) });
    expect(escrow!.review!.endsAt.getTime() - contract.deliveredAt!.getTime()).toBe(14 * DAY_MS);
  });

  it('takes at most five change requests by default; the sixth is a 409 CONTRACT.CHANGE_REQUESTS_EXHAUSTED that changes nothing', async () => {
    const world = createWorld();
    const hire = await delivered(world);
    for (let round = 1; round <= 5; round += 1) {
      await requestChanges(world, hire.contractId, people.client, `Round ${round}`);
      await world.service.updateContractStatus.execute({ actor: people.freelancer, contractId: hire.contractId, status: 'Completed' });
    }
    await expectRefusedChangingNothing(world, hire, () => requestChanges(world, hire.contractId), {
      code: 'CONTRACT.CHANGE_REQUESTS_EXHAUSTED',
      kind: 'conflict',
    });
    // The client is not stuck: the release, or a dispute, is still open to them.
    await world.service.requestRelease.execute({ actor: people.client, contractId: hire.contractId });
  });

  it('the number of change requests follows the policy', async () => {
    const world = createWorld({ changeRequestsMax: 1 });
    const hire = await delivered(world);
    await requestChanges(world, hire.contractId);
    await world.service.updateContractStatus.execute({ actor: people.freelancer, contractId: hire.contractId, status: 'Completed' });
    await expectRefusedChangingNothing(world, hire, () => requestChanges(world, hire.contractId), {
      code: 'CONTRACT.CHANGE_REQUESTS_EXHAUSTED',
      kind: 'conflict',
    });
  });

  it.each<[string, unknown]>([
    ['no note', undefined],
    ['an empty note', '   '],
    ['a note that is not text', 42],
    ['a note over 2,000 characters', 'x'.repeat(2_001)],
  ])('refuses %s: 400 VALIDATION.INVALID_TEXT naming the note, nothing changed', async (_what, note) => {
    const world = createWorld();
    const hire = await delivered(world);
    await expectRefusedChangingNothing(
      world,
      hire,
      () => world.service.requestChanges.execute({ actor: people.client, contractId: hire.contractId, note }),
      {
        code: 'VALIDATION.INVALID_TEXT',
        kind: 'validation',
        fields: ['note'],
      },
    );
  });

  itGuardsTheContract({
    setup: delivered,
    act: (world, contractId, actor) => requestChanges(world, contractId, actor),
    actor: people.client,
    malformedId: 'not-an-id',
    outsiders: [
      ['the freelancer', people.freelancer, 'AUTH.ROLE_NOT_ALLOWED'],
      ['an admin', people.admin, 'AUTH.ROLE_NOT_ALLOWED'],
      ['another client', people.otherClient, 'CONTRACT.NOT_A_PARTY'],
    ],
    unfundedAfterwards: async (world, unfundedId) => {
      expect((await viewOf(world, unfundedId)).contract).toMatchObject({ status: 'Pending', changeRequests: 0 });
    },
  });

  it.each<[string, string, (world: World) => Promise<FundedHire>]>([
    ['work that was not delivered (Pending)', 'CONTRACT.REVIEW_NOT_RUNNING', hireThroughPayment],
    ['work that was not delivered (Started)', 'CONTRACT.REVIEW_NOT_RUNNING', workedUpTo('Started')],
    ['work that was not delivered (Ongoing)', 'CONTRACT.REVIEW_NOT_RUNNING', workedUpTo('Ongoing')],
    [
      'a second request on the same delivery',
      'CONTRACT.REVIEW_NOT_RUNNING',
      async (world) => {
        const hire = await delivered(world);
        await requestChanges(world, hire.contractId);
        return hire;
      },
    ],
    ['a contract whose client requested the release (a dispute is the way to contest)', 'CONTRACT.RELEASE_NOT_ALLOWED', releaseRequested],
    [
      'while a dispute is open',
      'ESCROW.IN_DISPUTE',
      async (world) =>
        disputedBy(world, people.freelancer, await delivered(world), { reason: 'payment', description: 'The client is stalling' }),
    ],
    [
      'a released escrow',
      'ESCROW.ALREADY_RESOLVED',
      async (world) => {
        const hire = await releaseRequested(world);
        await world.service.releaseEscrow.execute({ actor: people.admin, contractId: hire.contractId });
        return hire;
      },
    ],
    [
      'an escrow the review timer released',
      'ESCROW.ALREADY_RESOLVED',
      async (world) => {
        const hire = await delivered(world);
        world.clock.advance(14 * DAY_MS);
        await world.service.releaseLapsedReviews.execute();
        return hire;
      },
    ],
  ])('refuses %s: 409 %s', async (_what, code, setup) => {
    const world = createWorld();
    const hire = await setup(world);
    await expectRefusedChangingNothing(world, hire, () => requestChanges(world, hire.contractId), { code, kind: 'conflict' });
  });

  it('refuses once the review period lapsed, even before the timer ran: 409 CONTRACT.REVIEW_NOT_RUNNING', async () => {
    const world = createWorld();
    const hire = await delivered(world);
    world.clock.advance(14 * DAY_MS);
    await expectRefusedChangingNothing(world, hire, () => requestChanges(world, hire.contractId), {
      code: 'CONTRACT.REVIEW_NOT_RUNNING',
      kind: 'conflict',
    });
    await expect(world.service.releaseLapsedReviews.execute()).resolves.toMatchObject({ released: 1 });
  });

  it('accepts a request made in the last moments of the review period', async () => {
    const world = createWorld();
    const hire = await delivered(world);
    world.clock.advance(14 * DAY_MS - 1_000);
    await expect(requestChanges(world, hire.contractId)).resolves.toMatchObject({ status: 'Ongoing' });
  });
});
