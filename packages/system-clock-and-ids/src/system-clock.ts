import type { Clock } from '@skillhouse/domain';

/**
 * The wall clock of the machine the process runs on. Reads within one millisecond answer the same
 * Date: a Date holds milliseconds, so a new one would be equal anyway, and each costs more than the
 * read (about 110 bytes of heap; the embedded default keeps one per event, and a use case reads
 * the clock two or three times). Dates are values here: nothing in this repository sets one (the
 * lint forbids calling a Date's setters), and the Clock port tells its users not to.
 */
export class SystemClock implements Clock {
  private lastMs = Number.NaN;
  private last = new Date(0);

  now(): Date {
    const ms = Date.now();
    if (ms !== this.lastMs) {
      this.lastMs = ms;
      this.last = new Date(ms);
    }
    return this.last;
  }
}
