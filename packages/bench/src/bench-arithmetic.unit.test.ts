import { ObjectId } from 'mongodb';
import { describe, expect, it } from 'vitest';
import { parseDatabaseUri, uriThroughProxy } from './database-uri.ts';
import { evaluateGoals, type SizeResults } from './goals.ts';
import { percentile } from './http-load.ts';
import type { Sample } from './measurement.ts';
import { cloneRecord, idAt } from './record-clone.ts';
import { shapeOf } from './record-shapes.ts';
import { inTurn, roundCounts } from './scenarios.ts';

describe('percentiles', () => {
  it('takes the nearest rank', () => {
    const samples = Array.from({ length: 100 }, (_, index) => 100 - index);
    expect(percentile(samples, 0.5)).toBe(50);
    expect(percentile(samples, 0.99)).toBe(99);
    expect(percentile([7], 0.99)).toBe(7);
    expect(percentile([], 0.5)).toBeNaN();
  });
});

describe('rounds', () => {
  it('split a count into parts that differ by at most one and add up', () => {
    expect(roundCounts(200, 2)).toEqual([100, 100]);
    expect(roundCounts(7, 3)).toEqual([3, 2, 2]);
  });

  it('measures the API first in even rounds and the floor first in odd ones', () => {
    expect([0, 1, 2, 3].map((round) => inTurn(round, 'API', 'floor'))).toEqual([
      ['API', 'floor'],
      ['floor', 'API'],
      ['API', 'floor'],
      ['floor', 'API'],
    ]);
  });
});

describe('copies of the records the API wrote', () => {
  it('replace strings anywhere, shift dates and take fresh ObjectIds, leaving the template as it was', () => {
    const at = new Date('2026-01-01T00:00:00.000Z');
    const eventId = new ObjectId();
    const template = {
      _id: eventId,
      streamId: 'job-1',
      data: { clientId: 'client-1', hires: [{ contractId: 'contract-1', at }] },
      sequence: 2,
      note: null,
    };
    const copy = cloneRecord(template, {
      replacements: new Map([
        ['job-1', 'job-2'],
        ['contract-1', 'contract-2'],
      ]),
      shiftMs: -1000,
    });
    expect(copy).toEqual({
      _id: expect.any(ObjectId),
      streamId: 'job-2',
      data: { clientId: 'client-1', hires: [{ contractId: 'contract-2', at: new Date('2025-12-31T23:59:59.000Z') }] },
      sequence: 2,
      note: null,
    });
    expect(copy._id.equals(eventId)).toBe(false);
    expect(template.data.hires[0]!.at).toEqual(at);
  });

  it('make ids shaped like the API: the seconds of their time, then random bytes', () => {
    const id = idAt(new Date('2026-01-01T00:00:00.000Z'));
    expect(id).toMatch(/^[0-9a-f]{24}$/);
    expect(id.slice(0, 8)).toBe((Date.UTC(2026, 0, 1) / 1000).toString(16));
  });
});

describe('record shapes', () => {
  it('keep types and telling values, and tell different records apart', () => {
    const record = { b: 1, a: 'x', type: 'JobHired', at: new Date(), list: [{ status: 'Pending' }], none: null };
    expect(shapeOf(record)).toEqual({
      a: 'string',
      at: 'date',
      b: 'number',
      list: [{ status: 'Pending' }],
      none: 'null',
      type: 'JobHired',
    });
    expect(shapeOf({ ...record, type: 'JobPosted' })).not.toEqual(shapeOf(record));
  });
});

describe('database addresses', () => {
  it('keep credentials and options but no replica set, so the driver stays on the proxy', () => {
    const address = parseDatabaseUri('mongodb://user:secret@db.example:27018,other:27019/app?replicaSet=rs0&authSource=admin');
    expect(address).toEqual({ host: 'db.example', port: 27018, credentials: 'user:secret@', options: 'authSource=admin' });
    expect(uriThroughProxy(address, 4000, 'bench_x')).toBe(
      'mongodb://user:secret@127.0.0.1:4000/bench_x?directConnection=true&authSource=admin',
    );
    expect(parseDatabaseUri('mongodb://127.0.0.1/').port).toBe(27017);
    expect(() => parseDatabaseUri('mongodb+srv://cluster.example/')).toThrow(/one server/);
  });
});

function sample(ops: number, serverCpuMs: number, dbCpuMs: number, commands: number, wallMs: number): Sample {
  return {
    ops,
    failures: 0,
    notSent: 0,
    firstFailure: null,
    wallMs,
    serverCpuMs,
    dbCpuMs,
    commands: new Map([['find x', commands]]),
    abandoned: new Map(),
    latenciesMs: Array(ops).fill(1),
  };
}

describe('the goals', () => {
  it('are met by an API at the limits and missed beyond them', () => {
    const size = (contracts: number, apiWebhookCpu: number): SizeResults => ({
      contracts,
      webhooks: { api: sample(100, apiWebhookCpu, 0, 800, 1000), floor: sample(100, 100, 0, 700, 700), checks: [] },
      storm: { api: sample(50, 1, 1, 1, 1), floor: sample(50, 1, 1, 1, 1), checks: [] },
      list: { api: sample(100, 130, 100, 300, 1000), floor: sample(100, 100, 110, 400, 1000), checks: [] },
      firstStartMs: 1499,
      restart: { startupMs: null, limitMs: 120_000, recentStreams: 3 },
    });
    const goals = evaluateGoals([size(1000, 150), size(10_000, 150)]);
    expect(goals.filter((goal) => !goal.passed).map((goal) => goal.where)).toEqual(["10,000 contracts, restart after the run's writes"]);
    const missed = evaluateGoals([size(1000, 100), size(10_000, 151)])
      .filter((goal) => !goal.passed)
      .map((goal) => goal.goal);
    expect(missed).toContain('webhook: CPU per delivery (server + database), API ÷ floor');
    expect(missed).toContain('webhook: CPU per delivery as the database grows, API');
  });
});
