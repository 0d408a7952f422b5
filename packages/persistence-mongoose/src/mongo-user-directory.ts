import { assertLookupBound, ROLES, type RegisterResult, type User, type UserDirectory } from '@skillhouse/domain';
import type { Model } from 'mongoose';
import { isDuplicateKeyOn } from './duplicate-key.ts';
import type { UserDocument } from './models.ts';
import { StoredFields } from './stored-values.ts';
import { findByIds, findDocumentById } from './driver-reads.ts';

export class MongoUserDirectory implements UserDirectory {
  constructor(private readonly users: Model<UserDocument>) {}

  async find(userId: string): Promise<User | null> {
    const document = await findDocumentById(this.users, userId);
    return document === null ? null : userFromDocument(document);
  }

  /** In the order asked, without the unknown ones, as the in-memory directory answers. */
  async findMany(userIds: readonly string[]): Promise<readonly User[]> {
    assertLookupBound(userIds, 'users.findMany');
    return findByIds(this.users, userIds, userFromDocument);
  }

  /** Inserts under the id's unique key, so a racing block by an operator is never overwritten. */
  async register(user: User): Promise<RegisterResult> {
    const { id, ...fields } = user;
    try {
      await this.users.create({ _id: id, ...fields });
      return { outcome: 'registered' };
    } catch (error) {
      if (!isDuplicateKeyOn(error, ['_id'])) throw error;
      const existing = await this.find(id);
      if (existing === null) throw error;
      return { outcome: 'alreadyKnown', existing };
    }
  }

  async save(user: User): Promise<void> {
    const { id, ...fields } = user;
    try {
      await this.users.replaceOne({ _id: id }, fields, { upsert: true });
    } catch (error) {
      // Two first saves of one user race to insert it; the loser's replace now finds the document.
      if (!isDuplicateKeyOn(error, ['_id'])) throw error;
      await this.users.replaceOne({ _id: id }, fields, { upsert: true });
    }
  }
}

function userFromDocument(document: unknown): User {
  const fields = StoredFields.ofDocument(document, 'users');
  return {
    id: fields.text('_id'),
    role: fields.oneOf('role', ROLES),
    displayName: fields.text('displayName'),
    blocked: fields.boolean('blocked'),
  };
}
