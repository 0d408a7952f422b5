import type { Logger } from 'pino';
import type { Marketplace, RecoveryReport } from '@skillhouse/domain';
import { runPeriodically, type PeriodicTask } from './periodic-task.ts';

/** Operations younger than this may still be running in some process; recovery leaves them alone. */
export const RECOVERY_GRACE_MS = 60_000;

/** How far back the repair pass looks at start-up and from the command: a day of downtime. */
export const PROJECTION_REPAIR_WINDOW_MS_AT_START = 24 * 60 * 60 * 1_000;

/** A failure this many times in a row needs a person: it is logged at fatal level. */
export const RECOVERY_ATTEMPTS_BEFORE_ALERT = 5;

/**
 * Runs recovery once and logs what it did; never throws. The repair pass rewrites the projections
 * of streams appended to within `repairWindowMs`.
 */
export async function recoverOnce(
  service: Marketplace,
  logger: Logger,
  options: { graceMs?: number; repairWindowMs: number },
): Promise<RecoveryReport | null> {
  try {
    const report = await service.recoverInterruptedOperations.execute({
      graceMs: options.graceMs ?? RECOVERY_GRACE_MS,
      projectionsRecordedSince: new Date(Date.now() - options.repairWindowMs),
      onFailure: ({ error, operationId, subject, failedAttempts, retryAt }) => {
        const level = failedAttempts >= RECOVERY_ATTEMPTS_BEFORE_ALERT ? 'fatal' : 'error';
        logger[level]({ err: error, operationId, subject, failedAttempts, retryAt }, 'recovery of an operation failed; it will be retried');
      },
    });
    const level = report.failed > 0 ? 'warn' : report.examined > 0 ? 'info' : 'debug';
    logger[level]({ ...report }, 'recovery finished');
    return report;
  } catch (error) {
    logger.error({ err: error }, 'recovery could not run');
    return null;
  }
}

/**
 * Runs recovery at once over the start-up window, then every `intervalMs`, never two runs at once.
 * The API listens before the first run: it is safe alongside live traffic, like every later run.
 * Each run's report goes to `onReport` (the metrics' backlog gauges).
 */
export function scheduleRecovery(
  service: Marketplace,
  logger: Logger,
  intervalMs: number,
  onReport: (report: RecoveryReport) => void = () => undefined,
): PeriodicTask {
  const run = async (repairWindowMs: number) => {
    const report = await recoverOnce(service, logger, { repairWindowMs });
    if (report !== null) onReport(report);
  };
  return runPeriodically(
    intervalMs,
    // Three intervals of overlap, so a repair pass that failed once is covered by the next ones.
    () => run(3 * intervalMs + RECOVERY_GRACE_MS),
    { first: () => run(PROJECTION_REPAIR_WINDOW_MS_AT_START) },
  );
}
