import { randomBytes } from 'node:crypto';
import { foldContract, foldJob, type EventStream } from '@skillhouse/domain';
import { canceledContractStream, contractParties, jobStream, newId, type ContractParties } from '@skillhouse/port-conformance';
import mongoose, { type Connection } from 'mongoose';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parseContractEvent } from './contract-events.ts';
import { modelsFor } from './models.ts';
import { MongoEventStream } from './mongo-event-stream.ts';
import { createMongoosePorts, type MongoosePorts } from './mongoose-ports.ts';
import { reprojectLagging } from './projection.ts';
import { requireMongoUri } from './testing/test-database.ts';
import { MONEY_WRITE_CONCERN_DEFAULT } from './write-concern.ts';

// Goal: the repair pass costs a read of the window and of the projections' sequences, whatever it
// finds, and reads and writes only the streams whose projection is behind. Commands are counted on
// the wire (the driver's command monitoring): they are deterministic, unlike times.

let connection: Connection;
let ports: MongoosePorts;
/** `<command> <collection>` of every command sent since the last `beforeEach`. */
const commands: string[] = [];

beforeAll(async () => {
  const dbName = `skillhouse_repair_${randomBytes(4).toString('hex')}`;
  connection = await mongoose.createConnection(requireMongoUri(), { dbName, monitorCommands: true, autoIndex: false }).asPromise();
  connection.getClient().on('commandStarted', (event) => {
    const collection: unknown = event.commandName === 'getMore' ? event.command['collection'] : event.command[event.commandName];
    commands.push(`${event.commandName} ${String(collection)}`);
  });
  ports = await createMongoosePorts(connection);
});

afterAll(async () => {
  await connection?.dropDatabase();
  await connection?.close();
});

/** A time after every event written so far: each test's window holds only its own streams. */
async function aMomentFromNow(): Promise<Date> {
  await new Promise((resolve) => setTimeout(resolve, 5));
  return new Date();
}

let since: Date;

beforeEach(async () => {
  since = await aMomentFromNow();
  commands.length = 0;
});

async function appendAll<E>(stream: EventStream<E>, streamId: string, events: readonly E[], after = 0): Promise<void> {
  for (const [index, event] of events.entries()) {
    const appended = await stream.append(streamId, after + index, event);
    expect(appended.outcome).toBe('appended');
  }
}

/** A contract whose projection holds the first `projected` events of its stream, or none. */
async function contractProjectedUpTo(projected: number | null): Promise<ContractParties> {
  const parties = contractParties();
  const stream = canceledContractStream(parties);
  if (projected === null) {
    await appendAll(ports.contracts, parties.contractId, stream);
    return parties;
  }
  await appendAll(ports.contracts, parties.contractId, stream.slice(0, projected));
  await ports.contracts.reproject(parties.contractId);
  await appendAll(ports.contracts, parties.contractId, stream.slice(projected), projected);
  return parties;
}

async function listedFold(parties: ContractParties) {
  const folded = foldContract((await ports.contracts.read(parties.contractId)).map(({ event }) => event));
  return { listed: (await ports.contracts.list({ clientId: parties.clientId, limit: 5 })).map(({ contract }) => contract), folded };
}

