import type { Clock } from '@skillhouse/domain';

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

  /** The next reading is `at`: for a test about one exact instant. */
  set(at: Date): void {
    this.milliseconds = at.getTime() - 1;
  }
}
