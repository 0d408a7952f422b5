import {
  ForbiddenError,
  requireObjectId,
  requireRole,
  RoleMismatch,
  UserBlocked,
  UserErrors,
  ValidationError,
  type Actor,
  type Role,
  type User,
  type UserDirectory,
} from '@skillhouse/domain';
import type { AccessClaims } from '../http/access-token.ts';

/**
 * The directory entry of a verified caller. Users sign up with the identity service, so a caller
 * this service has not seen is added as the token describes them; an existing entry is never
 * overwritten here (it may carry a block). A blocked caller is refused, and so is a token whose
 * role is not the directory's: authorization uses the token's role, so an admin's correction of a
 * role must shut out tokens issued with the old one.
 */
export async function recognizeCaller(users: UserDirectory, claims: AccessClaims): Promise<User> {
  const known = await users.find(claims.id);
  const user = known ?? (await registerCaller(users, claims));
  if (user.blocked) throw new UserBlocked();
  if (user.role !== claims.role) throw new RoleMismatch();
  return user;
}

async function registerCaller(users: UserDirectory, claims: AccessClaims): Promise<User> {
  const added: User = { id: claims.id, role: claims.role, displayName: claims.name ?? '', blocked: false };
  const registered = await users.register(added);
  return registered.outcome === 'registered' ? added : registered.existing;
}

export interface SetUserAccessCommand {
  readonly actor: Actor;
  readonly userId: unknown;
  readonly blocked: boolean;
  readonly role?: Role;
  readonly displayName?: string;
}

/**
 * An admin blocks or unblocks a user, and may correct their role (their tokens with the old role
 * are refused from then on) or display name. A user the directory does not know yet is added,
 * which needs their role. An admin's own block or change of role is another admin's to make: the
 * only admin would otherwise lock every admin out, with escrows waiting on an admin's decision.
 */
export class SetUserAccess {
  constructor(private readonly users: UserDirectory) {}

  async execute(command: SetUserAccessCommand): Promise<User> {
    requireRole(command.actor, 'admin');
    const userId = requireObjectId(command.userId, 'userId');
    if (userId === command.actor.userId && (command.blocked || (command.role !== undefined && command.role !== 'admin'))) {
      throw new ForbiddenError(UserErrors.OwnAccess, 'an admin cannot block themselves or change their own role: another admin can');
    }
    const known = await this.users.find(userId);
    const role = command.role ?? known?.role;
    if (role === undefined) {
      throw new ValidationError(UserErrors.RoleRequired, 'this user is not in the directory yet: give their role', {
        fields: { role: 'required for a user the directory does not know' },
      });
    }
    const user: User = {
      id: userId,
      role,
      displayName: command.displayName ?? known?.displayName ?? '',
      blocked: command.blocked,
    };
    await this.users.save(user);
    return user;
  }
}