describe('contracts.reprojectRecordedSince(since, limit)', () => {
  it('reads and rewrites only the projections behind their stream, and only the sequences of the others', async () => {
    const caughtUp = [await contractProjectedUpTo(5), await contractProjectedUpTo(5)];
    const behind = await contractProjectedUpTo(2);
    const neverProjected = await contractProjectedUpTo(null);
    commands.length = 0;

    await expect(ports.contracts.reprojectRecordedSince(since, 100)).resolves.toBe(2);
    const rewrites = {
      // a lagging stream, read and written, with the view of its escrow (none stored here), which the writer held and a crash lost
      [behind.contractId]: ['find contract_events', 'update contracts', 'find escrows'],
      // no projection to update: it is inserted
      [neverProjected.contractId]: ['find contract_events', 'update contracts', 'insert contracts', 'find escrows'],
    };
    expect(commands).toEqual([
      'find contract_events', // the streams of the window with their last sequences
      'find contracts', // the sequences their projections hold
      ...Object.keys(rewrites)
        .sort()
        .flatMap((id) => rewrites[id]!),
    ]);
    for (const parties of [...caughtUp, behind, neverProjected]) {
      const { listed, folded } = await listedFold(parties);
      expect(listed).toStrictEqual([folded]);
    }

    commands.length = 0;
    await expect(ports.contracts.reprojectRecordedSince(since, 100)).resolves.toBe(0);
    expect(commands).toEqual(['find contract_events', 'find contracts']);
  });

  it('rewrites at most `limit`, and the next pass finds the rest', async () => {
    const behind = [await contractProjectedUpTo(1), await contractProjectedUpTo(3), await contractProjectedUpTo(4)];
    await contractProjectedUpTo(5);

    await expect(ports.contracts.reprojectRecordedSince(since, 2)).resolves.toBe(2);
    await expect(ports.contracts.reprojectRecordedSince(since, 2)).resolves.toBe(1);
    await expect(ports.contracts.reprojectRecordedSince(since, 2)).resolves.toBe(0);
    await expect(ports.contracts.reprojectRecordedSince(since, 0)).resolves.toBe(0);
    for (const parties of behind) {
      const { listed, folded } = await listedFold(parties);
      expect(listed).toStrictEqual([folded]);
    }
  });

  it('leaves alone the streams appended to only before `since`', async () => {
    const before = await contractProjectedUpTo(2);
    const later = await aMomentFromNow();
    await expect(ports.contracts.reprojectRecordedSince(later, 100)).resolves.toBe(0);
    const { listed, folded } = await listedFold(before);
    expect(listed.map((contract) => contract.sequence)).toEqual([2]);
    expect(folded?.sequence).toBe(5);
  });
});

describe('jobs.reprojectRecordedSince(since, limit)', () => {
  it('rewrites only the projections behind their stream', async () => {
    const clientId = newId();
    const [caughtUp, behind, neverProjected] = [newId(), newId(), newId()];
    await appendAll(ports.jobs, caughtUp, jobStream(caughtUp, clientId));
    await ports.jobs.reproject(caughtUp);
    await appendAll(ports.jobs, behind, jobStream(behind, clientId).slice(0, 1));
    await ports.jobs.reproject(behind);
    await appendAll(ports.jobs, behind, jobStream(behind, clientId).slice(1), 1);
    await appendAll(ports.jobs, neverProjected, jobStream(neverProjected, clientId));
    commands.length = 0;

    await expect(ports.jobs.reprojectRecordedSince(since, 100)).resolves.toBe(2);
    // The one behind is written over; the one never projected is found missing by that write, then inserted.
    const writes = commands.filter((command) => !command.startsWith('find '));
    expect(writes.sort()).toEqual(['findAndModify jobs', 'findAndModify jobs', 'insert jobs']);
    for (const jobId of [caughtUp, behind, neverProjected]) {
      const folded = foldJob((await ports.jobs.read(jobId)).map(({ event }) => event));
      await expect(ports.jobs.findProjected(jobId)).resolves.toStrictEqual(folded);
    }

    commands.length = 0;
    await expect(ports.jobs.reprojectRecordedSince(since, 100)).resolves.toBe(0);
    expect(commands).toEqual(['find job_events', 'find jobs']);
  });
});

describe('a hire applied to a projection at another revision, its writer gone before the rewrite', () => {
  it('leaves a sequence off the stream, behind or past it, and the repair pass rewrites both', async () => {
    const clientId = newId();
    const [behind, past] = [newId(), newId()];
    // behind: projected at 1 (posted), then hired and reopened; past: projected at 2 (posted, hired).
    await appendAll(ports.jobs, behind, jobStream(behind, clientId).slice(0, 1));
    await ports.jobs.reproject(behind);
    await appendAll(ports.jobs, behind, jobStream(behind, clientId).slice(1), 1);
    await appendAll(ports.jobs, past, jobStream(past, clientId).slice(0, 2));
    await ports.jobs.reproject(past);
    // What `projectHire`'s update did to each before its writer died: one more, 2 of 3 and 3 of 2.
    await connection.collection<{ _id: string }>('jobs').updateMany({ _id: { $in: [behind, past] } }, { $inc: { sequence: 1 } });

    await expect(ports.jobs.reprojectRecordedSince(since, 100)).resolves.toBe(2);
    for (const jobId of [behind, past]) {
      const folded = foldJob((await ports.jobs.read(jobId)).map(({ event }) => event));
      await expect(ports.jobs.findProjected(jobId)).resolves.toStrictEqual(folded);
    }
  });
});

