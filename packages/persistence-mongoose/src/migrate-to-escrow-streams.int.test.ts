import { foldEscrow, viewOfEscrow, type ContractEvent, type Escrow, type EscrowEvent } from '@skillhouse/domain';
import { at, contractCreated, contractParties, escrowFixture, newId } from '@skillhouse/port-conformance';
import mongoose from 'mongoose';
import { describe, expect, it } from 'vitest';
import { connectMongo, type MongoConnection } from './connect-mongo.ts';
import { ESCROW_STREAMS_MIGRATION_ID, OLD_RESOLUTIONS_COLLECTION, type EscrowStreamsMigration } from './migrate-to-escrow-streams.ts';
import { createMongoosePorts, type MongoosePorts } from './mongoose-ports.ts';
import { StoredValueInvalid } from './stored-values.ts';
import { freshDatabasePerTest, requireMongoUri } from './testing/test-database.ts';

/**
 * Databases written before the escrow had a stream: escrows with a `contractId` recorded on them,
 * and resolutions in `escrow_resolutions` with their progress. Each test seeds a database of its
 * own with documents of that shape, straight through the driver, then starts the adapters on it.
 */
const freshDatabase = freshDatabasePerTest('migration');

const adminId = newId();

interface OldResolution {
  readonly kind: 'release' | 'refund' | 'return';
  readonly contractId: string | null;
  readonly stage: 'Pending' | 'Started' | 'Ongoing' | null;
  readonly clientRefundPaise: number;
  readonly freelancerPayoutPaise: number;
  readonly platformFeePaise: number;
  readonly decidedBy: string;
  readonly decidedAt: Date;
  readonly cancelReason: string | null;
  readonly cancelReasonDescription: string | null;
  readonly stripeRefundId: string | null;
  readonly completedAt: Date | null;
}

interface OldEscrow {
  readonly escrow: Escrow;
  readonly recordedContractId: string | null;
  readonly resolution: OldResolution | null;
  /** The stream the migration must give it. */
  readonly expected: EscrowEvent[];
}

/** Six escrows covering every shape the old records took, each with the stream it must become. */
function oldEscrows(): OldEscrow[] {
  const released = escrowFixture();
  const releasedContract = newId();
  const refunded = escrowFixture();
  const refundedContract = newId();
  const returned = escrowFixture();
  const attached = escrowFixture();
  const attachedContract = newId();
  const unattached = escrowFixture();
  const refundedBeforeRecording = escrowFixture();
  const lateContract = newId();
  const releasedResolution: OldResolution = {
    kind: 'release',
    contractId: releasedContract,
    stage: null,
    clientRefundPaise: 0,
    freelancerPayoutPaise: 90_000,
    platformFeePaise: 10_000,
    decidedBy: adminId,
    decidedAt: at(20),
    cancelReason: null,
    cancelReasonDescription: null,
    stripeRefundId: null,
    completedAt: at(21),
  };
  const refundedResolution: OldResolution = {
    kind: 'refund',
    contractId: refundedContract,
    stage: 'Started',
    clientRefundPaise: 76_500,
    freelancerPayoutPaise: 13_500,
    platformFeePaise: 10_000,
    decidedBy: refunded.clientId,
    decidedAt: at(22),
    cancelReason: 'changed plans',
    cancelReasonDescription: 'Found it elsewhere',
    stripeRefundId: 're_old_1',
    completedAt: at(23),
  };
  const returnedResolution: OldResolution = {
    kind: 'return',
    contractId: null,
    stage: null,
    clientRefundPaise: 100_000,
    freelancerPayoutPaise: 0,
    platformFeePaise: 0,
    decidedBy: 'system',
    decidedAt: at(24),
    cancelReason: null,
    cancelReasonDescription: null,
    stripeRefundId: null,
    completedAt: null,
  };
  const lateResolution: OldResolution = {
    ...refundedResolution,
    contractId: lateContract,
    decidedBy: adminId,
    stripeRefundId: null,
    completedAt: null,
  };
  const resolved = (escrow: Escrow, old: OldResolution, decidedByRole: 'admin' | 'client' | 'system'): EscrowEvent => ({
    type: 'EscrowResolved',
    data: {
      escrowId: escrow.id,
      contractId: old.contractId,
      kind: old.kind,
      stage: old.stage,
      clientRefundPaise: old.clientRefundPaise,
      freelancerPayoutPaise: old.freelancerPayoutPaise,
      platformFeePaise: old.platformFeePaise,
      decidedBy: old.decidedBy,
      decidedByRole,
      decidedAt: old.decidedAt,
      reason: old.cancelReason,
      reasonDescription: old.cancelReasonDescription,
    },
  });
  const funded = (escrow: Escrow, contractId: string): EscrowEvent => ({
    type: 'ContractFunded',
    data: { contractId, at: escrow.fundedAt },
  });
  return [
    {
      escrow: released,
      recordedContractId: releasedContract,
      resolution: releasedResolution,
      expected: [
        funded(released, releasedContract),
        resolved(released, releasedResolution, 'admin'),
        { type: 'EscrowSettled', data: { at: at(21) } },
      ],
    },
    {
      escrow: refunded,
      recordedContractId: refundedContract,
      resolution: refundedResolution,
      expected: [
        funded(refunded, refundedContract),
        resolved(refunded, refundedResolution, 'client'),
        { type: 'ClientRefundSent', data: { refundId: 're_old_1', at: at(22) } },
        { type: 'EscrowSettled', data: { at: at(23) } },
      ],
    },
    {
      escrow: returned,
      recordedContractId: null,
      resolution: returnedResolution,
      expected: [resolved(returned, returnedResolution, 'system')],
    },
    { escrow: attached, recordedContractId: attachedContract, resolution: null, expected: [funded(attached, attachedContract)] },
    { escrow: unattached, recordedContractId: null, resolution: null, expected: [] },
    {
      escrow: refundedBeforeRecording,
      recordedContractId: null,
      resolution: lateResolution,
      expected: [funded(refundedBeforeRecording, lateContract), resolved(refundedBeforeRecording, lateResolution, 'admin')],
    },
  ];
}

