/**
 * Delivers one paid checkout DELIVERIES times at once from a process of its own, as a second
 * webhook worker would. Prints the escrow id each delivery recorded, one JSON array on stdout.
 * Env: MONGODB_URI, DB_NAME, CHECKOUT (a CheckoutOutcome as JSON), DELIVERIES, and START_AT (epoch
 * milliseconds): every process waits for that moment, so their deliveries overlap at the database.
 */
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
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, Number(requireEnv('START_AT')) - Date.now())));
  const results = await Promise.all(Array.from({ length: deliveries }, () => world.service.recordPayment.execute(checkout)));
  process.stdout.write(`${JSON.stringify(results.map((result) => (result.outcome === 'recorded' ? result.escrow.id : result.reason)))}\n`);
} finally {
  await mongo.close();
}
