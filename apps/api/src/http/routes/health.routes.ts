import { z } from 'zod';
import type { Database } from '../../composition/database.ts';
import { HttpProblem } from '../http-problem.ts';
import { HttpErrors } from '../http.errors.ts';
import { loggerOf } from '../logger-of.ts';
import { publicRoute, type Route } from '../route.ts';

/** A ping slower than this counts as unreachable: a readiness probe must answer promptly. */
export const READINESS_PING_TIMEOUT_MS = 2_000;

class NotReady extends HttpProblem {
  constructor() {
    super(HttpErrors.NotReady, 'the database is not reachable');
  }
}

function pingWithin(database: Database, timeoutMs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
  });
  return Promise.race([database.ping(), timeout]).finally(() => clearTimeout(timer));
}

export function healthRoutes(database: Database): Route[] {
  return [
    publicRoute({
      method: 'get',
      path: '/healthz',
      summary: 'Liveness: the process answers',
      tags: ['operations'],
      success: { status: 200, description: 'Alive', schema: z.object({ status: z.literal('ok') }) },
      errors: [],
      async handle() {
        return { body: { status: 'ok' } };
      },
    }),
    publicRoute({
      method: 'get',
      path: '/readyz',
      summary: 'Readiness: the database is reachable',
      tags: ['operations'],
      success: {
        status: 200,
        description: 'Ready',
        schema: z.object({ status: z.literal('ready'), database: z.enum(['memory', 'mongo']) }),
      },
      errors: [503],
      async handle({ ctx }) {
        try {
          await pingWithin(database, READINESS_PING_TIMEOUT_MS);
        } catch (error) {
          loggerOf(ctx).warn({ err: error }, 'database not reachable');
          throw new NotReady();
        }
        return { body: { status: 'ready', database: database.kind } };
      },
    }),
  ];
}
