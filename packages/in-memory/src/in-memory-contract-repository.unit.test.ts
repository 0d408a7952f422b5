import fc from 'fast-check';
import { CONTRACT_STATUSES, foldContract, type Contract, type ContractEvent, type ContractListQuery } from '@skillhouse/domain';
import { at, contractCreated, contractParties, newId } from '@skillhouse/port-conformance';
import { describe, expect, it } from 'vitest';
import { InMemoryContractRepository } from './in-memory-contract-repository.ts';

/** Counts the projections a list looks at: what a list costs, independent of the machine. */
class CountingContractRepository extends InMemoryContractRepository {
  looked = 0;

  protected override projectionOf(contractId: string): Contract | undefined {
    this.looked += 1;
    return super.projectionOf(contractId);
  }
}

const NEXT_STEP = { Pending: 'Started', Started: 'Ongoing', Ongoing: 'Completed' } as const;

/** The next event of a contract's life: the next work step, or a cancellation when `cancel`; none once it ended. */
function nextEvent(contract: Contract, cancel: boolean, minute: number): ContractEvent | null {
  if (contract.status === 'Canceled' || contract.status === 'Completed') return null;
  if (cancel) {
    return {
      type: 'ContractCanceled',
      data: {
        by: contract.clientId,
        byRole: 'client',
        reason: null,
        description: null,
        from: contract.status,
        forRefund: false,
        at: at(minute),
      },
    };
  }
  return {
    type: 'StatusChanged',
    data: { from: contract.status, to: NEXT_STEP[contract.status], by: contract.freelancerId, at: at(minute) },
  };
}

async function append(contracts: InMemoryContractRepository, contractId: string, event: ContractEvent): Promise<void> {
  const sequence = (await contracts.read(contractId)).length;
  await expect(contracts.append(contractId, sequence, event)).resolves.toEqual({ outcome: 'appended', sequence: sequence + 1 });
}

/** What a list must answer: every stream folded, filtered, newest first (ties by id), bounded. */
async function listedByFolding(contracts: InMemoryContractRepository, query: ContractListQuery): Promise<Contract[]> {
  const folded = await Promise.all(
    contracts.streamIds().map(async (id) => foldContract((await contracts.read(id)).map(({ event }) => event))!),
  );
  return folded
    .filter(
      (contract) =>
        (query.clientId === undefined || contract.clientId === query.clientId) &&
        (query.freelancerId === undefined || contract.freelancerId === query.freelancerId) &&
        (query.jobId === undefined || contract.jobId === query.jobId) &&
        (query.status === undefined || contract.status === query.status),
    )
    .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || (b.id < a.id ? -1 : b.id > a.id ? 1 : 0))
    .slice(0, query.limit);
}

