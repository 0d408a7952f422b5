import { randomBytes } from 'node:crypto';
import mongoose, { type Connection, type Model } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { modelsFor, type PersistenceModels } from './models.ts';
import { createMongoosePorts } from './mongoose-ports.ts';
import {
  createEscrowWorld,
  fundContract,
  progressTo,
  readyForRelease,
  registeredParties,
  type EscrowWorld,
} from './testing/escrow-world.ts';
import { requireMongoUri } from './testing/test-database.ts';

// The streams and projections are written past Mongoose's document layer (driver-writes.ts), so
// its schema no longer checks them as they are written. This checks what whole flows stored: each
// document is one the schema accepts (no unknown field: `strict: 'throw'`; every required field, of
// its type) and exactly what Mongoose would have stored for it (no default it would have added).

let connection: Connection;
let world: EscrowWorld;
let models: PersistenceModels;

beforeAll(async () => {
  const dbName = `skillhouse_stored_${randomBytes(4).toString('hex')}`;
  connection = await mongoose.createConnection(requireMongoUri(), { dbName, autoIndex: false }).asPromise();
  world = createEscrowWorld(await createMongoosePorts(connection));
  models = modelsFor(connection);
});

afterAll(async () => {
  await connection?.dropDatabase();
  await connection?.close();
});

/**
 * Every way the money leaves an escrow and the steps before (a release, a refund, a dispute
 * decided), a contract made without a payment (its projection inserted without an escrow's view),
 * and projections rewritten from their streams after they were lost (inserted by the repair).
 */
async function runFlows(): Promise<void> {
  const unfunded = await registeredParties(world);
  const job = await world.service.postJob.execute({
    actor: unfunded.client,
    title: 'Menu card',
    description: 'A menu for a cafe',
    rate: 500,
  });
  const made = await world.service.createContract.execute({
    actor: unfunded.client,
    jobId: job.id,
    freelancerId: unfunded.freelancer.userId,
    amount: 500,
  });

  const released = await registeredParties(world);
  const toRelease = await readyForRelease(world, released);
  await world.service.releaseEscrow.execute({ actor: released.admin, contractId: toRelease.contractId });

  const canceled = await registeredParties(world);
  const toRefund = await fundContract(world, canceled);
  await progressTo(world, canceled, toRefund.contractId, 'Ongoing');
  await world.service.updateContractStatus.execute({
    actor: canceled.freelancer,
    contractId: toRefund.contractId,
    status: 'Canceled',
    reason: 'Moving on',
  });
  await world.service.refundEscrow.execute({ actor: canceled.client, contractId: toRefund.contractId, clientId: canceled.client.userId });

  const disputed = await registeredParties(world);
  const inDispute = await fundContract(world, disputed);
  await progressTo(world, disputed, inDispute.contractId, 'Completed');
  await world.service.openDispute.execute({
    actor: disputed.client,
    contractId: inDispute.contractId,
    reason: 'not_delivered',
    description: 'Nothing arrived',
  });
  await world.service.addDisputeStatement.execute({ actor: disputed.freelancer, contractId: inDispute.contractId, text: 'Sent by mail' });
  await world.service.decideDispute.execute({
    actor: disputed.admin,
    contractId: inDispute.contractId,
    freelancerPayout: 100,
    refundPlatformFee: false,
    note: 'Drafts only',
  });

  const lost = await fundContract(world, await registeredParties(world));
  await models.contracts.deleteOne({ _id: lost.contractId });
  await models.jobs.deleteOne({ _id: lost.jobId });
  await world.ports.contracts.reproject(lost.contractId);
  await world.ports.jobs.reproject(lost.jobId);
  await expect(world.ports.contracts.findMany([made.id, lost.contractId])).resolves.toHaveLength(2);
}

/** Valid under `model`'s schema (an unknown field throws), and what Mongoose would store: no default added, nothing cast. */
function expectAsTheSchemaStores<T>(model: Model<T>, stored: Record<string, unknown>): void {
  const document = new model(stored);
  expect(document.validateSync()).toBeUndefined();
  expect(document.toObject()).toEqual(stored);
}

/** The raw documents of `model`'s collection, as the driver reads them. */
function storedIn<T>(model: Model<T>): Promise<Record<string, unknown>[]> {
  return connection.db!.collection(model.collection.collectionName).find({}).toArray();
}

describe('the documents the streams and projections store', () => {
  beforeAll(runFlows);

  const written = ['contractEvents', 'jobEvents', 'escrowEvents', 'contracts', 'jobs', 'escrows'] as const;

  it.each(written)('%s: each is valid under its schema and what Mongoose would have stored', async (name) => {
    const model = models[name] as Model<unknown>;
    const documents = await storedIn(model);
    expect(documents.length).toBeGreaterThanOrEqual(3);
    for (const stored of documents) expectAsTheSchemaStores(model, stored);
  });

  it('contracts: the escrow view each holds is what the escrows schema would store', async () => {
    const views = (await storedIn(models.contracts)).flatMap(({ escrow }) => (escrow === null ? [] : [escrow as Record<string, unknown>]));
    expect(views.length).toBeGreaterThanOrEqual(4);
    for (const view of views) expectAsTheSchemaStores(models.escrows, view);
  });

  it('refuses a document with a field its schema does not know, and one missing a required field', async () => {
    const [event] = await storedIn(models.escrowEvents);
    expect(() => new models.escrowEvents({ ...event, extra: true })).toThrow(/not in schema/);
    const { streamId: _missing, ...withoutStream } = event!;
    expect(new models.escrowEvents(withoutStream).validateSync()).toBeDefined();
    const [contract] = await storedIn(models.contracts);
    const { escrowId: _absent, ...withoutEscrowId } = contract!;
    expect(new models.contracts(withoutEscrowId).toObject()).not.toEqual(withoutEscrowId);
  });
});
