import { createHash, randomUUID } from 'node:crypto';
import type { Context, Middleware, Next } from 'koa';
import { REQUEST_KEY_LIFETIME_MS } from '@skillhouse/domain';
import { problemOf } from '../error-middleware.ts';
import { HttpProblem } from '../http-problem.ts';
import { HttpErrors } from '../http.errors.ts';
import type { IdempotencyStore, StoredAnswer } from './idempotency-store.ts';

declare module 'koa' {
  interface DefaultState {
    /** This request repeats, under its Idempotency-Key, one that failed on our side (5xx) or was invalid (400). */
    idempotentRetry?: boolean;
    /** The request's Idempotency-Key, once claimed: a use case that must find its own earlier run (a withdrawal) takes it. */
    idempotencyKey?: string;
  }
}

export const IDEMPOTENCY_KEY_HEADER = 'idempotency-key';
export const REPLAYED_HEADER = 'idempotent-replayed';
/** How long an answer is replayed, as Stripe does; as long as a withdrawal's request key names it. */
export const IDEMPOTENCY_KEY_LIFETIME_MS = REQUEST_KEY_LIFETIME_MS;
/**
 * How long a claim holds while its request runs. A process that dies mid-request leaves its claim
 * behind; after this the key may be claimed again. Longer than any request may take (a refund's
 * Stripe call and its retries included).
 */
export const IDEMPOTENCY_LOCK_MS = 2 * 60 * 1_000;

/** Visible ASCII, as Stripe takes (a UUID is the usual key). */
const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;

/**
 * What makes two requests "the same": method, path, query and body. A JSON body is hashed as
 * parsed, so whitespace does not count; a multipart upload by its declared type and length, since
 * its bytes are streamed to storage rather than held.
 */
function fingerprintOf(ctx: Context): string {
  const hash = createHash('sha256').update(`${ctx.method} ${ctx.path}?${ctx.querystring}\n`);
  if (ctx.is('multipart')) hash.update(`multipart ${ctx.get('content-type')} ${ctx.get('content-length')}`);
  else hash.update(JSON.stringify(ctx.request.body ?? null));
  return hash.digest('base64url');
}

/**
 * `Idempotency-Key` on a state-changing request of a signed-in user, with Stripe's semantics: the
 * first request with a key runs and its answer is kept for 24 hours; the same key with the same
 * request replays that answer (status and body, with `Idempotent-Replayed: true`); with another
 * request it is 422 (HttpErrors.IdempotencyKeyReused); while the first still runs, 409
 * (HttpErrors.IdempotencyInProgress). Keys are the caller's own: two users may use the same key. An answer
 * of 500 or more is not kept: the key is released, so a retry runs again (a 502 from Stripe, an
 * outage); nor is a 400 (the request itself was invalid: the corrected one may use the key, as
 * Stripe saves no result for parameters that failed validation). Every other answer under 500 is
 * kept, a refusal included, since running the request again would not change it. Mounted after authentication and the body parser, so a request refused
 * before it runs (401, 403, 415, malformed JSON) claims nothing.
 */
export function idempotentRequests(store: IdempotencyStore, options: { now?: () => Date } = {}): Middleware {
  const now = options.now ?? (() => new Date());
  return async (ctx: Context, next: Next) => {
    // Sent empty is not absent: a client whose key variable was unset would otherwise lose its retry protection unawares.
    const key = ctx.headers[IDEMPOTENCY_KEY_HEADER];
    const actor = ctx.state.actor;
    if (key === undefined || actor === undefined) {
      await next();
      return;
    }
    if (typeof key !== 'string' || !KEY_PATTERN.test(key)) {
      throw new HttpProblem(HttpErrors.IdempotencyKeyInvalid, 'the Idempotency-Key must be 1 to 255 visible ASCII characters', {
        fields: { [IDEMPOTENCY_KEY_HEADER]: 'must be 1 to 255 visible ASCII characters' },
      });
    }
    const scopedKey = `${actor.userId}:${key}`;
    const fingerprint = fingerprintOf(ctx);
    const claimId = randomUUID();
    const startedAt = now();
    const claim = await store.claim(scopedKey, {
      claimId,
      fingerprint,
      answer: null,
      lockedUntil: new Date(startedAt.getTime() + IDEMPOTENCY_LOCK_MS),
      expiresAt: new Date(startedAt.getTime() + IDEMPOTENCY_KEY_LIFETIME_MS),
      failed: false,
    });
    if (claim.outcome === 'claimed') {
      ctx.state.idempotentRetry = claim.afterFailure;
      ctx.state.idempotencyKey = key;
    } else {
      const existing = claim.outcome === 'taken' ? claim.existing : null;
      if (existing !== null && existing.fingerprint !== fingerprint) {
        throw new HttpProblem(HttpErrors.IdempotencyKeyReused, 'this Idempotency-Key was used for another request; use a new key');
      }
      if (existing?.answer == null) {
        throw new HttpProblem(HttpErrors.IdempotencyInProgress, 'a request with this Idempotency-Key is still running; retry later');
      }
      replay(ctx, existing.answer);
      return;
    }
    await runClaimed(ctx, next, { store, scopedKey, claimId, expiresAt: new Date(startedAt.getTime() + IDEMPOTENCY_KEY_LIFETIME_MS) });
  };
}

function replay(ctx: Context, answer: StoredAnswer): void {
  ctx.status = answer.status;
  ctx.body = JSON.parse(answer.body) as unknown;
  ctx.set(REPLAYED_HEADER, 'true');
}

async function runClaimed(
  ctx: Context,
  next: Next,
  claim: { store: IdempotencyStore; scopedKey: string; claimId: string; expiresAt: Date },
): Promise<void> {
  const { store, scopedKey, claimId, expiresAt } = claim;
  let answer: StoredAnswer;
  try {
    await next();
    answer = { status: ctx.status, body: JSON.stringify(ctx.body ?? null) };
  } catch (error) {
    const problem = problemOf(error);
    if (isNotKept(problem.status)) await store.release(scopedKey, claimId);
    else await store.complete(scopedKey, claimId, { status: problem.status, body: JSON.stringify(problem.body) }, expiresAt);
    throw error;
  }
  if (isNotKept(answer.status)) await store.release(scopedKey, claimId);
  else await store.complete(scopedKey, claimId, answer, expiresAt);
}

/**
 * An answer of 500 or more failed on our side, so the request may succeed if run again; a 400 said
 * the request itself was invalid, and a refusal changes nothing, so the corrected request may take
 * the key (Stripe saves no result for parameters that failed validation).
 */
function isNotKept(status: number): boolean {
  return status >= 500 || status === 400;
}
