import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/** Every way one manifest can name another package; a cycle through any of them is a cycle. */
export const DEPENDENCY_KINDS = ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies'] as const;
export type DependencyKind = (typeof DEPENDENCY_KINDS)[number];

export interface WorkspacePackage {
  readonly name: string;
  /** Relative to the workspace root, e.g. `packages/domain`. */
  readonly dir: string;
  /** What the package is, in its manifest's words. */
  readonly description: string;
  readonly private: boolean;
  readonly dependencies: Readonly<Record<DependencyKind, readonly string[]>>;
}

/** An edge of the graph: `from` names `to` in its manifest under `kind`. */
export interface PackageEdge {
  readonly from: string;
  readonly to: string;
  readonly kind: DependencyKind;
}

interface Manifest {
  readonly name?: string;
  readonly description?: string;
  readonly private?: boolean;
  readonly [kind: string]: unknown;
}

/**
 * The folders pnpm-workspace.yaml lists. Only `dir/*` entries are understood, so a new kind of
 * entry fails here instead of leaving packages out of the graph.
 */
export function workspaceGlobs(root: string): string[] {
  const yaml = readFileSync(join(root, 'pnpm-workspace.yaml'), 'utf8');
  return yaml
    .split('\n')
    .filter((line) => line.trim().startsWith('-'))
    .map((line) => {
      const match = /^\s*-\s*['"]?([\w.-]+)\/\*['"]?\s*$/.exec(line);
      if (match?.[1] === undefined) throw new Error(`pnpm-workspace.yaml entry not understood: ${line.trim()}`);
      return match[1];
    });
}

export function readWorkspacePackages(root: string): WorkspacePackage[] {
  return workspaceGlobs(root).flatMap((parent) =>
    readdirSync(join(root, parent), { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && existsSync(join(root, parent, entry.name, 'package.json')))
      .map((entry) => {
        const dir = join(parent, entry.name);
        const manifest = JSON.parse(readFileSync(join(root, dir, 'package.json'), 'utf8')) as Manifest;
        if (manifest.name === undefined) throw new Error(`${dir}/package.json has no name`);
        if (manifest.description === undefined) throw new Error(`${dir}/package.json does not say what the package is (description)`);
        const dependencies = Object.fromEntries(
          DEPENDENCY_KINDS.map((kind) => [kind, Object.keys((manifest[kind] as Record<string, string> | undefined) ?? {})]),
        ) as Record<DependencyKind, string[]>;
        return { name: manifest.name, dir, description: manifest.description, private: manifest.private === true, dependencies };
      }),
  );
}

/** The edges between workspace packages, of every dependency kind. */
export function workspaceEdges(packages: readonly WorkspacePackage[]): PackageEdge[] {
  const names = new Set(packages.map((pkg) => pkg.name));
  return packages.flatMap((pkg) =>
    DEPENDENCY_KINDS.flatMap((kind) => pkg.dependencies[kind].filter((to) => names.has(to)).map((to) => ({ from: pkg.name, to, kind }))),
  );
}

/** One cycle as the path that closes it (`a → b → a`), or null when the graph has none. */
export function findCycle(edges: readonly PackageEdge[]): string[] | null {
  const next = new Map<string, string[]>();
  for (const { from, to } of edges) next.set(from, [...(next.get(from) ?? []), to]);
  const done = new Set<string>();
  const path: string[] = [];

  const visit = (node: string): string[] | null => {
    const open = path.indexOf(node);
    if (open !== -1) return [...path.slice(open), node];
    if (done.has(node)) return null;
    path.push(node);
    for (const to of next.get(node) ?? []) {
      const cycle = visit(to);
      if (cycle !== null) return cycle;
    }
    path.pop();
    done.add(node);
    return null;
  };

  for (const node of next.keys()) {
    const cycle = visit(node);
    if (cycle !== null) return cycle;
  }
  return null;
}

const IMPORT_SPECIFIER =
  /(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|(?:^|\n)\s*import\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (entry.name === 'node_modules') return [];
    const path = join(dir, entry.name);
    return entry.isDirectory() ? sourceFiles(path) : /\.[cm]?ts$/.test(entry.name) ? [path] : [];
  });
}

/** The package a bare specifier names (`@scope/name/sub` → `@scope/name`), or null for a relative one. */
export function packageOf(specifier: string): string | null {
  if (specifier.startsWith('.') || specifier.startsWith('/')) return null;
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? null);
}

/**
 * Every import of another workspace package, type-only imports included, as `file → package`
 * for the ones the importing package's manifest does not declare under any kind.
 */
export function undeclaredWorkspaceImports(root: string, packages: readonly WorkspacePackage[]): string[] {
  const names = new Set(packages.map((pkg) => pkg.name));
  return packages.flatMap((pkg) => {
    const declared = new Set(DEPENDENCY_KINDS.flatMap((kind) => pkg.dependencies[kind]));
    return sourceFiles(join(root, pkg.dir)).flatMap((file) =>
      [...readFileSync(file, 'utf8').matchAll(IMPORT_SPECIFIER)]
        .map((match) => packageOf(match[1] ?? match[2] ?? match[3] ?? ''))
        .filter((name): name is string => name !== null && names.has(name) && name !== pkg.name && !declared.has(name))
        .map((name) => `${relative(root, file)} → ${name}`),
    );
  });
}
