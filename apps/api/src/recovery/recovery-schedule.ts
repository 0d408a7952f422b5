import type { Logger } from 'pino';
import type { EscrowService, RecoveryReport } from '@skillhouse/domain';

/** Operations younger than this may still be running in some process; recovery leaves them alone. */
export const RECOVERY_GRACE_MS = 60_000;

/** Runs recovery once and logs what it did; never throws. */
export async function recoverOnce(service: EscrowService, logger: Logger, graceMs = RECOVERY_GRACE_MS): Promise<RecoveryReport | null> {
  try {
    const report = await service.recoverInterruptedOperations.execute({
      graceMs,
      onFailure: (error, operationId) => logger.error({ err: error, operationId }, 'recovery of an operation failed'),
    });
    const level = report.failed > 0 ? 'warn' : report.examined > 0 ? 'info' : 'debug';
    logger[level]({ ...report }, 'recovery finished');
    return report;
  } catch (error) {
    logger.error({ err: error }, 'recovery could not run');
    return null;
  }
}

export interface RecoverySchedule {
  /** Stops the timer and waits for a run in progress. */
  stop(): Promise<void>;
}

/**
 * Runs recovery every `intervalMs`. The timer is unref'd so it never keeps the process alive, and
 * a run never overlaps the previous one.
 */
export function scheduleRecovery(service: EscrowService, logger: Logger, intervalMs: number): RecoverySchedule {
  let running: Promise<unknown> | null = null;
  const timer = setInterval(() => {
    if (running !== null) return;
    running = recoverOnce(service, logger).finally(() => {
      running = null;
    });
  }, intervalMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
