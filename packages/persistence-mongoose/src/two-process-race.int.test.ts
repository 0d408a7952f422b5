import { execFile } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkOut, createEscrowWorld, foldedContract, foldedJob, newParties, type EscrowWorld } from './testing/escrow-world.ts';
import { openTestDatabase, type TestDatabase } from './testing/test-database.ts';

const PACKAGE_DIR = join(dirname(fileURLToPath(import.meta.url)), '..');
const SCRIPT = join(PACKAGE_DIR, 'src/testing/deliver-payment.script.ts');
const run = promisify(execFile);
/** Long enough for both processes to start and connect, so they fire together. */
const START_DELAY_MS = 4_000;

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
    const env = { ...process.env, MONGODB_URI: database.uri, DB_NAME: database.dbName, CHECKOUT: JSON.stringify(outcome), DELIVERIES: '10', START_AT: String(Date.now() + START_DELAY_MS) };
    const processes = await Promise.all(
      [1, 2].map(() => run(process.execPath, ['--import', 'tsx', SCRIPT], { cwd: PACKAGE_DIR, env, timeout: 50_000 })),
    );
    const escrowIds = processes.flatMap(({ stdout }) => JSON.parse(stdout) as string[]);
    expect(escrowIds).toHaveLength(20);
    expect(new Set(escrowIds).size).toBe(1);

    expect(await database.count('escrows', { checkoutSessionId: outcome.checkoutSessionId })).toBe(1);
    const closed = await foldedJob(world, job.id);
    expect(closed?.status).toBe('Closed');
    expect(closed?.hires).toHaveLength(1);
    expect((await foldedContract(world, closed!.liveHire!.contractId))?.escrowId).toBe(escrowIds[0]);
  });
});
