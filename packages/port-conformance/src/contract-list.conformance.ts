import { foldContract, type Contract, type ContractEvent, type ContractListQuery, type ContractRepository } from '@skillhouse/domain';
import { describe, expect, it } from 'vitest';
import {
  at,
  canceledContractStream,
  contractCreated,
  contractParties,
  disputedContractStream,
  newId,
  type ContractParties,
} from './fixtures.ts';
import type { PersistencePorts } from './persistence-ports.ts';

/** The contracts of a list, without their escrow views. */
async function listedContracts(contracts: ContractRepository, query: ContractListQuery): Promise<readonly Contract[]> {
  return (await contracts.list(query)).map((listing) => listing.contract);
}

async function recordContract(contracts: ContractRepository, events: readonly ContractEvent[]): Promise<Contract> {
  const created = events[0];
  if (created?.type !== 'ContractCreated') throw new Error('a contract stream starts with ContractCreated');
  for (const [index, event] of events.entries()) await contracts.append(created.data.contractId, index, event);
  await contracts.reproject(created.data.contractId);
  return foldContract(events)!;
}

function started(parties: ContractParties): ContractEvent[] {
  return [
    contractCreated(parties),
    { type: 'StatusChanged', data: { from: 'Pending', to: 'Started', by: parties.freelancerId, at: at(30) } },
  ];
}

/** Four contracts over two clients, two freelancers and two jobs, created in order c1..c4. */
async function recordFour(contracts: ContractRepository) {
  const [clientA, clientB, freelancer1, freelancer2, job1, job2] = [newId(), newId(), newId(), newId(), newId(), newId()];
  const c1 = await recordContract(contracts, [
    contractCreated(contractParties({ clientId: clientA, freelancerId: freelancer1, jobId: job1, createdAt: at(21) })),
  ]);
  const c2 = await recordContract(
    contracts,
    started(contractParties({ clientId: clientA, freelancerId: freelancer2, jobId: job2, createdAt: at(22) })),
  );
  const c3 = await recordContract(
    contracts,
    started(contractParties({ clientId: clientB, freelancerId: freelancer1, jobId: job1, createdAt: at(23) })),
  );
  const c4 = await recordContract(
    contracts,
    canceledContractStream(contractParties({ clientId: clientA, freelancerId: freelancer1, jobId: job1, createdAt: at(24) })),
  );
  return { clientA, clientB, freelancer1, freelancer2, job1, job2, c1, c2, c3, c4 };
}

