import { basename } from 'node:path';
import { withGeneratedSection, type SectionMarkers } from './generated-section.ts';
import { DEPENDENCY_KINDS, workspaceEdges, type DependencyKind, type WorkspacePackage } from './package-graph.ts';

/** What a package needs to run, and what only its tests add (devDependencies). */
const RUNTIME_KINDS: readonly DependencyKind[] = ['dependencies', 'peerDependencies', 'optionalDependencies'];
const TEST_ONLY_KINDS: readonly DependencyKind[] = DEPENDENCY_KINDS.filter((kind) => !RUNTIME_KINDS.includes(kind));

export const PACKAGE_TABLE: SectionMarkers = {
  begin: '<!-- package table: generated from the manifests by `pnpm docs:packages`; a unit test checks it -->',
  end: '<!-- end of package table -->',
};

/**
 * How far each package stands from the packages that need no other: 0 for those, else one more than
 * its deepest workspace dependency of any kind. The graph has no cycle (package-graph.unit.test.ts).
 */
function depths(packages: readonly WorkspacePackage[]): Map<string, number> {
  const edges = workspaceEdges(packages);
  const depth = new Map<string, number>();
  const depthOf = (name: string): number => {
    const known = depth.get(name);
    if (known !== undefined) return known;
    const found = Math.max(-1, ...edges.filter((edge) => edge.from === name).map((edge) => depthOf(edge.to))) + 1;
    depth.set(name, found);
    return found;
  };
  for (const pkg of packages) depthOf(pkg.name);
  return depth;
}

/** The dependencies of `kinds`: workspace packages by folder name first, then libraries, each once. */
function dependencyList(pkg: WorkspacePackage, kinds: readonly DependencyKind[], dirByName: ReadonlyMap<string, string>): string[] {
  const names = [...new Set(kinds.flatMap((kind) => pkg.dependencies[kind]))];
  const workspace = names.flatMap((name) => {
    const dir = dirByName.get(name);
    return dir === undefined ? [] : [basename(dir)];
  });
  return [...workspace.sort(), ...names.filter((name) => !dirByName.has(name)).sort()];
}

/** The workspace's packages as a markdown table, the ones the others stand on first. */
export function packageTable(packages: readonly WorkspacePackage[]): string {
  const depth = depths(packages);
  const dirByName = new Map(packages.map((pkg) => [pkg.name, pkg.dir]));
  const rows = [...packages]
    .sort((a, b) => (depth.get(a.name) ?? 0) - (depth.get(b.name) ?? 0) || a.dir.localeCompare(b.dir))
    .map((pkg) => {
      const runtime = dependencyList(pkg, RUNTIME_KINDS, dirByName);
      const testOnly = dependencyList(pkg, TEST_ONLY_KINDS, dirByName);
      const cells = [
        `\`${pkg.dir}\` (\`${pkg.name}\`)`,
        pkg.description,
        runtime.length === 0 ? 'nothing' : runtime.join(', '),
        testOnly.length === 0 ? '—' : testOnly.join(', '),
      ];
      return `| ${cells.join(' | ')} |`;
    });
  return ['| package | what it is | depends on | its tests also use |', '|---|---|---|---|', ...rows].join('\n');
}

/** `markdown` with its package table rewritten from `packages`. */
export function withPackageTable(markdown: string, packages: readonly WorkspacePackage[]): string {
  return withGeneratedSection(markdown, PACKAGE_TABLE, packageTable(packages));
}
