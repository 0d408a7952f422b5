import { assertLookupBound, type RegisterResult, type User, type UserDirectory } from '@skillhouse/domain';

export class InMemoryUserDirectory implements UserDirectory {
  private readonly users = new Map<string, User>();

  async find(userId: string): Promise<User | null> {
    return this.users.get(userId) ?? null;
  }

  async findMany(userIds: readonly string[]): Promise<readonly User[]> {
    assertLookupBound(userIds, 'users.findMany');
    return userIds.flatMap((id) => {
      const user = this.users.get(id);
      return user === undefined ? [] : [user];
    });
  }

  async register(user: User): Promise<RegisterResult> {
    const existing = this.users.get(user.id);
    if (existing !== undefined) return { outcome: 'alreadyKnown', existing };
    this.users.set(user.id, user);
    return { outcome: 'registered' };
  }

  async save(user: User): Promise<void> {
    this.users.set(user.id, user);
  }
}
