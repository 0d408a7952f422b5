import type { Context, Middleware, Next } from 'koa';
import { requireRole, type Actor, type Role, type UserDirectory } from '@skillhouse/domain';
import { recognizeCaller } from '../users/user-access.ts';
import { bearerTokenOf, verifyAccessToken } from './access-token.ts';

declare module 'koa' {
  interface DefaultState {
    /** The caller, on the routes that authenticate one. */
    actor?: Actor;
  }
}

/**
 * Verifies the bearer token (401 if absent, invalid, expired or older than the maximum age), refuses blocked users, a token role other
 * than the directory's, and roles the route does not allow (403), and leaves the caller in `ctx.state.actor`.
 */
export function authenticate(options: {
  jwtSecret: string;
  jwtMaxAgeSeconds: number;
  users: UserDirectory;
  roles: readonly Role[];
}): Middleware {
  return async (ctx: Context, next: Next) => {
    const claims = verifyAccessToken(bearerTokenOf(ctx.get('authorization') || undefined), options.jwtSecret, options.jwtMaxAgeSeconds);
    await recognizeCaller(options.users, claims);
    const actor: Actor = { userId: claims.id, role: claims.role };
    requireRole(actor, ...options.roles);
    ctx.state.actor = actor;
    await next();
  };
}
