import { composeApi } from './composition/container.ts';
import { loadConfig } from './config/config.ts';
import { createLogger } from './logging/logger.ts';
import { runCommand } from './run-command.ts';

/** `--since 2026-03-01` (a date, UTC midnight) or `--since 2026-03-01T06:00:00Z`; undefined without it, null when unreadable. */
export function sinceArgument(argv: readonly string[]): Date | undefined | null {
  const index = argv.indexOf('--since');
  if (index === -1) return undefined;
  const value = argv[index + 1] ?? '';
  if (!/^\d{4}-\d{2}-\d{2}([T ][0-9:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(value)) return null;
  const since = new Date(value);
  return Number.isNaN(since.getTime()) ? null : since;
}

/**
 * `pnpm --filter @skillhouse/api reconcile [--since DATE]`: compares the ledger of the configured
 * database with the configured Stripe account (docs/ledger.md, "Reconciliation"), prints each
 * difference, and exits 1 on any (2 on an unreadable `--since`). Changes nothing, on either side.
 */
async function reconcile(): Promise<number> {
  const config = loadConfig(process.env);
  const logger = createLogger(config.logLevel);
  const since = sinceArgument(process.argv.slice(2));
  if (since === null) {
    logger.error('--since takes an ISO 8601 date or date and time, e.g. --since 2026-03-01');
    return 2;
  }
  if (config.database.kind === 'memory') {
    logger.warn('MONGODB_URI is not set: an in-memory store lives in its server process, there is nothing to reconcile here');
    return 0;
  }
  const { marketplace, database } = await composeApi(config, logger);
  try {
    const report = await marketplace.reconcile.since(since);
    for (const difference of report.differences) {
      logger.error({ ...difference }, `${difference.kind}: ${difference.subject} ${difference.subjectId}: ${difference.message}`);
    }
    const { escrowsChecked, withdrawalsChecked, differences } = report;
    logger.info(
      { since: report.since.toISOString(), escrowsChecked, withdrawalsChecked, differences: differences.length },
      differences.length === 0 ? 'reconciliation: the ledger and the processor agree' : 'reconciliation: differences found',
    );
    return differences.length === 0 ? 0 : 1;
  } finally {
    await database.close();
  }
}

runCommand(reconcile, 'reconciliation failed');