async function seed(mongo: MongoConnection, escrows: readonly OldEscrow[]): Promise<void> {
  await mongo.connection.collection('escrows').insertMany(
    escrows.map(({ escrow: { id, ...funding }, recordedContractId }) => ({
      _id: id as never,
      ...funding,
      contractId: recordedContractId,
    })),
  );
  const resolutions = escrows.flatMap(({ escrow, resolution }) =>
    resolution === null ? [] : [{ _id: escrow.id as never, ...resolution }],
  );
  if (resolutions.length > 0) await mongo.connection.collection(OLD_RESOLUTIONS_COLLECTION).insertMany(resolutions);
}

async function start(mongo: MongoConnection): Promise<{ ports: MongoosePorts; migration: EscrowStreamsMigration | null }> {
  let migration: EscrowStreamsMigration | null = null;
  const ports = await createMongoosePorts(mongo.connection, { onMigrated: (report) => (migration = report) });
  return { ports, migration };
}

async function expectMigrated(ports: MongoosePorts, escrows: readonly OldEscrow[]): Promise<void> {
  for (const { escrow, expected } of escrows) {
    const stream = await ports.escrows.read(escrow.id);
    expect(stream, `stream of escrow ${escrow.id}`).toStrictEqual(expected.map((event, index) => ({ sequence: index + 1, event })));
    await expect(ports.escrows.view(escrow.id)).resolves.toStrictEqual(viewOfEscrow(foldEscrow(escrow, expected)));
  }
}

