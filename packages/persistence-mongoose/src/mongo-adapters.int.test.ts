import { randomBytes } from 'node:crypto';
import { ContractNotFound, ValidationError, type ContractEvent } from '@skillhouse/domain';
import { contractCreated, contractParties, escrowFixture, transferFixture } from '@skillhouse/port-conformance';
import mongoose from 'mongoose';
import { describe, expect, it } from 'vitest';
import { connectMongo, DatabaseUnreachable } from './connect-mongo.ts';
import { createMongoosePorts } from './mongoose-ports.ts';
import { StoredValueInvalid } from './stored-values.ts';
import { checkOut, fundContract, newParties } from './testing/escrow-world.ts';
import { escrowWorldOnTestDatabase, requireMongoUri } from './testing/test-database.ts';

const suite = escrowWorldOnTestDatabase('adapters');

function freshDbName(tag: string): string {
  return `skillhouse_${tag}_${randomBytes(4).toString('hex')}`;
}

describe('connectMongo(uri, options)', () => {
  it('fails fast when no server answers, naming the host and never the password', async () => {
    const connecting = connectMongo('mongodb://skillhouse:hunter2secret@127.0.0.1:1/skillhouse', { serverSelectionTimeoutMS: 500 });
    await expect(connecting).rejects.toBeInstanceOf(DatabaseUnreachable);
    await expect(connecting).rejects.toThrow('cannot reach MongoDB at 127.0.0.1:1 within 500 ms');
    await expect(connecting).rejects.not.toThrow(/hunter2secret/);
  });

  it('closes gracefully, not reported as a lost database; a closed connection refuses work instead of hanging', async () => {
    const events: string[] = [];
    const mongo = await connectMongo(requireMongoUri(), { dbName: freshDbName('close'), onConnectionEvent: (event) => events.push(event) });
    const ports = await createMongoosePorts(mongo.connection);
    await ports.users.save({ id: 'a'.repeat(24), role: 'client', displayName: 'Ravi', blocked: false });
    await mongo.connection.dropDatabase();
    await mongo.close();
    await expect(ports.users.find('a'.repeat(24))).rejects.toThrow();
    expect(events).toEqual([]);
  });
});

describe('createMongoosePorts(connection, options)', () => {
  it('builds every declared index, the unique claims among them', async () => {
    const indexes = async (collection: string) =>
      (await suite.database.connection.connection.collection(collection).indexes()).map(
        (index) => `${index.name ?? ''}${index.unique === true ? ' (unique)' : ''}`,
      );
    await expect(indexes('contract_events')).resolves.toEqual(expect.arrayContaining(['stream_sequence_unique (unique)', 'recorded']));
    await expect(indexes('job_events')).resolves.toEqual(expect.arrayContaining(['stream_sequence_unique (unique)']));
    await expect(indexes('escrow_events')).resolves.toEqual(expect.arrayContaining(['stream_sequence_unique (unique)', 'recorded']));
    await expect(indexes('escrows')).resolves.toEqual(
      expect.arrayContaining(['checkout_session_unique (unique)', 'client_newest', 'review_due', 'dispute_status_oldest']),
    );
    await expect(indexes('ledger_entries')).resolves.toEqual(expect.arrayContaining(['idempotency_key_unique (unique)', 'escrow']));
    await expect(indexes('ledger_transfers')).resolves.toEqual(
      expect.arrayContaining(['debit_account_newest', 'credit_account_newest', 'escrow', 'withdrawal']),
    );
    await expect(indexes('reviews')).resolves.toEqual(expect.arrayContaining(['contract_unique (unique)', 'freelancer_newest']));
    await expect(indexes('contracts')).resolves.toEqual(
      expect.arrayContaining(['client_newest', 'freelancer_newest', 'job_client_newest', 'freelancer_status_newest', 'newest']),
    );
    await expect(indexes('operations')).resolves.toEqual(expect.arrayContaining(['due']));
  });

  it('refuses to start when a unique index cannot be built', async () => {
    const mongo = await connectMongo(requireMongoUri(), { dbName: freshDbName('badindex') });
    try {
      const { id: _first, ...escrow } = escrowFixture();
      await mongo.connection.collection('escrows').insertMany([{ ...escrow }, { ...escrow }]);
      await expect(createMongoosePorts(mongo.connection)).rejects.toThrow('could not create the indexes of escrows');
    } finally {
      await mongo.connection.dropDatabase();
      await mongo.close();
    }
  });

  it('sends the money write concern with every claim, majority and journaled unless told otherwise', async () => {
    const connection = await mongoose
      .createConnection(requireMongoUri(), { dbName: freshDbName('concern'), monitorCommands: true, autoIndex: false })
      .asPromise();
    try {
      const inserts: unknown[] = [];
      connection.getClient().on('commandStarted', (event) => {
        if (event.commandName === 'insert') inserts.push(event.command['writeConcern']);
      });
      const ports = await createMongoosePorts(connection);
      inserts.length = 0;
      const escrow = escrowFixture();
      await ports.escrows.claim(escrow);
      await ports.escrows.append(escrow.id, 0, { type: 'ContractFunded', data: { contractId: escrow.proposedContractId, at: new Date() } });
      await ports.ledger.record([transferFixture()]);
      const parties = contractParties();
      await ports.contracts.append(parties.contractId, 0, contractCreated(parties));
      expect(inserts).toEqual(Array.from({ length: 4 }, () => ({ w: 'majority', j: true })));

      inserts.length = 0;
      const relaxed = await createMongoosePorts(connection, { moneyWriteConcern: { w: 1, j: false } });
      await relaxed.escrows.claim(escrowFixture());
      expect(inserts).toEqual([{ w: 1, j: false }]);
    } finally {
      await connection.dropDatabase();
      await connection.close();
    }
  });
});

