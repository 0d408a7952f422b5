import { CommandRefused, optionsOf, requireDatabase, sinceOf } from './command-line.ts';
import { composeApi } from './composition/container.ts';
import { loadConfig } from './config/config.ts';
import { createLogger } from './logging/logger.ts';
import { runCommand } from './run-command.ts';

/**
 * `pnpm --filter @skillhouse/api reconcile [--since DATE]`: compares the ledger of the configured
 * database with the configured Stripe account (docs/ledger.md, "Reconciliation"), prints each
 * difference, and exits 1 on any; 2, having done nothing, on an argument it does not take or without
 * MONGODB_URI or STRIPE_SECRET_KEY. Changes nothing, on either side.
 */
async function reconcile(): Promise<number> {
  const since = sinceOf(optionsOf(process.argv.slice(2), { since: { type: 'string' } }).since);
  const config = loadConfig(process.env);
  requireDatabase(config.database, 'reconcile');
  // Without a key the API would compare the books with a local processor that holds nothing: every payment a false difference.
  if (config.payments.kind !== 'stripe') throw new CommandRefused('reconcile compares the books with Stripe: STRIPE_SECRET_KEY is not set');
  const logger = createLogger(config.logLevel);
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
