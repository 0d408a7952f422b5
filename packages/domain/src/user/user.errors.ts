import { ForbiddenError, type ErrorCatalogue } from '../shared/domain-error.ts';

/** Who may act: the caller's role, their own id, their standing in the user directory. */
export const AuthErrors = {
  RoleNotAllowed: { code: 'AUTH.ROLE_NOT_ALLOWED', kind: 'forbidden', when: 'the route does not allow the caller’s role' },
  NotYours: { code: 'AUTH.NOT_YOURS', kind: 'forbidden', when: 'a path id names another user (`:clientId`, `:freelancerId`, `:userId`)' },
  Blocked: { code: 'AUTH.BLOCKED', kind: 'forbidden', when: 'the caller is blocked in the user directory' },
  RoleMismatch: {
    code: 'AUTH.ROLE_MISMATCH',
    kind: 'forbidden',
    when: 'the token’s `role` is not the role the user directory holds for the caller',
  },
} as const satisfies ErrorCatalogue;

/** The users a request names. */
export const UserErrors = {
  NotAFreelancer: {
    code: 'USER.NOT_A_FREELANCER',
    kind: 'validation',
    when: 'the freelancerId to hire names a user who is not a freelancer',
  },
  Blocked: { code: 'USER.BLOCKED', kind: 'conflict', when: 'the freelancer to hire is blocked' },
  RoleRequired: {
    code: 'USER.ROLE_REQUIRED',
    kind: 'validation',
    when: 'an admin sets the access of a user the directory does not know, without a role',
  },
  OwnAccess: {
    code: 'USER.OWN_ACCESS',
    kind: 'forbidden',
    when: 'an admin blocks themselves or gives themselves another role: another admin must, so the last admin cannot lock every admin out',
  },
} as const satisfies ErrorCatalogue;

export class UserBlocked extends ForbiddenError {
  constructor() {
    super(AuthErrors.Blocked, 'this user is blocked');
  }
}

export class RoleMismatch extends ForbiddenError {
  constructor() {
    super(AuthErrors.RoleMismatch, 'the token’s role is not the role the directory holds for this user');
  }
}
