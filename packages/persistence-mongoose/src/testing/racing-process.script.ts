/**
 * One process of a two-process race, as a second API process would be. Env: MONGODB_URI, DB_NAME,
 * RUNS (how many at once), and ACTION:
 * - `deliverPayment`: delivers CHECKOUT (a CheckoutOutcome as JSON) RUNS times;
 * - `releaseLapsedReviews`: runs the review timer RUNS times, with reviews of REVIEW_PERIOD_MS and
 *   the clock moved CLOCK_SHIFT_MS ahead;
 * - `withdraw`: freelancer WITHDRAWER withdraws AMOUNT (INR) RUNS times (each answers the
 *   withdrawal's status, or the refusal's code).
 * Once connected it prints `ready` and waits for a line on stdin, so the test can fire every process
 * at the same moment; then it prints one JSON line: what each run answered (the escrow id a
 * delivery recorded, or a timer run's report), and when its runs started and
 * finished (so the test can check the processes really overlapped).
 */
import { once } from 'node:events';
import { DomainError, type CheckoutOutcome } from '@skillhouse/domain';
import { connectMongo } from '../connect-mongo.ts';
import { createMongoosePorts } from '../mongoose-ports.ts';
import { createEscrowWorld, ShiftedClock, type EscrowWorld } from './escrow-world.ts';

function requireEnv(name: string): string {
  const value = process.env[name];
  if (value === undefined || value === '') throw new Error(`${name} is required`);
  return value;
}

function actionOf(world: EscrowWorld): () => Promise<unknown> {
  const action = requireEnv('ACTION');
  switch (action) {
    case 'deliverPayment': {
      const checkout = JSON.parse(requireEnv('CHECKOUT')) as CheckoutOutcome;
      return async () => {
        const result = await world.service.recordPayment.execute(checkout);
        return result.outcome === 'recorded' ? result.escrow.id : result.reason;
      };
    }
    case 'releaseLapsedReviews':
      return () => world.service.releaseLapsedReviews.execute();
    case 'withdraw': {
      const actor = { userId: requireEnv('WITHDRAWER'), role: 'freelancer' } as const;
      const amount = Number(requireEnv('AMOUNT'));
      return async () => {
        try {
          return (await world.service.withdraw.execute({ actor, amount })).status;
        } catch (error) {
          if (error instanceof DomainError) return error.code;
          throw error;
        }
      };
    }
    default:
      throw new Error(`unknown ACTION ${action}`);
  }
}

const mongo = await connectMongo(requireEnv('MONGODB_URI'), { dbName: requireEnv('DB_NAME'), maxPoolSize: 20 });
try {
  const clock = new ShiftedClock();
  clock.advance(Number(process.env['CLOCK_SHIFT_MS'] ?? '0'));
  const reviewPeriodMs = process.env['REVIEW_PERIOD_MS'];
  const world = createEscrowWorld(await createMongoosePorts(mongo.connection), {
    clock,
    policy: reviewPeriodMs === undefined ? {} : { reviewPeriodMs: Number(reviewPeriodMs) },
  });
  const run = actionOf(world);
  const runs = Number(requireEnv('RUNS'));
  process.stdout.write('ready\n');
  await once(process.stdin, 'data');
  const startedAt = Date.now();
  const results = await Promise.all(Array.from({ length: runs }, run));
  const finishedAt = Date.now();
  process.stdout.write(`${JSON.stringify({ results, startedAt, finishedAt })}\n`);
} finally {
  await mongo.close();
}
