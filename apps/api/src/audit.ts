import { auditDatabase, connectMongo } from '@skillhouse/persistence-mongoose';
import { createLogger } from './logging/logger.ts';
import { runCommand } from './run-command.ts';

/**
 * `pnpm --filter @skillhouse/api audit`: checks every invariant of the books over the database at
 * MONGODB_URI (see docs/ledger.md), prints each violation, and exits 1 on any. Changes nothing.
 */
async function audit(): Promise<number> {
  const logger = createLogger('info');
  const uri = process.env['MONGODB_URI'];
  if (uri === undefined || uri === '') {
    logger.warn('MONGODB_URI is not set: an in-memory store lives in its server process, there is nothing to audit here');
    return 0;
  }
  const mongo = await connectMongo(uri);
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