describe('contract projections', () => {
  it('lag an append until the contract is reprojected, and the repair pass catches them up', async () => {
    const since = new Date(Date.now() - 1_000);
    const parties = contractParties();
    await suite.database.ports.contracts.append(parties.contractId, 0, contractCreated(parties));
    await expect(
      suite.database.ports.contracts
        .list({ clientId: parties.clientId, limit: 5 })
        .then((listings) => listings.map(({ contract }) => contract)),
    ).resolves.toStrictEqual([]);
    await expect(suite.database.ports.contracts.reprojectRecordedSince(since, 1_000)).resolves.toBeGreaterThanOrEqual(1);
    const [listed] = (await suite.database.ports.contracts.list({ clientId: parties.clientId, limit: 5 })).map(({ contract }) => contract);
    expect(listed?.sequence).toBe(1);
  });

  it('are never overwritten by an older fold, and an equal fold changes nothing', async () => {
    const parties = contractParties();
    const started: ContractEvent = {
      type: 'StatusChanged',
      data: { from: 'Pending', to: 'Started', by: parties.freelancerId, at: new Date() },
    };
    await suite.database.ports.contracts.append(parties.contractId, 0, contractCreated(parties));
    await suite.database.ports.contracts.append(parties.contractId, 1, started);
    const projections = suite.database.connection.connection.collection('contracts');
    await projections.insertOne({
      _id: parties.contractId as never,
      ...contractCreated(parties).data,
      clientId: parties.clientId,
      status: 'Ongoing',
      sequence: 9,
    });
    await suite.database.ports.contracts.reproject(parties.contractId);
    await expect(projections.findOne({ _id: parties.contractId as never })).resolves.toMatchObject({ status: 'Ongoing', sequence: 9 });

    await projections.deleteOne({ _id: parties.contractId as never });
    await suite.database.ports.contracts.reproject(parties.contractId);
    await suite.database.ports.contracts.reproject(parties.contractId);
    const listed = (await suite.database.ports.contracts.list({ clientId: parties.clientId, limit: 5 })).map(({ contract }) => contract);
    expect(listed.map((contract) => [contract.status, contract.sequence])).toEqual([['Started', 2]]);
  });

  it('of jobs follow the stream through the use cases', async () => {
    const parties = newParties();
    const funded = await fundContract(suite.world, parties);
    await expect(suite.database.ports.jobs.findProjected(funded.jobId)).resolves.toStrictEqual(
      await suite.world.service.getJob.execute({ jobId: funded.jobId }),
    );
    await suite.world.service.cancelContract.execute({ actor: parties.client, contractId: funded.contractId });
    const reopened = await suite.database.ports.jobs.findProjected(funded.jobId);
    expect(reopened?.status).toBe('Open');
    expect(reopened).toStrictEqual(await suite.world.service.getJob.execute({ jobId: funded.jobId }));
  });
});

