import type { Logger } from 'pino';
import type { Marketplace, RecoveryReport } from '@skillhouse/domain';
import { runPeriodically, type PeriodicTask } from './periodic-task.ts';
import { RecoveryStatus } from './recovery-status.ts';

/** How far back the repair pass looks at start-up and from the command: a day of downtime. */
export const PROJECTION_REPAIR_WINDOW_MS_AT_START = 24 * 60 * 60 * 1_000;

/** How recovery runs: RECOVERY_INTERVAL_MS, RECOVERY_GRACE_MS and RECOVERY_STUCK_ATTEMPTS (config.ts bounds them). */
export interface RecoverySettings {
  readonly intervalMs: number;
  /** Operations younger than this may still be running in some process; recovery leaves them alone. */
  readonly graceMs: number;
  /** The wait before retrying an operation that failed once, doubling after each further failure. */
  readonly firstRetryDelayMs: number;
  /** Failed attempts from which an open operation is reported as stuck, at error level, every pass. */
  readonly stuckAfterAttempts: number;
}

/** What one pass needs of the settings, and how far back its repair pass looks. */
export interface PassSettings extends Omit<RecoverySettings, 'intervalMs'> {
  readonly repairWindowMs: number;
}

function logPass(logger: Logger, report: RecoveryReport): void {
  const { stuck, ...counts } = report;
  const summary = { ...counts, stuck: stuck.length };
  if (report.failed > 0) logger.warn(summary, 'recovery pass finished; some operations failed and will be retried');
  else if (report.examined > 0 || report.backlog > 0) logger.info(summary, 'recovery pass finished');
  else logger.debug(summary, 'recovery pass finished');
  for (const operation of stuck) {
    logger.error(
      { ...operation, operationId: operation.operationId },
      `operation ${operation.operationId} is stuck: recovery failed it ${operation.failedAttempts} times; it needs a person (docs/operations.md, "Recovery")`,
    );
  }
}

/**
 * Runs recovery once and logs what it did: the backlog of open operations on every pass, each
 * failed attempt at warn, each stuck operation at error. Never throws. The repair pass rewrites
 * the projections of streams appended to within `repairWindowMs`.
 */
export async function recoverOnce(
  service: Marketplace,
  logger: Logger,
  options: PassSettings & { status?: RecoveryStatus },
): Promise<RecoveryReport | null> {
  try {
    const report = await service.recoverInterruptedOperations.execute({
      graceMs: options.graceMs,
      firstRetryDelayMs: options.firstRetryDelayMs,
      stuckAfterAttempts: options.stuckAfterAttempts,
      projectionsRecordedSince: new Date(Date.now() - options.repairWindowMs),
      onFailure: ({ error, operationId, subject, failedAttempts, retryAt }) => {
        logger.warn({ err: error, operationId, subject, failedAttempts, retryAt }, 'recovery of an operation failed; it will be retried');
      },
    });
    logPass(logger, report);
    options.status?.recordPass(report, new Date());
    return report;
  } catch (error) {
    logger.error({ err: error }, 'recovery could not run');
    options.status?.recordFailedPass(new Date());
    return null;
  }
}

/**
 * Runs recovery at once over the start-up window, then every `intervalMs`, never two runs at once,
 * recording each pass in `status`. The API listens before the first run: it is safe alongside live
 * traffic, like every later run.
 * Each run's report also goes to `onReport` (the metrics' backlog gauges).
 */
export function scheduleRecovery(
  service: Marketplace,
  logger: Logger,
  settings: RecoverySettings,
  status: RecoveryStatus = new RecoveryStatus(),
  onReport: (report: RecoveryReport) => void = () => undefined,
): PeriodicTask {
  const { intervalMs, ...pass } = settings;
  const run = async (repairWindowMs: number) => {
    const report = await recoverOnce(service, logger, { ...pass, status, repairWindowMs });
    if (report !== null) onReport(report);
  };
  return runPeriodically(
    intervalMs,
    // Three intervals of overlap, so a repair pass that failed once is covered by the next ones.
    () => run(3 * intervalMs + pass.graceMs),
    { first: () => run(PROJECTION_REPAIR_WINDOW_MS_AT_START) },
  );
}
