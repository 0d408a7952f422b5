import type { User } from '../user/user.ts';

export type RegisterResult = { readonly outcome: 'registered' } | { readonly outcome: 'alreadyKnown'; readonly existing: User };

export interface UserDirectory {
  find(userId: string): Promise<User | null>;
  findMany(userIds: readonly string[]): Promise<readonly User[]>;
  /** Adds a user the directory has never seen; never overwrites one it knows (it may carry a block). */
  register(user: User): Promise<RegisterResult>;
  /** Writes the user whole, known or not: how an operator blocks or corrects someone. */
  save(user: User): Promise<void>;
}
