import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  findCycle,
  packageOf,
  readWorkspacePackages,
  undeclaredWorkspaceImports,
  workspaceEdges,
  type PackageEdge,
} from './package-graph.ts';

/**
 * The workspace's packages form a graph with no cycle, whatever kind of dependency an edge is: a
 * cycle through a devDependency still means neither package can be built, tested or understood
 * without the other. Imports of workspace packages (type-only ones too) must be declared, so the
 * manifests are the whole graph. Test support stays out of what production code depends on.
 */
const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const TEST_SUPPORT_PACKAGES = ['@skillhouse/domain-testing', '@skillhouse/port-conformance', '@skillhouse/test-servers'];

const packages = readWorkspacePackages(ROOT);
const edges = workspaceEdges(packages);

function edge(from: string, to: string): PackageEdge {
  return { from, to, kind: 'dependencies' };
}

describe('the workspace package graph', () => {
  it('reads every package and the edges between them', () => {
    const names = packages.map((pkg) => pkg.name);
    expect(names).toEqual(expect.arrayContaining(['@skillhouse/domain', '@skillhouse/api', ...TEST_SUPPORT_PACKAGES]));
    expect(edges).toContainEqual({ from: '@skillhouse/api', to: '@skillhouse/domain', kind: 'dependencies' });
    expect(edges).toContainEqual({ from: '@skillhouse/persistence-mongoose', to: '@skillhouse/port-conformance', kind: 'devDependencies' });
  });

  it('finds a cycle when there is one, and none in a graph without', () => {
    expect(findCycle([edge('a', 'b'), edge('b', 'c'), edge('c', 'a')])).toEqual(['a', 'b', 'c', 'a']);
    expect(findCycle([edge('a', 'b'), edge('b', 'b')])).toEqual(['b', 'b']);
    expect(findCycle([edge('a', 'b'), edge('a', 'c'), edge('b', 'd'), edge('c', 'd')])).toBeNull();
  });

  it('has no cycle through any kind of dependency', () => {
    expect(findCycle(edges)).toBeNull();
  });

  it('declares every workspace package its code imports, type-only imports included', () => {
    expect(packageOf('@skillhouse/domain/sub')).toBe('@skillhouse/domain');
    expect(packageOf('./local.ts')).toBeNull();
    expect(undeclaredWorkspaceImports(ROOT, packages)).toEqual([]);
  });

  it('keeps test support out of the runtime dependencies of every other package', () => {
    const testSupport = packages.filter((pkg) => TEST_SUPPORT_PACKAGES.includes(pkg.name));
    expect(testSupport.map((pkg) => [pkg.name, pkg.private]).sort()).toEqual(TEST_SUPPORT_PACKAGES.map((name) => [name, true]).sort());
    const offending = edges.filter(
      (e) => !TEST_SUPPORT_PACKAGES.includes(e.from) && TEST_SUPPORT_PACKAGES.includes(e.to) && e.kind !== 'devDependencies',
    );
    expect(offending).toEqual([]);
  });
});