export function describeContractLists(ports: () => PersistencePorts): void {
  describe('contract lists (projections)', () => {
    it('lists a contract after append and reproject, equal to the fold of its stream', async () => {
      const parties = contractParties();
      const events = canceledContractStream(parties);
      const contract = await recordContract(ports().contracts, events);
      await expect(listedContracts(ports().contracts, { clientId: parties.clientId, limit: 10 })).resolves.toStrictEqual([contract]);
    });

    it('lists the deliveries, change requests and dispute decision of a contract as its fold has them', async () => {
      const parties = contractParties();
      const contract = await recordContract(ports().contracts, disputedContractStream(parties));
      expect(contract.cancellation?.from).toBe('Completed');
      await expect(listedContracts(ports().contracts, { clientId: parties.clientId, limit: 10 })).resolves.toStrictEqual([contract]);
    });

    it('gives the same list when a contract is reprojected twice', async () => {
      const parties = contractParties();
      const contract = await recordContract(ports().contracts, canceledContractStream(parties));
      await ports().contracts.reproject(parties.contractId);
      await ports().contracts.reproject(parties.contractId);
      await expect(listedContracts(ports().contracts, { clientId: parties.clientId, limit: 10 })).resolves.toStrictEqual([contract]);
    });

    it('shows a later event once the contract is reprojected', async () => {
      const parties = contractParties();
      await recordContract(ports().contracts, [contractCreated(parties)]);
      const events = started(parties);
      await ports().contracts.append(parties.contractId, 1, events[1]!);
      await ports().contracts.reproject(parties.contractId);
      const listed = await listedContracts(ports().contracts, { freelancerId: parties.freelancerId, status: 'Started', limit: 10 });
      expect(listed).toStrictEqual([foldContract(events)]);
    });

    it('lists nothing for a contract id without events', async () => {
      await ports().contracts.reproject(newId());
      await expect(listedContracts(ports().contracts, { limit: 10 })).resolves.toStrictEqual([]);
    });

    it('filters by client, freelancer, job and client, freelancer and status, newest first', async () => {
      const { clientA, clientB, freelancer1, freelancer2, job1, c1, c2, c3, c4 } = await recordFour(ports().contracts);
      const contracts = ports().contracts;
      const expected: [ContractListQuery, Contract[]][] = [
        [{ clientId: clientA, limit: 10 }, [c4, c2, c1]],
        [{ clientId: clientB, limit: 10 }, [c3]],
        [{ freelancerId: freelancer1, limit: 10 }, [c4, c3, c1]],
        [{ freelancerId: freelancer2, limit: 10 }, [c2]],
        [{ jobId: job1, clientId: clientA, limit: 10 }, [c4, c1]],
        [{ freelancerId: freelancer1, status: 'Started', limit: 10 }, [c3]],
        [{ status: 'Canceled', limit: 10 }, [c4]],
        [{ limit: 10 }, [c4, c3, c2, c1]],
      ];
      for (const [query, listed] of expected) {
        await expect(listedContracts(contracts, query), JSON.stringify(query)).resolves.toStrictEqual(listed);
      }
    });

    it('finds many contracts by id as the list shows them, in the order asked, skipping unknown ids', async () => {
      const { c1, c2, c4 } = await recordFour(ports().contracts);
      await expect(ports().contracts.findMany([c4.id, newId(), c1.id, c2.id])).resolves.toStrictEqual([c4, c1, c2]);
      await expect(ports().contracts.findMany([])).resolves.toStrictEqual([]);
    });

    it('returns at most `limit` contracts, the newest', async () => {
      const { clientA, c2, c4 } = await recordFour(ports().contracts);
      await expect(listedContracts(ports().contracts, { clientId: clientA, limit: 2 })).resolves.toStrictEqual([c4, c2]);
      await expect(listedContracts(ports().contracts, { limit: 1 })).resolves.toStrictEqual([c4]);
    });

    it('pages after a position: the contracts after it, newest first, whatever was created since', async () => {
      const { clientA, freelancer1, c1, c2, c4 } = await recordFour(ports().contracts);
      const contracts = ports().contracts;
      const firstPage = await listedContracts(contracts, { clientId: clientA, limit: 2 });
      expect(firstPage).toStrictEqual([c4, c2]);
      // A contract created after the first page was read shows on no later page.
      await recordContract(contracts, [
        contractCreated(contractParties({ clientId: clientA, freelancerId: freelancer1, createdAt: at(40) })),
      ]);
      const after = { at: c2.createdAt, id: c2.id };
      await expect(listedContracts(contracts, { clientId: clientA, limit: 2, after })).resolves.toStrictEqual([c1]);
      await expect(
        listedContracts(contracts, { freelancerId: freelancer1, limit: 10, after: { at: c4.createdAt, id: c4.id } }),
      ).resolves.toHaveLength(2);
    });

    it('breaks ties on the creation time by the id, so a page boundary between two contracts of one instant loses neither', async () => {
      const clientId = newId();
      const same = [0, 1, 2].map(() => contractParties({ clientId, createdAt: at(50) }));
      const recorded = await Promise.all(same.map((parties) => recordContract(ports().contracts, [contractCreated(parties)])));
      const newestFirst = [...recorded].sort((left, right) => (left.id < right.id ? 1 : -1));
      const first = await listedContracts(ports().contracts, { clientId, limit: 1 });
      expect(first).toStrictEqual([newestFirst[0]]);
      const rest = await listedContracts(ports().contracts, { clientId, limit: 5, after: { at: at(50), id: newestFirst[0]!.id } });
      expect(rest).toStrictEqual(newestFirst.slice(1));
    });

    it('filters by a window of creation times: from (inclusive) to before (exclusive)', async () => {
      const { clientA, c1, c2, c4 } = await recordFour(ports().contracts);
      const contracts = ports().contracts;
      await expect(listedContracts(contracts, { clientId: clientA, created: { from: c2.createdAt }, limit: 10 })).resolves.toStrictEqual([
        c4,
        c2,
      ]);
      await expect(listedContracts(contracts, { clientId: clientA, created: { before: c2.createdAt }, limit: 10 })).resolves.toStrictEqual([
        c1,
      ]);
      await expect(
        listedContracts(contracts, { created: { from: c2.createdAt, before: c4.createdAt }, status: 'Started', limit: 10 }),
      ).resolves.toHaveLength(2);
    });
  });
}