describe('bad data through the use cases', () => {
  it('refuses ids that are not ObjectIds', async () => {
    const { client, freelancer, admin } = newParties();
    await expect(
      suite.world.service.createContract.execute({ actor: client, jobId: 'not-an-id', freelancerId: freelancer.userId, amount: 500 }),
    ).rejects.toBeInstanceOf(ValidationError);
    await expect(suite.world.service.cancelContract.execute({ actor: client, contractId: { $ne: null } })).rejects.toBeInstanceOf(
      ValidationError,
    );
    await expect(suite.world.service.releaseEscrow.execute({ actor: admin, contractId: '12345' })).rejects.toBeInstanceOf(ValidationError);
    await expect(suite.world.service.contracts.view({ contractId: 'z'.repeat(24) })).rejects.toBeInstanceOf(ValidationError);
    await expect(suite.world.service.getEarnings.execute({ actor: freelancer, userId: 'nope' })).rejects.toBeInstanceOf(ValidationError);
  });

  it('answers a contract id that does not exist with ContractNotFound', async () => {
    const { client, freelancer, admin } = newParties();
    const missing = 'f'.repeat(24);
    await expect(suite.world.service.contracts.view({ contractId: missing })).rejects.toBeInstanceOf(ContractNotFound);
    await expect(suite.world.service.cancelContract.execute({ actor: client, contractId: missing })).rejects.toBeInstanceOf(
      ContractNotFound,
    );
    await expect(
      suite.world.service.acceptContract.execute({ actor: freelancer, contractId: missing, freelancerId: freelancer.userId }),
    ).rejects.toBeInstanceOf(ContractNotFound);
    await expect(suite.world.service.releaseEscrow.execute({ actor: admin, contractId: missing })).rejects.toBeInstanceOf(ContractNotFound);
    await expect(
      suite.world.service.refundEscrow.execute({ actor: admin, contractId: missing, clientId: client.userId }),
    ).rejects.toBeInstanceOf(ContractNotFound);
  });

  it('turns a duplicate key written by another writer into the port value, never an unhandled error', async () => {
    const parties = newParties();
    const { outcome } = await checkOut(suite.world, parties);
    const earlier = escrowFixture({
      checkoutSessionId: outcome.checkoutSessionId,
      jobId: outcome.metadata['jobId']!,
      clientId: parties.client.userId,
      freelancerId: parties.freelancer.userId,
      amountPaise: 50_000,
      platformFeePaise: 5_000,
      freelancerEarningPaise: 45_000,
    });
    const other = await connectMongo(suite.database.uri, { dbName: suite.database.dbName });
    try {
      await (await createMongoosePorts(other.connection)).escrows.claim(earlier);
    } finally {
      await other.close();
    }
    const recorded = await suite.world.service.recordPayment.execute(outcome);
    expect(recorded.outcome === 'recorded' && recorded.escrow.id).toBe(earlier.id);
    await expect(
      suite.database.ports.escrows.claim(escrowFixture({ checkoutSessionId: outcome.checkoutSessionId })),
    ).resolves.toMatchObject({
      outcome: 'alreadyClaimed',
      existing: { ...earlier, status: 'funded' },
    });
  });

  it('stops a read at a stored value the domain denies, naming where it is', async () => {
    const escrow = escrowFixture();
    await suite.database.ports.escrows.claim(escrow);
    await suite.database.ports.escrows.append(escrow.id, 0, {
      type: 'DisputeOpened',
      data: { by: escrow.clientId, byRole: 'client', reason: 'quality', description: 'Blurry', at: new Date() },
    });
    const collection = (name: string) => suite.database.connection.connection.collection(name);
    await collection('escrow_events').updateOne({ streamId: escrow.id }, { $set: { 'data.reason': 'bored' } });
    await expect(suite.database.ports.escrows.read(escrow.id)).rejects.toThrow(
      new StoredValueInvalid(
        `escrow_events/${escrow.id}#1.data.reason`,
        'bored',
        'one of not_delivered, quality, scope, unresponsive, payment, other',
      ),
    );
    await collection('escrows').updateOne({ _id: escrow.id as never }, { $set: { amountPaise: 1000.5 } });
    await expect(suite.database.ports.escrows.findById(escrow.id)).rejects.toThrow(
      `escrows/${escrow.id}.amountPaise holds 1000.5, not a whole number of paise`,
    );
    await collection('escrows').updateOne({ _id: escrow.id as never }, { $set: { amountPaise: 1000, fundedAt: '2026-03-01' } });
    await expect(suite.database.ports.escrows.view(escrow.id)).rejects.toThrow(StoredValueInvalid);
  });
});
