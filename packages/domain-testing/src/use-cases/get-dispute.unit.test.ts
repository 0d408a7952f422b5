import { describe, expect, it } from 'vitest';
import { DAY_MS, type Actor } from '@skillhouse/domain';
import {
  createWorld,
  decideDisputeThrough,
  delivered,
  hexId,
  openDisputeThrough,
  people,
  unfundedContract,
  type World,
} from '../escrow-fixtures.test-support.ts';

function getDispute(world: World, contractId: unknown, actor: Actor = people.client) {
  return world.service.getDispute.execute({ actor, contractId });
}

function openDispute(world: World, contractId: string, actor: Actor = people.client) {
  return openDisputeThrough(world.service, actor, contractId);
}

describe('GetDispute', () => {
  it('null while no dispute was ever opened', async () => {
    const world = createWorld();
    const hire = await delivered(world);
    await expect(getDispute(world, hire.contractId)).resolves.toBeNull();
  });

  it('the parties and any admin see the dispute with its statements', async () => {
    const world = createWorld();
    const hire = await delivered(world);
    await openDispute(world, hire.contractId);
    await world.service.addDisputeStatement.execute({
      actor: people.freelancer,
      contractId: hire.contractId,
      text: 'It matches the brief',
      mediaUrls: ['https://media.example/brief.pdf'],
    });
    for (const actor of [people.client, people.freelancer, people.admin]) {
      await expect(getDispute(world, hire.contractId, actor)).resolves.toMatchObject({
        number: 1,
        status: 'open',
        reason: 'quality',
        statements: [{ by: people.freelancer.userId, text: 'It matches the brief', mediaUrls: ['https://media.example/brief.pdf'] }],
      });
    }
  });

  it('shows the latest dispute: withdrawn, then the second one', async () => {
    const world = createWorld();
    const hire = await delivered(world);
    await openDispute(world, hire.contractId);
    await world.service.withdrawDispute.execute({ actor: people.client, contractId: hire.contractId });
    await expect(getDispute(world, hire.contractId)).resolves.toMatchObject({ number: 1, status: 'withdrawn' });
    await openDispute(world, hire.contractId, people.freelancer);
    await expect(getDispute(world, hire.contractId)).resolves.toMatchObject({
      number: 2,
      status: 'open',
      openedBy: people.freelancer.userId,
    });
  });

  it('a decided dispute shows as resolved', async () => {
    const world = createWorld();
    const hire = await delivered(world);
    await openDispute(world, hire.contractId);
    await decideDisputeThrough(world.service, hire.contractId, { freelancerPayout: 450, note: 'Delivered' });
    await expect(getDispute(world, hire.contractId, people.freelancer)).resolves.toMatchObject({
      status: 'resolved',
      closedAt: expect.any(Date),
    });
  });

  it.each<[string, Actor]>([
    ['another client', people.otherClient],
    ['another freelancer', people.otherFreelancer],
  ])('refuses %s: 403 CONTRACT.NOT_A_PARTY', async (_who, actor) => {
    const world = createWorld();
    const hire = await delivered(world);
    await openDispute(world, hire.contractId);
    await expect(getDispute(world, hire.contractId, actor)).rejects.toMatchObject({ code: 'CONTRACT.NOT_A_PARTY', kind: 'forbidden' });
  });

  it('refuses a contract id that is not an id: 400 VALIDATION.INVALID_ID naming contractId', async () => {
    const world = createWorld();
    await expect(getDispute(world, 'nope')).rejects.toMatchObject({
      code: 'VALIDATION.INVALID_ID',
      kind: 'validation',
      details: { fields: { contractId: expect.any(String) } },
    });
  });

  it('answers 404 for an unknown contract', async () => {
    const world = createWorld();
    await expect(getDispute(world, hexId('99'))).rejects.toMatchObject({ code: 'CONTRACT.NOT_FOUND', kind: 'not_found' });
  });

  it('null for a contract no payment funds yet: no dispute was ever opened on it', async () => {
    const world = createWorld();
    const { contract: unfunded } = await unfundedContract(world);
    await expect(getDispute(world, unfunded.id)).resolves.toBeNull();
  });

  it('refuses a stranger on a contract no payment funds: 403 CONTRACT.NOT_A_PARTY', async () => {
    const world = createWorld();
    const { contract: unfunded } = await unfundedContract(world);
    await expect(getDispute(world, unfunded.id, people.otherClient)).rejects.toMatchObject({ code: 'CONTRACT.NOT_A_PARTY' });
  });
});

