import type { RecoveryReport, StuckOperation } from '@skillhouse/domain';

/** What the last recovery pass of this process saw; a metric or a health page reads it. */
export interface RecoveryReading {
  /** When the last pass ended; null before the first. */
  readonly lastPassAt: Date | null;
  /** Whether the last pass could not run at all (the database away, say). */
  readonly lastPassFailed: boolean;
  /** Operations open after the last pass that ran. */
  readonly backlog: number;
  /** Of those, the ones that failed the stuck threshold of attempts. */
  readonly stuck: readonly StuckOperation[];
}

/** Holds the outcome of this process's recovery passes, for whatever reports on them. */
export class RecoveryStatus {
  private reading: RecoveryReading = { lastPassAt: null, lastPassFailed: false, backlog: 0, stuck: [] };

  recordPass(report: RecoveryReport, at: Date): void {
    this.reading = { lastPassAt: at, lastPassFailed: false, backlog: report.backlog, stuck: report.stuck };
  }

  /** The backlog and stuck operations stay as last seen: a pass that could not run learned nothing new. */
  recordFailedPass(at: Date): void {
    this.reading = { ...this.reading, lastPassAt: at, lastPassFailed: true };
  }

  read(): RecoveryReading {
    return this.reading;
  }
}
