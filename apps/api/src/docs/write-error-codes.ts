import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { errorCodeRows, withErrorCodeTable } from './error-catalogue.ts';

/** `pnpm docs:errors`: rewrites the table of error codes in docs/api.md from the catalogues. */
const API_DOC = fileURLToPath(new URL('../../../../docs/api.md', import.meta.url));

const current = readFileSync(API_DOC, 'utf8');
const rewritten = withErrorCodeTable(current, errorCodeRows());
if (rewritten === current) {
  process.stdout.write('docs/api.md: the error codes are up to date\n');
} else {
  writeFileSync(API_DOC, rewritten);
  process.stdout.write('docs/api.md: the error codes were rewritten\n');
}
