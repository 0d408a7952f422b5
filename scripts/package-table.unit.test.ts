import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { generatedSection } from './generated-section.ts';
import { DEPENDENCY_KINDS, readWorkspacePackages, type DependencyKind, type WorkspacePackage } from './package-graph.ts';
import { PACKAGE_TABLE, packageTable, withPackageTable } from './package-table.ts';

/**
 * docs/architecture.md's table of packages is the graph the manifests declare, so the document
 * cannot drift from the workspace: `pnpm docs:packages` rewrites it, this test fails until it has.
 */
const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const ARCHITECTURE_DOC = join(ROOT, 'docs/architecture.md');

function workspacePackage(name: string, dependencies: Partial<Record<DependencyKind, string[]>> = {}): WorkspacePackage {
  const all = Object.fromEntries(DEPENDENCY_KINDS.map((kind) => [kind, dependencies[kind] ?? []])) as Record<DependencyKind, string[]>;
  return { name: `@x/${name}`, dir: `packages/${name}`, description: `the ${name}`, private: false, dependencies: all };
}

describe('the package table', () => {
  it('lists the packages others stand on first, runtime needs apart from what only tests use', () => {
    const table = packageTable([
      workspacePackage('app', { dependencies: ['@x/adapter', 'koa', '@x/core'], devDependencies: ['@x/fixtures', 'vitest'] }),
      workspacePackage('adapter', { dependencies: ['@x/core'] }),
      workspacePackage('fixtures', { dependencies: ['@x/core'], peerDependencies: ['vitest'] }),
      workspacePackage('core'),
    ]);
    expect(table.split('\n')).toEqual([
      '| package | what it is | depends on | its tests also use |',
      '|---|---|---|---|',
      '| `packages/core` (`@x/core`) | the core | nothing | — |',
      '| `packages/adapter` (`@x/adapter`) | the adapter | core | — |',
      '| `packages/fixtures` (`@x/fixtures`) | the fixtures | core, vitest | — |',
      '| `packages/app` (`@x/app`) | the app | adapter, core, koa | fixtures, vitest |',
    ]);
  });

  it('is rewritten between its markers only, and refused where they are missing', () => {
    const packages = [workspacePackage('core')];
    const markdown = `# Doc\n\n${PACKAGE_TABLE.begin}\nstale\n${PACKAGE_TABLE.end}\n\nAfter.\n`;
    expect(withPackageTable(markdown, packages)).toBe(
      `# Doc\n\n${PACKAGE_TABLE.begin}\n${packageTable(packages)}\n${PACKAGE_TABLE.end}\n\nAfter.\n`,
    );
    expect(generatedSection('# Doc without markers', PACKAGE_TABLE)).toBeNull();
    expect(() => withPackageTable('# Doc without markers', packages)).toThrow('are missing');
  });

  it('in docs/architecture.md is the workspace as its manifests declare it (`pnpm docs:packages` rewrites it)', () => {
    const section = generatedSection(readFileSync(ARCHITECTURE_DOC, 'utf8'), PACKAGE_TABLE);
    expect(section).toBe(packageTable(readWorkspacePackages(ROOT)));
  });
});
