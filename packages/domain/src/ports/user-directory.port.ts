import type { User } from '../user/user.ts';

export interface UserDirectory {
  find(userId: string): Promise<User | null>;
  findMany(userIds: readonly string[]): Promise<readonly User[]>;
  save(user: User): Promise<void>;
}
