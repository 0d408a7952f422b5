import type { Clock } from '@skillhouse/domain';

/** The wall clock of the machine the process runs on. */
export class SystemClock implements Clock {
  now(): Date {
    return new Date();
  }
}
