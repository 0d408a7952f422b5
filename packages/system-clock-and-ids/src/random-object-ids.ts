import { randomBytes } from 'node:crypto';
import type { IdGenerator } from '@skillhouse/domain';

/** ObjectId-shaped: a 4-byte timestamp and 8 random bytes, in 24 hex digits. */
export class RandomObjectIds implements IdGenerator {
  newId(): string {
    const seconds = Math.floor(Date.now() / 1000)
      .toString(16)
      .padStart(8, '0');
    return seconds + randomBytes(8).toString('hex');
  }
}
