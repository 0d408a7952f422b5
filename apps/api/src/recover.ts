import { optionsOf, requireDatabase } from './command-line.ts';
import { composeApi } from './composition/container.ts';
import { loadConfig } from './config/config.ts';
import { createLogger } from './logging/logger.ts';
import { PROJECTION_REPAIR_WINDOW_MS_AT_START, recoverOnce } from './recovery/recovery-schedule.ts';
import { runCommand } from './run-command.ts';

/**
 * `pnpm --filter @skillhouse/api recover`: finishes interrupted operations once, against the
 * configured database, and exits 1 when anything could not be finished; 2, having done nothing, on
 * an argument or without MONGODB_URI.
 */
async function recover(): Promise<number> {
  optionsOf(process.argv.slice(2), {});
  const config = loadConfig(process.env);
  requireDatabase(config.database, 'recover');
  const logger = createLogger(config.logLevel);
  const { marketplace, database } = await composeApi(config, logger);
  try {
    const report = await recoverOnce(marketplace, logger, {
      graceMs: config.recoveryGraceMs,
      firstRetryDelayMs: config.recoveryRetryDelayMs,
      stuckAfterAttempts: config.recoveryStuckAttempts,
      repairWindowMs: PROJECTION_REPAIR_WINDOW_MS_AT_START,
    });
    if (report === null) return 1;
    logger.info({ ...report }, report.failed === 0 ? 'recovery command finished' : 'recovery command left operations unfinished');
    return report.failed === 0 ? 0 : 1;
  } finally {
    await database.close();
  }
}

runCommand(recover, 'recovery failed');
