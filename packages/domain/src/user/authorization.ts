import { ForbiddenError } from '../shared/domain-error.ts';
import { AuthErrors } from './user.errors.ts';
import type { Actor, Role } from './user.ts';

export function requireRole(actor: Actor, ...roles: Role[]): void {
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
