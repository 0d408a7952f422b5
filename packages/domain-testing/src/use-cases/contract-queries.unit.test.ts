import { describe, expect, it } from 'vitest';
import { createMarketplace, jobSummaryOf } from '@skillhouse/domain';
import { createWorld, hireThroughPayment, people, releaseRequested, type World } from '../escrow-fixtures.test-support.ts';
import { interceptPorts } from '../port-interception.test-support.ts';

/** The port calls one list makes, as `port.method`, with a marketplace over the world's adapters. */
async function portCallsOfClientList(world: World): Promise<string[]> {
  const calls: string[] = [];
  const service = createMarketplace(
    interceptPorts(world.ports, (port, method, call) => {
      calls.push(`${port}.${method}`);
      return call();
    }),
  );
  await service.contracts.listForClient({ clientId: people.client.userId });
  return calls.sort();
}

describe('ContractQueries', () => {
  it('lists contracts for the client and the freelancer, populated with job, people and escrow; admins list all', async () => {
    const world = createWorld();
    await world.ports.users.save({ id: people.freelancer.userId, role: 'freelancer', displayName: 'Asha', blocked: false });
    const hire = await hireThroughPayment(world);
    const [forClient] = (await world.service.contracts.listForClient({ clientId: people.client.userId })).items;
    expect(forClient).toMatchObject({
      contract: { id: hire.contractId },
      job: { id: hire.job.id },
      freelancer: { displayName: 'Asha' },
      client: null,
      escrow: { id: hire.escrowId, status: 'funded' },
    });
    expect(
      (await world.service.contracts.listForFreelancer({ freelancerId: people.freelancer.userId, status: 'Pending' })).items,
    ).toHaveLength(1);
    expect(
      (await world.service.contracts.listForFreelancer({ freelancerId: people.freelancer.userId, status: 'Completed' })).items,
    ).toEqual([]);
    expect((await world.service.contracts.listAll({ actor: people.admin })).items).toHaveLength(1);
    await expect(world.service.contracts.listAll({ actor: people.client })).rejects.toMatchObject({ code: 'AUTH.ROLE_NOT_ALLOWED' });
    expect((await world.service.contracts.findForJobAndClient({ jobId: hire.job.id, clientId: people.client.userId }))?.contract.id).toBe(
      hire.contractId,
    );
  });

  it('fills a list with the same few batch reads however many contracts it holds', async () => {
    const world = createWorld();
    await hireThroughPayment(world);
    const callsForOne = await portCallsOfClientList(world);
    expect(callsForOne).toEqual(['contracts.list', 'jobs.findSummaries', 'users.findMany']);
    for (let hire = 0; hire < 4; hire += 1) await hireThroughPayment(world);
    expect((await world.service.contracts.listForClient({ clientId: people.client.userId })).items).toHaveLength(5);
    await expect(portCallsOfClientList(world)).resolves.toEqual(callsForOne);
  });

  it('shows the same escrow in a list as in the view of one contract, and its job in summary', async () => {
    const world = createWorld();
    const released = await releaseRequested(world);
    await world.service.releaseEscrow.execute({ actor: people.admin, contractId: released.contractId });
    const funded = await hireThroughPayment(world);
    const listed = (await world.service.contracts.listForClient({ clientId: people.client.userId })).items;
    const viewed = await Promise.all([funded, released].map((hire) => world.service.contracts.view({ contractId: hire.contractId })));
    expect(listed).toStrictEqual(viewed.map(({ job, ...parts }) => ({ ...parts, job: job === null ? null : jobSummaryOf(job) })));
    expect(listed.map((details) => details.escrow?.status)).toEqual(['funded', 'released']);
  });
});
