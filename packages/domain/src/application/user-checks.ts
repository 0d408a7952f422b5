import { ConflictError, ValidationError } from '../shared/domain-error.ts';
import { UserErrors } from '../user/user.errors.ts';
import type { UserDirectory } from '../ports/user-directory.port.ts';

/**
 * Users sign up elsewhere, so an id this directory has never seen may still be a real freelancer;
 * one it knows must be a freelancer who is not blocked.
 */
export async function requireHireableFreelancer(users: UserDirectory, freelancerId: string): Promise<void> {
  const user = await users.find(freelancerId);
  if (user === null) return;
  if (user.role !== 'freelancer') {
    throw new ValidationError(UserErrors.NotAFreelancer, 'freelancerId does not name a freelancer', {
      fields: { freelancerId: 'not a freelancer' },
    });
  }
  if (user.blocked) throw new ConflictError(UserErrors.Blocked, 'this freelancer is blocked and cannot be hired');
}
