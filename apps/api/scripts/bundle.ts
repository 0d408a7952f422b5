import { cpSync, existsSync, readFileSync, rmSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Metafile, type Plugin } from 'esbuild';
import { inputsOutsideEntryFiles, loadedAtStart, renamedErrorClasses } from './bundle-checks.ts';

export const API_PACKAGE_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const DIST_DIR = join(API_PACKAGE_DIR, 'dist');
/**
 * What production runs: `node dist/main.js` (the API, with the flags of the package's `start`
 * script), `node dist/recover.js` (the recovery command), `node dist/audit.js` (the audit) and
 * `node dist/reconcile.js` (the reconciliation).
 */
export const DIST_MAIN = join(DIST_DIR, 'main.js');
const ENTRY_POINTS = ['src/main.ts', 'src/recover.ts', 'src/audit.ts', 'src/reconcile.ts'];
/** The operators' console's static files, served as they are: the bundle's code looks for them beside itself. */
const CONSOLE_ASSETS = 'src/console/assets';
const WORKSPACE_SCOPE = '@skillhouse/';
/** npm packages the API loads only when their adapter is configured (composition/container.ts). */
const LOADED_ON_DEMAND = ['cloudinary'];
/** Modules that find their files beside the entry point's file (the console's assets, copied into dist/). */
const BESIDE_THEIR_FILES = ['src/console/console-routes.ts'];

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
 * Compiles the API into `dist/`: an ES module per entry point (`main.js`, `recover.js`, `audit.js`,
 * `reconcile.js`) over chunks of the API and the workspace packages they share (`dist/chunks/`), so
 * production runs plain JavaScript with no TypeScript loader, and the console's static files beside
 * them. What an entry point imports dynamically (an adapter loaded only when configured) is a chunk of
 * its own. Types are not checked here (`pnpm typecheck` does that).
 *
 * Names are not kept (esbuild's `keepNames`): it wraps every function the code creates in a call
 * that redefines its `name`, which cost the domain about 5 % of its CPU a use case (performance.md).
 * A name changes only where esbuild renames a declaration; for error classes, whose names the logs
 * show, the build fails instead (`renamedErrorClasses`), as it does when a package meant to load on
 * demand is loaded at start (`loadedAtStart`), or when a module that finds its files beside it leaves
 * its entry point's file (`inputsOutsideEntryFiles`).
 */
export async function bundleApi(): Promise<void> {
  rmSync(DIST_DIR, { recursive: true, force: true });
  const { metafile } = await build({
    absWorkingDir: API_PACKAGE_DIR,
    entryPoints: ENTRY_POINTS,
    outdir: DIST_DIR,
    outbase: 'src',
    bundle: true,
    platform: 'node',
    format: 'esm',
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    target: 'node20.19',
    sourcemap: 'linked',
    metafile: true,
    logLevel: 'warning',
    plugins: [npmPackagesExternal(readManifest(API_PACKAGE_DIR))],
  });
  const problems = buildProblems(metafile);
  if (problems.length > 0) {
    rmSync(DIST_DIR, { recursive: true, force: true });
    throw new Error(`the build is not usable:\n${problems.join('\n')}`);
  }
  cpSync(join(API_PACKAGE_DIR, CONSOLE_ASSETS), join(DIST_DIR, 'assets'), { recursive: true });
}

/** What the checks of the compiled files find wrong, from the build's own account of its inputs and outputs. */
function buildProblems(metafile: Metafile): string[] {
  const read = (path: string) => readFileSync(join(API_PACKAGE_DIR, path), 'utf8');
  const outputs = Object.keys(metafile.outputs)
    .filter((path) => path.endsWith('.js'))
    .map(read);
  const sources = Object.keys(metafile.inputs)
    .filter((path) => path.endsWith('.ts'))
    .map(read);
  return [
    ...renamedErrorClasses(outputs, sources).map(
      (name) =>
        `esbuild renamed an error class to ${name} (a collision with another declaration, or a class that refers to itself): rename it, or refer to it otherwise`,
    ),
    ...loadedAtStart(metafile, ENTRY_POINTS, LOADED_ON_DEMAND).map(
      (name) => `${name} is imported at start-up: only its adapter's dynamic import may load it`,
    ),
    ...inputsOutsideEntryFiles(metafile, ENTRY_POINTS, BESIDE_THEIR_FILES).map(
      (input) => `${input} went into a chunk, not its entry point's file: it would not find its files there`,
    ),
  ];
}