describe('migrating escrows resolved before the escrow stream', () => {
  it('turns each old escrow and resolution into its stream and view, once', async () => {
    const mongo = await freshDatabase();
    const escrows = oldEscrows();
    await seed(mongo, escrows);
    const { ports, migration } = await start(mongo);
    expect(migration).toStrictEqual({ escrows: 6, contracts: 0 });
    await expectMigrated(ports, escrows);
    const [released, refunded, returned] = escrows.map(({ escrow }) => escrow) as [Escrow, Escrow, Escrow];
    await expect(ports.escrows.view(released.id)).resolves.toMatchObject({
      status: 'released',
      contractId: escrows[0]!.recordedContractId,
    });
    await expect(ports.escrows.view(refunded.id)).resolves.toMatchObject({
      status: 'refunded',
      clientRefundId: 're_old_1',
      resolution: { reason: 'changed plans' },
    });
    await expect(ports.escrows.listByClient(returned.clientId, { limit: 5 })).resolves.toMatchObject([
      { status: 'funded', resolution: { kind: 'return', decidedByRole: 'system' } },
    ]);
    await expect(mongo.connection.collection('migrations').countDocuments({ _id: ESCROW_STREAMS_MIGRATION_ID as never })).resolves.toBe(1);

    const again = await start(mongo);
    expect(again.migration).toBeNull();
    await mongo.connection.collection('migrations').deleteMany({});
    const forced = await start(mongo);
    expect(forced.migration).toStrictEqual({ escrows: 0, contracts: 0 });
    await expectMigrated(forced.ports, escrows);
  });

  it('finishes a run stopped after some of its appends, appending nothing twice', async () => {
    const mongo = await freshDatabase();
    const escrows = oldEscrows();
    await seed(mongo, escrows);
    const first = await start(mongo);
    // Put two escrows back as a stopped run leaves them: their events appended, their documents still of the old shape.
    const view = [
      'sequence',
      'review',
      'reviewRounds',
      'changeRequests',
      'dispute',
      'resolution',
      'clientRefundId',
      'settledAt',
      'updatedAt',
      'status',
      'reviewDueAt',
      'disputeStatus',
      'disputeOpenedAt',
    ];
    const stopped = [escrows[1]!, escrows[5]!];
    await mongo.connection
      .collection('escrows')
      .updateMany(
        { _id: { $in: stopped.map(({ escrow }) => escrow.id) } as never },
        { $unset: Object.fromEntries(view.map((field) => [field, ''])) },
      );
    await mongo.connection.collection('migrations').deleteMany({});
    await expect(first.ports.escrows.view(stopped[0]!.escrow.id)).rejects.toThrow(StoredValueInvalid);

    const { ports, migration } = await start(mongo);
    expect(migration).toStrictEqual({ escrows: 2, contracts: 0 });
    await expectMigrated(ports, escrows);
  });

  it('gives each escrow one stream when two processes start on the old database at once', async () => {
    const seeded = await freshDatabase();
    const escrows = oldEscrows();
    await seed(seeded, escrows);
    const other = await connectMongo(requireMongoUri(), { dbName: seeded.connection.name });
    try {
      const [first] = await Promise.all([start(seeded), start(other)]);
      await expectMigrated(first.ports, escrows);
    } finally {
      await other.close();
    }
  });

  it('writes again the contract projections made before deliveries and change requests were counted', async () => {
    const mongo = await freshDatabase();
    const parties = contractParties();
    const { ports } = await start(mongo);
    const stream: ContractEvent[] = [
      contractCreated(parties),
      { type: 'EscrowAttached', data: { escrowId: newId(), at: at(1) } },
      { type: 'StatusChanged', data: { from: 'Pending', to: 'Started', by: parties.freelancerId, at: at(2) } },
      { type: 'StatusChanged', data: { from: 'Started', to: 'Ongoing', by: parties.freelancerId, at: at(3) } },
      { type: 'StatusChanged', data: { from: 'Ongoing', to: 'Completed', by: parties.freelancerId, at: at(4) } },
    ];
    for (const [index, event] of stream.entries()) await ports.contracts.append(parties.contractId, index, event);
    await ports.contracts.reproject(parties.contractId);
    const [current] = (await ports.contracts.list({ clientId: parties.clientId, limit: 5 })).map(({ contract }) => contract);
    await mongo.connection
      .collection('contracts')
      .updateOne({ _id: parties.contractId as never }, { $unset: { deliveries: '', deliveredAt: '', changeRequests: '' } });
    await mongo.connection.collection('migrations').deleteMany({});

    const restarted = await start(mongo);
    expect(restarted.migration).toStrictEqual({ escrows: 0, contracts: 1 });
    expect(current).toMatchObject({ status: 'Completed', deliveries: 1, deliveredAt: at(4), changeRequests: 0 });
    await expect(
      restarted.ports.contracts.list({ clientId: parties.clientId, limit: 5 }).then((listings) => listings.map(({ contract }) => contract)),
    ).resolves.toStrictEqual([current]);
  });

  it('stops the start on an old resolution the new rules refuse, appending nothing for it', async () => {
    const mongo = await freshDatabase();
    const [released] = oldEscrows();
    const broken = { ...released!, resolution: { ...released!.resolution!, freelancerPayoutPaise: 90_001 } };
    await seed(mongo, [broken]);
    await expect(createMongoosePorts(mongo.connection)).rejects.toThrow(
      `escrow ${broken.escrow.id}: its old records do not make a valid stream`,
    );
    await expect(mongo.connection.collection('escrow_events').countDocuments({})).resolves.toBe(0);
    await expect(mongo.connection.collection('migrations').countDocuments({})).resolves.toBe(0);
  });

  it('costs one read of each migration’s marker on a database already migrated', async () => {
    const mongo = await freshDatabase();
    await seed(mongo, oldEscrows());
    await start(mongo);
    const watched = await mongoose
      .createConnection(requireMongoUri(), { dbName: mongo.connection.name, monitorCommands: true, autoIndex: false })
      .asPromise();
    try {
      const commands: string[] = [];
      watched.getClient().on('commandStarted', (event) => {
        if (['find', 'aggregate', 'insert', 'update', 'delete'].includes(event.commandName))
          commands.push(`${event.commandName} ${String(event.command[event.commandName])}`);
      });
      await createMongoosePorts(watched);
      // This migration's marker, the ledger migration's, then the contract escrow views' (migrate-contract-escrow-views.ts).
      expect(commands).toStrictEqual(['find migrations', 'find migrations', 'find migrations']);
    } finally {
      await watched.close();
    }
  });
});
