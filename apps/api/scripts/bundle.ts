import { cpSync, existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'esbuild';

export const API_PACKAGE_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const DIST_DIR = join(API_PACKAGE_DIR, 'dist');
/**
 * What production runs: `node dist/main.js` (the API), `node dist/recover.js` (the recovery command),
 * `node dist/audit.js` (the audit) and `node dist/reconcile.js` (the reconciliation).
 */
export const DIST_MAIN = join(DIST_DIR, 'main.js');
const ENTRY_POINTS = ['src/main.ts', 'src/recover.ts', 'src/audit.ts', 'src/reconcile.ts'];
/** The operators' console's static files, served as they are: the bundle's code looks for them beside itself. */
const CONSOLE_ASSETS = 'src/console/assets';
const WORKSPACE_SCOPE = '@skillhouse/';

export interface Manifest {
  readonly name: string;
  readonly dependencies?: Readonly<Record<string, string>>;
}

/** The package a bare specifier names: `@scope/name/sub` → `@scope/name`, `pino/file` → `pino`. */
export function packageOf(specifier: string): string {
  const parts = specifier.split('/');
  return (specifier.startsWith('@') ? parts.slice(0, 2) : parts.slice(0, 1)).join('/');
}

/**
 * Why the bundle could not load `dependency`, imported by the package `importer`, or null when it
 * can. The bundle leaves npm packages out and node loads them from the API's own node_modules, so
 * the API must depend on each of them, and with the importer's range: otherwise production would
 * run another version than the one the importer is tested with.
 */
export function runtimeDependencyProblem(dependency: string, importer: Manifest, api: Manifest): string | null {
  const apiRange = api.dependencies?.[dependency];
  if (apiRange === undefined) {
    return `${dependency} (imported by ${importer.name}) must be in the dependencies of ${api.name}: the bundle loads it from there`;
  }
  if (importer.name === api.name) return null;
  const importerRange = importer.dependencies?.[dependency];
  if (importerRange !== apiRange) {
    return `${dependency} is ${importerRange ?? 'not a dependency'} in ${importer.name} but ${apiRange} in ${api.name}: they must be the same range`;
  }
  return null;
}

function readManifest(packageDir: string): Manifest {
  return JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as Manifest;
}

function packageDirOf(file: string): string {
  let dir = dirname(file);
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`${file} is in no package`);
    dir = parent;
  }
  return dir;
}

/** Bundles the workspace's own packages (TypeScript sources) and leaves npm packages to node_modules. */
function npmPackagesExternal(api: Manifest): Plugin {
  return {
    name: 'npm-packages-external',
    setup(bundler) {
      bundler.onResolve({ filter: /^[^./]/ }, ({ path, importer }) => {
        if (isBuiltin(path) || path.startsWith(WORKSPACE_SCOPE)) return undefined;
        const problem = runtimeDependencyProblem(packageOf(path), readManifest(packageDirOf(importer)), api);
        return problem === null ? { external: true } : { errors: [{ text: problem }] };
      });
    },
  };
}

/**
 * The classes esbuild renamed in `bundled` because another class of the bundle has their name
 * (`Foo` and `Foo2`): an error class's name is how its errors are logged (`new.target.name`). A
 * class named as another with digits after it is reported too: the bundle alone cannot tell them apart.
 */
export function renamedClasses(bundled: string): string[] {
  const declared = new Set(
    [...bundled.matchAll(/\bclass\s+([A-Za-z_$][\w$]*)|\b([A-Za-z_$][\w$]*)\s*=\s*class\b/g)].map(([, a, b]) => a ?? b ?? ''),
  );
  return [...declared].filter((name) => {
    const base = /^(.*\D)\d+$/.exec(name)?.[1];
    return base !== undefined && declared.has(base);
  });
}

/**
 * Compiles the API into `dist/`: one ES module per entry point holding the API and the workspace
 * packages it uses, so production runs plain JavaScript with no TypeScript loader, and the
 * console's static files beside them. Types are not checked here (`pnpm typecheck` does that).
 *
 * Names are not kept (esbuild's `keepNames`): it wraps every function the code creates in a call
 * that redefines its `name`, which cost the domain about 5 % of its CPU a use case (performance.md).
 * A name changes only where esbuild renames a declaration that collides with another; for classes,
 * whose names the logs show, the build fails instead.
 */
export async function bundleApi(): Promise<void> {
  rmSync(DIST_DIR, { recursive: true, force: true });
  await build({
    absWorkingDir: API_PACKAGE_DIR,
    entryPoints: ENTRY_POINTS,
    outdir: DIST_DIR,
    outbase: 'src',
    bundle: true,
    platform: 'node',
    format: 'esm',
    // Modules imported dynamically (an adapter loaded only when configured) go into chunks of their own.
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    target: 'node20.19',
    sourcemap: 'linked',
    logLevel: 'warning',
    plugins: [npmPackagesExternal(readManifest(API_PACKAGE_DIR))],
  });
  const bundled = readdirSync(DIST_DIR, { recursive: true, encoding: 'utf8' }).filter((name) => name.endsWith('.js'));
  for (const file of bundled) {
    const renamed = renamedClasses(readFileSync(join(DIST_DIR, file), 'utf8'));
    if (renamed.length > 0)
      throw new Error(`${file}: esbuild renamed the classes ${renamed.join(', ')}, each sharing its name with another class: rename one`);
  }
  cpSync(join(API_PACKAGE_DIR, CONSOLE_ASSETS), join(DIST_DIR, 'assets'), { recursive: true });
}