describe('reprojectLagging over a window wider than a page', () => {
  it('pages the streams in id order, each once with its last sequence, and rewrites the lagging ones of every page', async () => {
    const projectedUpTo = [5, 2, 5, null, 1];
    const contracts = [];
    for (const projected of projectedUpTo)
      contracts.push({ id: (await contractProjectedUpTo(projected)).contractId, lagging: projected !== 5, missing: projected === null });
    contracts.sort((a, b) => a.id.localeCompare(b.id));
    const models = modelsFor(connection);
    const stream = new MongoEventStream(models.contractEvents, MONEY_WRITE_CONCERN_DEFAULT, parseContractEvent);

    const pages = [];
    for await (const page of stream.lastSequencesRecordedSince(since, 2))
      pages.push(page.map(({ streamId, sequence }) => [streamId, sequence]));
    expect(pages).toEqual([
      [
        [contracts[0]!.id, 5],
        [contracts[1]!.id, 5],
      ],
      [
        [contracts[2]!.id, 5],
        [contracts[3]!.id, 5],
      ],
      [[contracts[4]!.id, 5]],
    ]);

    commands.length = 0;
    const rewritten: string[] = [];
    const rewrite = async (contractId: string) => {
      rewritten.push(contractId);
      await ports.contracts.reproject(contractId);
      return true;
    };
    await expect(reprojectLagging(stream, models.contracts, { since, limit: 100, pageSize: 2 }, rewrite)).resolves.toBe(3);
    expect(rewritten).toEqual(contracts.filter(({ lagging }) => lagging).map(({ id }) => id));
    // One cursor over the window; per page, one query of sequences, then a read and a write per lagging stream.
    const expected = ['find contract_events'];
    for (let first = 0; first < contracts.length; first += 2) {
      expected.push('find contracts');
      for (const { lagging, missing } of contracts.slice(first, first + 2)) {
        if (lagging) expected.push('find contract_events', 'update contracts', ...(missing ? ['insert contracts'] : []), 'find escrows');
      }
    }
    expect(commands).toEqual(expected);
  });
});

/**
 * Every fold of a stream written at once, several times each, in a scrambled order. Without the
 * turns (`inTurn`), FerretDB v1 reads and writes each as two steps and an older fold lands on top
 * within a few rounds (seen failing so, every time, before the turns).
 */
describe('one process writing one projection many times at once', () => {
  const ROUNDS = 20;
  const scrambled = <T>(items: readonly T[], copies: number): T[] =>
    Array.from({ length: copies }, () => items)
      .flat()
      .sort(() => (Math.random() < 0.5 ? -1 : 1));
  const prefixes = <E>(events: readonly E[]): E[][] => events.map((_, index) => events.slice(0, index + 1));

  it('leaves the newest fold of a contract on top (a guarded update)', async () => {
    for (let round = 0; round < ROUNDS; round += 1) {
      const parties = contractParties();
      const stream = canceledContractStream(parties);
      await appendAll(ports.contracts, parties.contractId, stream);
      const folds = prefixes(stream).map((events) => foldContract(events)!);
      await Promise.all(scrambled(folds, 3).map((contract) => ports.contracts.project(contract)));
      const { listed, folded } = await listedFold(parties);
      expect(listed).toStrictEqual([folded]);
    }
  });

  it('leaves the newest fold of a job on top (an overwrite checked on what it replaced)', async () => {
    for (let round = 0; round < ROUNDS; round += 1) {
      const jobId = newId();
      const stream = jobStream(jobId, newId());
      await appendAll(ports.jobs, jobId, stream);
      const folds = prefixes(stream).map((events) => foldJob(events)!);
      await Promise.all(scrambled(folds, 10).map((job) => ports.jobs.project(job)));
      await expect(ports.jobs.findProjected(jobId)).resolves.toStrictEqual(folds.at(-1));
    }
  });
});
