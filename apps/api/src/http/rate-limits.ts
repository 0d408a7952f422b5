import type { Context, Middleware, Next } from 'koa';
import type { Connection } from 'mongoose';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import type { RateLimitConfig } from '../config/config.ts';
import { ExpiringRecords } from './expiring-records.ts';
import { SlotRateLimiter } from './slot-rate-limiter.ts';
import { bearerTokenOf, verifyAccessToken } from './access-token.ts';
import { HttpProblem } from './http-problem.ts';
import { HttpErrors } from './http.errors.ts';

/** Where the counts are kept: this process (the embedded default), or the database every API process shares. */
export type RateLimitBackend = { readonly kind: 'memory' } | { readonly kind: 'mongo'; readonly connection: Connection };

export const RATE_LIMIT_COLLECTION = 'rate_limits';

/** Stripe's deliveries (signed, retried by Stripe) and the probes of orchestrators are not counted. */
export const RATE_LIMIT_EXEMPT_PATHS: ReadonlySet<string> = new Set(['/webhook', '/healthz', '/readyz']);

/** What the middleware asks of a limiter: rate-limiter-flexible's in memory, the slot limiter on the database. */
export interface CallerLimiter {
  readonly points: number;
  /** Resolves when the request may pass; rejects with a RateLimiterRes when it may not. */
  consume(key: string): Promise<RateLimiterRes>;
}

export interface RateLimiters {
  /** Per user, for requests with a valid token; null: not limited. */
  readonly user: CallerLimiter | null;
  /** Per client address, for requests without one; null: not limited. */
  readonly anonymous: CallerLimiter | null;
  /** The counts' documents on the database, told of each count so expired ones are swept; null in memory. */
  readonly expiring: ExpiringRecords | null;
}

/**
 * The limiters over `backend`: in this process's memory, rate-limiter-flexible's; on the database,
 * slots claimed by insert in `rate_limits` (slot-rate-limiter.ts: exact across processes on
 * FerretDB v1, where rate-limiter-flexible's Mongo store is not), with rate-limiter-flexible's
 * memory limiter standing in while the database does not answer.
 */
export async function createRateLimiters(config: RateLimitConfig, backend: RateLimitBackend): Promise<RateLimiters> {
  let expiring: ExpiringRecords | null = null;
  if (backend.kind === 'mongo' && (config.userPoints > 0 || config.anonymousPoints > 0)) {
    // One count per request reads the slots of a key in a window.
    await backend.connection.collection(RATE_LIMIT_COLLECTION).createIndex({ key: 1, window: 1 }, { name: 'key_window' });
    expiring = await ExpiringRecords.open(backend.connection, RATE_LIMIT_COLLECTION, 'expire');
  }
  const limiter = (keyPrefix: string, points: number): CallerLimiter | null => {
    if (points === 0) return null;
    const memory = new RateLimiterMemory({ keyPrefix, points, duration: config.windowSeconds });
    if (backend.kind === 'memory') return memory;
    return new SlotRateLimiter(backend.connection, RATE_LIMIT_COLLECTION, keyPrefix, points, config.windowSeconds, memory);
  };
  return { user: limiter('user', config.userPoints), anonymous: limiter('anonymous', config.anonymousPoints), expiring };
}

/** Who a request counts against: the token's user when the token verifies, else the client's address. */
function callerOf(ctx: Context, tokens: TokenSettings): { readonly kind: 'user' | 'anonymous'; readonly key: string } {
  const header = ctx.get('authorization');
  if (header !== '') {
    try {
      return { kind: 'user', key: verifyAccessToken(bearerTokenOf(header), tokens.jwtSecret, tokens.jwtMaxAgeSeconds).id };
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

/** How a token is verified, as the routes verify it. */
interface TokenSettings {
  readonly jwtSecret: string;
  readonly jwtMaxAgeSeconds: number;
}

/**
 * Counts every request but the exempt ones against its caller and answers 429 `RATE_LIMITED` with
 * `Retry-After` past the limit; every counted answer carries `RateLimit-Limit`, `-Remaining` and
 * `-Reset` (seconds). The client's address is the socket's unless TRUST_PROXY names the proxies in
 * front (then it is read from X-Forwarded-For, see createApp).
 */
export function rateLimits(limiters: RateLimiters, tokens: TokenSettings): Middleware {
  const limited = limiters.user !== null || limiters.anonymous !== null;
  return async (ctx: Context, next: Next) => {
    // Unlimited (both set to 0): not even the token is verified here, the route does.
    if (!limited || RATE_LIMIT_EXEMPT_PATHS.has(ctx.path)) {
      await next();
      return;
    }
    const caller = callerOf(ctx, tokens);
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
