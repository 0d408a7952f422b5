import type { Logger } from 'pino';
import type { LapsedReviewsReport, Marketplace } from '@skillhouse/domain';
import { runPeriodically, type PeriodicTask } from './periodic-task.ts';

/**
 * The review timer: every `intervalMs`, releases the escrows whose review period lapsed. The due
 * times are stored with the escrows, so a restart loses nothing, and every process runs this timer:
 * the release is claimed on the escrow's stream, so only one of them releases each escrow. Each
 * run's report goes to `onReport` (the metrics' backlog gauges).
 */
export function scheduleReviewTimer(
  service: Marketplace,
  logger: Logger,
  intervalMs: number,
  onReport: (report: LapsedReviewsReport) => void = () => undefined,
): PeriodicTask {
  return runPeriodically(intervalMs, async () => {
    try {
      const report = await service.releaseLapsedReviews.execute({
        onFailure: (escrowId, error) => logger.error({ err: error, escrowId }, 'auto-release failed; the next run retries it'),
      });
      onReport(report);
      if (report.due > 0) logger.info({ ...report }, 'review timer released lapsed reviews');
    } catch (error) {
      logger.error({ err: error }, 'review timer could not run');
    }
  });
}
