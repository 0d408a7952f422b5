import { randomBytes } from 'node:crypto';
import type { Clock, IdGenerator } from '@skillhouse/domain';

export class SystemClock implements Clock {
  now(): Date {
    return new Date();
  }
}

/** A clock that moves only when told to, for tests. Each reading is one millisecond later, so order is total. */
export class SteppingClock implements Clock {
  private milliseconds: number;

  constructor(start = new Date('2026-01-01T00:00:00.000Z')) {
    this.milliseconds = start.getTime();
  }

  now(): Date {
    this.milliseconds += 1;
    return new Date(this.milliseconds);
  }

  advance(milliseconds: number): void {
    this.milliseconds += milliseconds;
  }
}

/** ObjectId-shaped: a 4-byte timestamp and 8 random bytes, in 24 hex digits. */
export class RandomObjectIds implements IdGenerator {
  newId(): string {
    const seconds = Math.floor(Date.now() / 1000).toString(16).padStart(8, '0');
    return seconds + randomBytes(8).toString('hex');
  }
}
