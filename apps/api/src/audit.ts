import { auditDatabase, connectMongo } from '@skillhouse/persistence-mongoose';
import { optionsOf, requireDatabase } from './command-line.ts';
import { loadConfig } from './config/config.ts';
import { createLogger } from './logging/logger.ts';
import { runCommand } from './run-command.ts';

/**
 * `pnpm --filter @skillhouse/api audit-books` (not `audit`, which is pnpm's own command): checks
 * every invariant of the books over the database at MONGODB_URI (see docs/ledger.md), prints each
 * violation, and exits 1 on any; 2, having done nothing, on an argument or without MONGODB_URI.
 * Changes nothing.
 */
async function audit(): Promise<number> {
  optionsOf(process.argv.slice(2), {});
  const { database } = loadConfig(process.env);
  requireDatabase(database, 'audit-books');
  const logger = createLogger('info');
  const mongo = await connectMongo(database.uri, database.timeouts);
  try {
    const violations = await auditDatabase(mongo.connection);
    for (const violation of violations) logger.error({ ...violation }, `${violation.rule}: ${violation.subject}: ${violation.message}`);
    logger.info({ violations: violations.length }, violations.length === 0 ? 'audit: the books hold' : 'audit: violations found');
    return violations.length === 0 ? 0 : 1;
  } finally {
    await mongo.close();
  }
}

runCommand(audit, 'audit failed');
