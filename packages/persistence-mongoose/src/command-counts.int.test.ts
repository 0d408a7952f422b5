import { randomBytes } from 'node:crypto';
import mongoose, { type Connection } from 'mongoose';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createMongoosePorts } from './mongoose-ports.ts';
import { checkOut, createEscrowWorld, fundContract, registeredParties, type EscrowWorld } from './testing/escrow-world.ts';
import { requireMongoUri } from './testing/test-database.ts';

// Goal (issue 10): the database work of the hot paths, counted on the wire by the driver's command
// monitoring. Counts are deterministic, unlike times, which stay out of the tests (pnpm bench
// measures those). A delivery reads only by `_id`, so its cost stays flat on FerretDB v1, which
// pushes down nothing else; docs/performance.md lists every command and why it is there.

interface SentCommand {
  readonly name: string;
  readonly collection: string;
  /** The keys of a `find`'s filter. */
  readonly filterKeys: readonly string[];
  /** The fields a `find` reads (none: the whole document). */
  readonly projectionKeys: readonly string[];
}

let connection: Connection;
let world: EscrowWorld;
const sent: SentCommand[] = [];

/** `<command> <collection>` of every command sent since the last reset. */
function commands(): string[] {
  return sent.map(({ name, collection }) => `${name} ${collection}`);
}

beforeAll(async () => {
  const dbName = `skillhouse_counts_${randomBytes(4).toString('hex')}`;
  connection = await mongoose.createConnection(requireMongoUri(), { dbName, monitorCommands: true, autoIndex: false }).asPromise();
  connection.getClient().on('commandStarted', (event) => {
    const collection: unknown = event.commandName === 'getMore' ? event.command['collection'] : event.command[event.commandName];
    const filter: unknown = event.command['filter'];
    const projection: unknown = event.command['projection'];
    const keysOf = (value: unknown) => (typeof value === 'object' && value !== null ? Object.keys(value) : []);
    sent.push({ name: event.commandName, collection: String(collection), filterKeys: keysOf(filter), projectionKeys: keysOf(projection) });
  });
  world = createEscrowWorld(await createMongoosePorts(connection));
});

afterAll(async () => {
  await connection?.dropDatabase();
  await connection?.close();
});

beforeEach(() => {
  sent.length = 0;
});

describe('database commands of a Stripe payment (checkout.session.completed)', () => {
  it('creates the escrow, the hire and the funded contract with 8 commands, reading only the freelancer by _id', async () => {
    const { outcome } = await checkOut(world, await registeredParties(world));
    sent.length = 0;
    const paid = await world.service.recordPayment.execute(outcome);
    expect(paid).toMatchObject({ outcome: 'recorded', escrow: { status: 'funded' } });
    expect(commands()).toEqual([
      'insert escrows', // the claim, under the unique checkout session: also the journal entry recovery reads, and the payment held (the ledger reads it as that transfer)
      'find users', // the freelancer may have been blocked since the checkout opened
      'insert job_events', // JobHired at the revision the checkout saw the job Open at, unread: the unique (streamId, sequence) claims the job
      'findAndModify jobs', // the hire applied to the projection, which answers the revision it was at
      'insert contract_events', // ContractCreated, carrying the escrow: no read first, the unique index answers
      'insert escrow_events', // ContractFunded
      'insert contracts', // the contract's projection, once, funded: with the escrow's view in it
      'findAndModify escrows', // the escrow's own view, which answers the sequence it replaced
    ]);
    const finds = sent.filter(({ name }) => name === 'find');
    expect(finds.map(({ filterKeys }) => filterKeys)).toEqual([['_id']]);
    if (paid.outcome !== 'recorded') throw new Error('the payment is recorded');
    await expect(world.ports.ledger.listByEscrow(paid.escrow.id)).resolves.toEqual([
      expect.objectContaining({ kind: 'payment_held', amountPaise: paid.escrow.amountPaise }),
    ]);
  });

  it('answers a replay of a recorded payment with its refused claim and one read: the view shows nothing is left to do', async () => {
    const { outcome } = await checkOut(world, await registeredParties(world));
    await world.service.recordPayment.execute(outcome);
    sent.length = 0;
    await expect(world.service.recordPayment.execute(outcome)).resolves.toMatchObject({ outcome: 'recorded' });
    expect(commands()).toEqual(['insert escrows', 'find escrows']);
  });
});

describe('database commands of a contract list', () => {
  it('lists a client’s or a freelancer’s contracts, escrows included, in 3 queries however many they hold', async () => {
    const parties = await registeredParties(world);
    for (let hire = 0; hire < 3; hire += 1) await fundContract(world, parties);
    sent.length = 0;
    const forClient = (await world.service.contracts.listForClient({ clientId: parties.client.userId })).items;
    expect(forClient).toHaveLength(3);
    expect(forClient.every((details) => details.escrow?.status === 'funded' && details.job !== null)).toBe(true);
    expect(commands().sort()).toEqual(['find contracts', 'find jobs', 'find users']);
    // A list shows each job in summary, so it reads no description and no hires.
    expect(sent.find((command) => command.collection === 'jobs')?.projectionKeys).toEqual(['title', 'ratePaise', 'status']);
    sent.length = 0;
    const forFreelancer = (await world.service.contracts.listForFreelancer({ freelancerId: parties.freelancer.userId })).items;
    expect(forFreelancer.map((details) => details.escrow?.id)).toEqual(forClient.map((details) => details.escrow?.id));
    expect(commands().sort()).toEqual(['find contracts', 'find jobs', 'find users']);
  });
});
