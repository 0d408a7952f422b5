import { percentile, type LoadResult } from './http-load.ts';
import { treeCpuMs } from './process-cpu.ts';
import type { BenchServer } from './server-process.ts';
import { operationCommandCount, tallyDifference, type WireProxy } from './wire-proxy.ts';

export type SystemName = 'API' | 'floor';

/** A server under measurement, behind its own counting proxy. */
export interface Target {
  readonly name: SystemName;
  readonly server: BenchServer;
  readonly proxy: WireProxy;
}

/** What one or more measured windows of load on one server added up to. */
export interface Sample {
  /** Operations that answered as expected: the divisor of every per-operation figure. */
  readonly ops: number;
  readonly failures: number;
  readonly notSent: number;
  readonly firstFailure: string | null;
  readonly wallMs: number;
  readonly serverCpuMs: number;
  /** null when the database runs where its process cannot be seen. */
  readonly dbCpuMs: number | null;
  readonly commands: ReadonlyMap<string, number>;
  /** Of `commands`, those whose client gave up on their reply (see `WireProxy.abandoned`). */
  readonly abandoned: ReadonlyMap<string, number>;
  readonly latenciesMs: readonly number[];
}

/**
 * Runs `load` and takes what it cost: CPU of the server's process tree and of the database process
 * (from /proc, before and after), commands its proxy saw, the load's own latencies and failures.
 */
export async function measure(target: Target, dbPid: number | null, load: () => Promise<LoadResult>): Promise<Sample> {
  const commandsBefore = target.proxy.tally();
  const abandonedBefore = target.proxy.abandoned();
  const serverBefore = treeCpuMs(target.server.pid);
  const dbBefore = dbPid === null ? null : treeCpuMs(dbPid);
  const result = await load();
  const serverCpuMs = treeCpuMs(target.server.pid) - serverBefore;
  const dbCpuMs = dbPid === null || dbBefore === null ? null : treeCpuMs(dbPid) - dbBefore;
  return {
    ops: result.latenciesMs.length,
    failures: result.failures,
    notSent: result.notSent,
    firstFailure: result.firstFailure,
    wallMs: result.wallMs,
    serverCpuMs,
    dbCpuMs,
    commands: tallyDifference(target.proxy.tally(), commandsBefore),
    abandoned: tallyDifference(target.proxy.abandoned(), abandonedBefore),
    latenciesMs: result.latenciesMs,
  };
}

/** Rounds of one scenario on one server, as one sample. */
export function combine(samples: readonly Sample[]): Sample {
  const added = (pick: (sample: Sample) => ReadonlyMap<string, number>) => {
    const total = new Map<string, number>();
    for (const sample of samples) for (const [key, count] of pick(sample)) total.set(key, (total.get(key) ?? 0) + count);
    return total;
  };
  const sum = (pick: (sample: Sample) => number) => samples.reduce((total, sample) => total + pick(sample), 0);
  return {
    ops: sum((sample) => sample.ops),
    failures: sum((sample) => sample.failures),
    notSent: sum((sample) => sample.notSent),
    firstFailure: samples.find((sample) => sample.firstFailure !== null)?.firstFailure ?? null,
    wallMs: sum((sample) => sample.wallMs),
    serverCpuMs: sum((sample) => sample.serverCpuMs),
    dbCpuMs: samples.some((sample) => sample.dbCpuMs === null) ? null : sum((sample) => sample.dbCpuMs!),
    commands: added((sample) => sample.commands),
    abandoned: added((sample) => sample.abandoned),
    latenciesMs: samples.flatMap((sample) => sample.latenciesMs),
  };
}

export interface Figures {
  readonly commandsPerOp: number;
  readonly serverCpuMsPerOp: number;
  readonly dbCpuMsPerOp: number | null;
  /** Server and database; the server alone when the database's process cannot be seen. */
  readonly totalCpuMsPerOp: number;
  readonly opsPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
}

export function figuresOf(sample: Sample): Figures {
  const perOp = (value: number) => (sample.ops === 0 ? Number.NaN : value / sample.ops);
  const dbCpuMsPerOp = sample.dbCpuMs === null ? null : perOp(sample.dbCpuMs);
  return {
    commandsPerOp: perOp(operationCommandCount(sample.commands)),
    serverCpuMsPerOp: perOp(sample.serverCpuMs),
    dbCpuMsPerOp,
    totalCpuMsPerOp: perOp(sample.serverCpuMs) + (dbCpuMsPerOp ?? 0),
    opsPerSecond: sample.wallMs === 0 ? Number.NaN : (sample.ops * 1000) / sample.wallMs,
    p50Ms: percentile(sample.latenciesMs, 0.5),
    p99Ms: percentile(sample.latenciesMs, 0.99),
  };
}
