import { assert, ForbiddenError } from '../shared/domain-error.ts';
import { isObjectId } from '../shared/ids.ts';
import { AuthErrors } from './user.errors.ts';
import type { Actor, Role } from './user.ts';

export function requireRole(actor: Actor, ...roles: Role[]): void {
  // Ids are compared as written: an actor named otherwise than its records (uppercase, a UUID) would
  // open a checkout whose payment matches nothing. The caller's authentication canonicalizes it.
  assert(isObjectId(actor.userId), `an actor is named by a 24-digit lowercase hexadecimal id, not ${JSON.stringify(actor.userId)}`);
  if (!roles.includes(actor.role)) {
    throw new ForbiddenError(AuthErrors.RoleNotAllowed, `this action needs the role ${roles.join(' or ')}`);
  }
}

/** A path parameter naming a user must name the caller (admins may name anyone where allowed). */
export function requireSelf(actor: Actor, userId: string, options: { adminMayActForOthers: boolean }): void {
  if (actor.userId === userId) return;
  if (options.adminMayActForOthers && actor.role === 'admin') return;
  throw new ForbiddenError(AuthErrors.NotYours, 'you may only act for yourself');
}
