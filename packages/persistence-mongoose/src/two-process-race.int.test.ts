import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkOut, createEscrowWorld, foldedContract, foldedJob, newParties, type EscrowWorld } from './testing/escrow-world.ts';
import { openTestDatabase, type TestDatabase } from './testing/test-database.ts';

const PACKAGE_DIR = join(dirname(fileURLToPath(import.meta.url)), '..');
const SCRIPT = join(PACKAGE_DIR, 'src/testing/deliver-payment.script.ts');

interface DeliveryReport {
  readonly escrowIds: string[];
  readonly startedAt: number;
  readonly finishedAt: number;
}

interface DeliveryProcess {
  readonly ready: Promise<void>;
  readonly report: Promise<DeliveryReport>;
  fire(): void;
}

/** Starts the delivering script; it connects, says `ready`, and delivers when fired. */
function startDeliveryProcess(env: NodeJS.ProcessEnv): DeliveryProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', SCRIPT], { cwd: PACKAGE_DIR, env, stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const lines = createInterface({ input: child.stdout });
  const exited = new Promise<never>((_, reject) => child.once('exit', (code) => reject(new Error(`delivery process exited with ${code}: ${stderr}`))));
  const iterator = lines[Symbol.asyncIterator]();
  const nextLine = async (): Promise<string> => {
    const line = await Promise.race([iterator.next(), exited]);
    if (line.done === true) throw new Error(`delivery process closed its output: ${stderr}`);
    return line.value;
  };
  const ready = nextLine().then((line) => {
    if (line !== 'ready') throw new Error(`expected ready, got ${line}`);
  });
  return {
    ready,
    report: ready.then(async () => JSON.parse(await nextLine()) as DeliveryReport),
    fire: () => child.stdin.end('go\n'),
  };
}

let database: TestDatabase;
let world: EscrowWorld;

beforeAll(async () => {
  database = await openTestDatabase('processes');
  world = createEscrowWorld(database.ports);
});

afterAll(async () => {
  await database?.drop();
});

/**
 * Two OS processes, each with its own connection pool and its own in-process state, deliver the
 * same paid checkout 10 times at once: only the database's unique keys stand between them.
 */
describe('the same checkout delivered by two processes at once', () => {
  it.each([1, 2, 3, 4, 5])('round %i: one escrow, one contract', async () => {
    const parties = newParties();
    const { job, outcome } = await checkOut(world, parties);
    const env = { ...process.env, MONGODB_URI: database.uri, DB_NAME: database.dbName, CHECKOUT: JSON.stringify(outcome), DELIVERIES: '10' };
    const processes = [startDeliveryProcess(env), startDeliveryProcess(env)];
    await Promise.all(processes.map((delivery) => delivery.ready));
    for (const delivery of processes) delivery.fire();
    const [first, second] = await Promise.all(processes.map((delivery) => delivery.report));

    // The race only proves something if the two processes' deliveries were in flight together.
    expect(first!.startedAt).toBeLessThan(second!.finishedAt);
    expect(second!.startedAt).toBeLessThan(first!.finishedAt);
    const escrowIds = [...first!.escrowIds, ...second!.escrowIds];
    expect(escrowIds).toHaveLength(20);
    expect(new Set(escrowIds).size).toBe(1);

    expect(await database.count('escrows', { checkoutSessionId: outcome.checkoutSessionId })).toBe(1);
    const closed = await foldedJob(world, job.id);
    expect(closed?.status).toBe('Closed');
    expect(closed?.hires).toHaveLength(1);
    expect((await foldedContract(world, closed!.liveHire!.contractId))?.escrowId).toBe(escrowIds[0]);
  });
});
