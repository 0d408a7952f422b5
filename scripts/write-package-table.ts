import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readWorkspacePackages } from './package-graph.ts';
import { packageTable, withPackageTable } from './package-table.ts';

/** `pnpm docs:packages`: prints the workspace's package graph as a table and rewrites that table in docs/architecture.md. */
const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const ARCHITECTURE_DOC = join(ROOT, 'docs/architecture.md');

const packages = readWorkspacePackages(ROOT);
process.stdout.write(`${packageTable(packages)}\n\n`);
const current = readFileSync(ARCHITECTURE_DOC, 'utf8');
const rewritten = withPackageTable(current, packages);
if (rewritten === current) {
  process.stdout.write('docs/architecture.md: the package table is up to date\n');
} else {
  writeFileSync(ARCHITECTURE_DOC, rewritten);
  process.stdout.write('docs/architecture.md: the package table was rewritten\n');
}
