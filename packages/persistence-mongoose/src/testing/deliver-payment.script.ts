/**
 * Delivers one paid checkout DELIVERIES times at once from a process of its own, as a second
 * webhook worker would. Env: MONGODB_URI, DB_NAME, CHECKOUT (a CheckoutOutcome as JSON), DELIVERIES.
 * Once connected it prints `ready` and waits for a line on stdin, so the test can fire every process
 * at the same moment; then it prints one JSON line: the escrow id each delivery recorded, and when
 * its deliveries started and finished (so the test can check the processes really overlapped).
 */
import { once } from 'node:events';
import type { CheckoutOutcome } from '@skillhouse/domain';
import { connectMongo } from '../connect-mongo.ts';
import { createMongoosePorts } from '../mongoose-ports.ts';
import { createEscrowWorld } from './escrow-world.ts';

function requireEnv(name: string): string {
  const value = process.env[name];
  if (value === undefined || value === '') throw new Error(`${name} is required`);
  return value;
}

const mongo = await connectMongo(requireEnv('MONGODB_URI'), { dbName: requireEnv('DB_NAME'), maxPoolSize: 20 });
try {
  const world = createEscrowWorld(await createMongoosePorts(mongo.connection));
  const checkout = JSON.parse(requireEnv('CHECKOUT')) as CheckoutOutcome;
  const deliveries = Number(requireEnv('DELIVERIES'));
  process.stdout.write('ready\n');
  await once(process.stdin, 'data');
  const startedAt = Date.now();
  const results = await Promise.all(Array.from({ length: deliveries }, () => world.service.recordPayment.execute(checkout)));
  const finishedAt = Date.now();
  const escrowIds = results.map((result) => (result.outcome === 'recorded' ? result.escrow.escrow.id : result.reason));
  process.stdout.write(`${JSON.stringify({ escrowIds, startedAt, finishedAt })}\n`);
} finally {
  await mongo.close();
}