describe('InMemoryContractRepository lists', () => {
  it('answer every query as folding every stream would, while contracts are created and change status', async () => {
    const [clients, freelancers, jobs] = [
      [newId(), newId()],
      [newId(), newId()],
      [newId(), newId(), newId()],
    ];
    const created = fc.record({ client: fc.nat(1), freelancer: fc.nat(1), job: fc.nat(2), minute: fc.nat(3) });
    const step = fc.record({ contract: fc.nat(), cancel: fc.boolean() });
    const query = fc
      .record(
        {
          clientId: fc.constantFrom(...clients),
          freelancerId: fc.constantFrom(...freelancers),
          jobId: fc.constantFrom(...jobs),
          status: fc.constantFrom(...CONTRACT_STATUSES),
        },
        { requiredKeys: [] },
      )
      .chain((filter) => fc.integer({ min: 1, max: 8 }).map((limit): ContractListQuery => ({ ...filter, limit })));

    await fc.assert(
      fc.asyncProperty(
        fc.array(created, { minLength: 1, maxLength: 25 }),
        fc.array(step, { maxLength: 40 }),
        fc.array(query, { minLength: 1, maxLength: 10 }),
        async (contractsMade, steps, queries) => {
          const contracts = new InMemoryContractRepository();
          const ids: string[] = [];
          for (const made of contractsMade) {
            const parties = contractParties({
              clientId: clients[made.client],
              freelancerId: freelancers[made.freelancer],
              jobId: jobs[made.job],
              createdAt: at(made.minute),
            });
            await append(contracts, parties.contractId, contractCreated(parties));
            await contracts.reproject(parties.contractId);
            ids.push(parties.contractId);
          }
          for (const [minute, { contract, cancel }] of steps.entries()) {
            const id = ids[contract % ids.length]!;
            const event = nextEvent(foldContract((await contracts.read(id)).map((stored) => stored.event))!, cancel, 10 + minute);
            if (event === null) continue;
            await append(contracts, id, event);
            await contracts.reproject(id);
          }
          for (const asked of queries)
            await expect(contracts.list(asked).then((listings) => listings.map(({ contract }) => contract))).resolves.toStrictEqual(
              await listedByFolding(contracts, asked),
            );
        },
      ),
      { numRuns: 150 },
    );
  });

  it("look at a client's contracts only, and at no more than the page of a list of everything, however many contracts are held", async () => {
    const contracts = new CountingContractRepository();
    const client = newId();
    for (let index = 0; index < 1_020; index += 1) {
      const parties = contractParties({ clientId: index % 51 === 0 ? client : newId(), createdAt: at(index % 60) });
      await append(contracts, parties.contractId, contractCreated(parties));
      await contracts.reproject(parties.contractId);
    }
    contracts.looked = 0;
    await expect(
      contracts.list({ clientId: client, limit: 500 }).then((listings) => listings.map(({ contract }) => contract)),
    ).resolves.toHaveLength(20);
    expect(contracts.looked).toBe(20);

    contracts.looked = 0;
    await expect(contracts.list({ limit: 10 }).then((listings) => listings.map(({ contract }) => contract))).resolves.toHaveLength(10);
    expect(contracts.looked).toBe(10);

    contracts.looked = 0;
    await expect(
      contracts.list({ clientId: newId(), limit: 500 }).then((listings) => listings.map(({ contract }) => contract)),
    ).resolves.toEqual([]);
    expect(contracts.looked).toBe(0);
  });
});

describe('InMemoryContractRepository projections', () => {
  it('lag an append until the contract is reprojected, and the repair pass rewrites only those behind their stream', async () => {
    const contracts = new InMemoryContractRepository();
    const [current, lagging, neverProjected] = [contractParties(), contractParties(), contractParties()];
    for (const parties of [current, lagging]) {
      await append(contracts, parties.contractId, contractCreated(parties));
      await contracts.reproject(parties.contractId);
    }
    const started: ContractEvent = {
      type: 'StatusChanged',
      data: { from: 'Pending', to: 'Started', by: lagging.freelancerId, at: at(30) },
    };
    await append(contracts, lagging.contractId, started);
    await append(contracts, neverProjected.contractId, contractCreated(neverProjected));
    await expect(
      contracts.list({ freelancerId: lagging.freelancerId, limit: 10 }).then((listings) => listings.map(({ contract }) => contract)),
    ).resolves.toMatchObject([{ status: 'Pending', sequence: 1 }]);
    await expect(
      contracts.list({ clientId: neverProjected.clientId, limit: 10 }).then((listings) => listings.map(({ contract }) => contract)),
    ).resolves.toEqual([]);

    await expect(contracts.reprojectRecordedSince(at(0), 1)).resolves.toBe(1);
    await expect(contracts.reprojectRecordedSince(at(0), 10)).resolves.toBe(1);
    await expect(contracts.reprojectRecordedSince(at(0), 10)).resolves.toBe(0);
    await expect(
      contracts
        .list({ freelancerId: lagging.freelancerId, status: 'Started', limit: 10 })
        .then((listings) => listings.map(({ contract }) => contract)),
    ).resolves.toStrictEqual([foldContract([contractCreated(lagging), started])]);
    await expect(
      contracts.list({ clientId: neverProjected.clientId, limit: 10 }).then((listings) => listings.map(({ contract }) => contract)),
    ).resolves.toStrictEqual([foldContract([contractCreated(neverProjected)])]);
    await expect(
      contracts.list({ status: 'Pending', limit: 10 }).then((listings) => listings.map(({ contract }) => contract)),
    ).resolves.toHaveLength(2);
  });
});