describe('ListDisputes', () => {
  async function threeDisputes(world: World) {
    const open = await delivered(world);
    await openDispute(world, open.contractId);
    world.clock.advance(DAY_MS);
    const older = await delivered(world);
    world.clock.advance(DAY_MS);
    const withdrawn = await delivered(world);
    await openDispute(world, withdrawn.contractId, people.freelancer);
    await world.service.withdrawDispute.execute({ actor: people.freelancer, contractId: withdrawn.contractId });
    world.clock.advance(DAY_MS);
    await openDispute(world, older.contractId, people.freelancer);
    const resolved = await delivered(world);
    await openDispute(world, resolved.contractId);
    await decideDisputeThrough(world.service, resolved.contractId, { freelancerPayout: 200, note: 'Half' });
    return { open, older, withdrawn, resolved };
  }

  it('an admin lists the open disputes by default, oldest dispute first', async () => {
    const world = createWorld();
    const { open, older } = await threeDisputes(world);
    const listed = (await world.service.listDisputes.execute({ actor: people.admin })).items;
    expect(listed.map((escrow) => escrow.contractId)).toEqual([open.contractId, older.contractId]);
    expect(listed[1]).toMatchObject({ status: 'funded', dispute: { status: 'open', openedBy: people.freelancer.userId } });
  });

  it.each(['open', 'withdrawn', 'resolved'] as const)('filters by status %s', async (status) => {
    const world = createWorld();
    const disputes = await threeDisputes(world);
    const expected = { open: [disputes.open, disputes.older], withdrawn: [disputes.withdrawn], resolved: [disputes.resolved] }[status];
    const listed = (await world.service.listDisputes.execute({ actor: people.admin, status })).items;
    expect(listed.map((escrow) => escrow.contractId)).toEqual(expected.map((hire) => hire.contractId));
    expect(listed.every((escrow) => escrow.dispute?.status === status)).toBe(true);
  });

  it('is empty when there is no dispute', async () => {
    const world = createWorld();
    await delivered(world);
    await expect(world.service.listDisputes.execute({ actor: people.admin, status: 'open' })).resolves.toEqual({ items: [], next: null });
  });

  it('answers a page at a time, the next page after the last dispute of the page', async () => {
    const world = createWorld();
    const { open, older } = await threeDisputes(world);
    const first = await world.service.listDisputes.execute({ actor: people.admin, page: { limit: 1 } });
    expect(first.items.map((escrow) => escrow.contractId)).toEqual([open.contractId]);
    expect(first.next).not.toBeNull();
    const second = await world.service.listDisputes.execute({
      actor: people.admin,
      page: { limit: 1, ...(first.next === null ? {} : { after: first.next }) },
    });
    expect(second.items.map((escrow) => escrow.contractId)).toEqual([older.contractId]);
    expect(second.next).toBeNull();
  });

  it.each<[string, unknown]>([
    ['an unknown status', 'closed'],
    ['a status in capitals', 'OPEN'],
    ['a list of statuses', ['open']],
  ])('refuses %s: 400 VALIDATION.INVALID_DISPUTE_STATUS naming status', async (_what, status) => {
    const world = createWorld();
    await expect(world.service.listDisputes.execute({ actor: people.admin, status })).rejects.toMatchObject({
      code: 'VALIDATION.INVALID_DISPUTE_STATUS',
      kind: 'validation',
      details: { fields: { status: expect.any(String) } },
    });
  });

  it.each<[string, Actor]>([
    ['a client', people.client],
    ['a freelancer', people.freelancer],
  ])('refuses %s: 403 AUTH.ROLE_NOT_ALLOWED', async (_who, actor) => {
    const world = createWorld();
    await expect(world.service.listDisputes.execute({ actor })).rejects.toMatchObject({ code: 'AUTH.ROLE_NOT_ALLOWED', kind: 'forbidden' });
  });
});
