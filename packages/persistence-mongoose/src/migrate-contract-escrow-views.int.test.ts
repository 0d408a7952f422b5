import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { foldContract } from '@skillhouse/domain';
import { contractCreated, contractParties } from '@skillhouse/port-conformance';
import { CONTRACT_ESCROW_VIEWS_MIGRATION_ID } from './migrate-contract-escrow-views.ts';
import { createMongoosePorts } from './mongoose-ports.ts';
import { createEscrowWorld, fundContract, newParties } from './testing/escrow-world.ts';
import { openTestDatabase, type TestDatabase } from './testing/test-database.ts';

// Goal: contract projections written before they held their escrow's view (no `escrow` field) get
// it at the next start, so the lists keep working on an old database; a migrated database pays one read.

let database: TestDatabase;

beforeAll(async () => {
  database = await openTestDatabase('contract_escrow_views');
});

afterAll(async () => {
  await database?.drop();
});

describe('migrating contract projections to hold their escrow’s view', () => {
  it('gives an old-shape projection the view its escrow document holds, or null, once', async () => {
    const world = createEscrowWorld(database.ports);
    const parties = newParties();
    const funded = await fundContract(world, parties);
    const unfunded = contractParties();
    await database.ports.contracts.append(unfunded.contractId, 0, contractCreated(unfunded));
    await database.ports.contracts.project(foldContract([contractCreated(unfunded)])!);
    const contracts = database.connection.connection.collection('contracts');
    // The shape of a database written before: no `escrow` field, no marker.
    await contracts.updateMany({ _id: { $in: [funded.contractId, unfunded.contractId] } } as never, { $unset: { escrow: '' } });
    await database.connection.connection.collection('migrations').deleteOne({ _id: CONTRACT_ESCROW_VIEWS_MIGRATION_ID } as never);

    const told: number[] = [];
    const ports = await createMongoosePorts(database.connection.connection, { onContractEscrowViewsMigrated: (count) => told.push(count) });
    expect(told).toEqual([2]);
    const [listed] = await ports.contracts.list({ clientId: parties.client.userId, limit: 5 });
    expect(listed?.escrow).toStrictEqual(await ports.escrows.view(funded.escrowId));
    const [alone] = await ports.contracts.list({ clientId: unfunded.clientId, limit: 5 });
    expect(alone?.escrow).toBeNull();

    await createMongoosePorts(database.connection.connection, { onContractEscrowViewsMigrated: (count) => told.push(count) });
    expect(told).toEqual([2]);
  });
});
