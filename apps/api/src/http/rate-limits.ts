import type { Context, Middleware, Next } from 'koa';
import type { Connection } from 'mongoose';
import { RateLimiterMemory, RateLimiterMongo, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { RateLimitConfig } from '../config/config.ts';
import { ExpiringRecords } from './expiring-records.ts';
import { bearerTokenOf, verifyAccessToken } from './access-token.ts';
import { HttpProblem } from './http-problem.ts';
import { HttpErrors } from './http.errors.ts';

/** Where the counts are kept: this process (the embedded default), or the database every API process shares. */
export type RateLimitBackend = { readonly kind: 'memory' } | { readonly kind: 'mongo'; readonly connection: Connection };

export const RATE_LIMIT_COLLECTION = 'rate_limits';

/** Stripe's deliveries (signed, retried by Stripe) and the probes of orchestrators are not counted. */
export const RATE_LIMIT_EXEMPT_PATHS: ReadonlySet<string> = new Set(['/webhook', '/healthz', '/readyz']);

export interface RateLimiters {
  /** Per user, for requests with a valid token; null: not limited. */
  readonly user: RateLimiterAbstract | null;
  /** Per client address, for requests without one; null: not limited. */
  readonly anonymous: RateLimiterAbstract | null;
  /** The counts' documents on the database, told of each count so expired ones are swept; null in memory. */
  readonly expiring: ExpiringRecords | null;
}

/**
 * The limiters over `backend`: on the database, rate-limiter-flexible's Mongo store in
 * `rate_limits` (a document per key and window, counted with an upsert and `$inc`), with a limiter
 * in this process's memory standing in while the database does not answer, so an outage never
 * fails a request here.
 */
export async function createRateLimiters(config: RateLimitConfig, backend: RateLimitBackend): Promise<RateLimiters> {
  let expiring: ExpiringRecords | null = null;
  if (backend.kind === 'mongo' && (config.userPoints > 0 || config.anonymousPoints > 0)) {
    // The store's own index creation asks for a TTL index, which FerretDB v1 refuses: the same indexes, made here.
    await backend.connection.collection(RATE_LIMIT_COLLECTION).createIndex({ key: 1 }, { name: 'key_unique', unique: true });
    expiring = await ExpiringRecords.open(backend.connection, RATE_LIMIT_COLLECTION, 'expire');
  }
  const limiter = (keyPrefix: string, points: number): RateLimiterAbstract | null => {
    if (points === 0) return null;
    const options = { keyPrefix, points, duration: config.windowSeconds };
    if (backend.kind === 'memory') return new RateLimiterMemory(options);
    return new RateLimiterMongo({
      ...options,
      storeClient: backend.connection,
      tableName: RATE_LIMIT_COLLECTION,
      disableIndexesCreation: true,
      insuranceLimiter: new RateLimiterMemory(options),
    });
  };
  return { user: limiter('user', config.userPoints), anonymous: limiter('anonymous', config.anonymousPoints), expiring };
}

/** Who a request counts against: the token's user when the token verifies, else the client's address. */
function callerOf(ctx: Context, jwtSecret: string): { readonly kind: 'user' | 'anonymous'; readonly key: string } {
  const header = ctx.get('authorization');
  if (header !== '') {
    try {
      return { kind: 'user', key: verifyAccessToken(bearerTokenOf(header), jwtSecret).id };
    } catch {
      // An invalid token is answered 401 by the route; it counts against the address meanwhile.
    }
  }
  return { kind: 'anonymous', key: ctx.ip };
}

function setLimitHeaders(ctx: Context, limit: number, result: RateLimiterRes): void {
  ctx.set('RateLimit-Limit', String(limit));
  ctx.set('RateLimit-Remaining', String(result.remainingPoints));
  ctx.set('RateLimit-Reset', String(Math.ceil(result.msBeforeNext / 1_000)));
}

/**
 * Counts every request but the exempt ones against its caller and answers 429 `RATE_LIMITED` with
 * `Retry-After` past the limit; every counted answer carries `RateLimit-Limit`, `-Remaining` and
 * `-Reset` (seconds). The client's address is the socket's unless TRUST_PROXY names the proxies in
 * front (then it is read from X-Forwarded-For, see createApp).
 */
export function rateLimits(limiters: RateLimiters, jwtSecret: string): Middleware {
  return async (ctx: Context, next: Next) => {
    if (RATE_LIMIT_EXEMPT_PATHS.has(ctx.path)) {
      await next();
      return;
    }
    const caller = callerOf(ctx, jwtSecret);
    const limiter = caller.kind === 'user' ? limiters.user : limiters.anonymous;
    if (limiter === null) {
      await next();
      return;
    }
    let result: RateLimiterRes;
    try {
      limiters.expiring?.wrote();
      result = await limiter.consume(caller.key);
    } catch (rejection) {
      if (!(rejection instanceof RateLimiterRes)) throw rejection;
      setLimitHeaders(ctx, limiter.points, rejection);
      ctx.set('Retry-After', String(Math.max(1, Math.ceil(rejection.msBeforeNext / 1_000))));
      throw new HttpProblem(HttpErrors.RateLimited, 'too many requests: try again after the time in Retry-After');
    }
    setLimitHeaders(ctx, limiter.points, result);
    await next();
  };
}
