import { cpSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Metafile, type Plugin } from 'esbuild';
import { inputsOutsideEntryFiles, loadedAtStart, renamedErrorClasses } from './bundle-checks.ts';
import { isInNodeModules, withPackagesMappedByLine, type SourceMapFile } from './package-mappings.ts';

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
/**
 * npm packages node loads from `apps/api/node_modules` when the API runs; every other one is compiled
 * into the bundle. Node loading and resolving a package one module file at a time was a large part
 * of the API's start (inversify, in many small files, 174 ms of about a second; performance.md,
 * "Repair and start-up"). Left out:
 * - a package loaded on demand: its load is no part of the start, and `loadedAtStart` checks it stays so;
 * - pino: a transport, should one be configured (none is: logging/logger.ts), starts a worker from
 *   files beside pino's own modules;
 * - mongoose, with the MongoDB driver it loads: compiled in, a dozen of their error classes would
 *   take other names (`MongoServerError2`), and the API's logs and its outage checks meet them.
 */
const LOADED_FROM_NODE_MODULES = [...LOADED_ON_DEMAND, 'pino', 'mongoose'];
/**
 * CommonJS packages compiled into an ES module still `require` Node's built-ins, and an ES module has
 * no `require`: each output file gets its own.
 */
const REQUIRE_FOR_COMMONJS =
  "import { createRequire as createRequireForCommonJs } from 'node:module'; const require = createRequireForCommonJs(import.meta.url);";
/**
 * Error classes of npm packages the build lets esbuild rename (`renamedErrorClasses`): inversify's
 * two, which refer to their own class and so compile under an inner name. They are thrown only by a
 * wrong composition, at start, and set no field from their name.
 */
const RENAMES_ACCEPTED = ['_InversifyCoreError', '_InversifyContainerError'];
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
 * Why the bundle could not hold `dependency`, imported by the workspace package `importer`, or null
 * when it can. The API must depend on it, with the importer's range: node loads a package left out of
 * the bundle from the API's own node_modules, and a package compiled in must be one version across
 * the bundle, the one each importer is tested with.
 */
export function runtimeDependencyProblem(dependency: string, importer: Manifest, api: Manifest): string | null {
  const apiRange = api.dependencies?.[dependency];
  if (apiRange === undefined) {
    return `${dependency} (imported by ${importer.name}) must be in the dependencies of ${api.name}`;
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

/**
 * Checks each npm package a workspace package imports against the API's dependencies, and leaves
 * those of `LOADED_FROM_NODE_MODULES` to node_modules, whoever imports them; esbuild resolves and
 * compiles in the rest.
 */
function npmPackages(api: Manifest): Plugin {
  return {
    name: 'npm-packages',
    setup(bundler) {
      bundler.onResolve({ filter: /^[^./]/ }, ({ path, importer }) => {
        if (isBuiltin(path) || path.startsWith(WORKSPACE_SCOPE)) return undefined;
        const dependency = packageOf(path);
        if (!isInNodeModules(importer)) {
          const problem = runtimeDependencyProblem(dependency, readManifest(packageDirOf(importer)), api);
          if (problem !== null) return { errors: [{ text: problem }] };
        }
        return LOADED_FROM_NODE_MODULES.includes(dependency) ? { external: true } : undefined;
      });
    },
  };
}

/**
 * Compiles the API into `dist/`: an ES module per entry point (`main.js`, `recover.js`, `audit.js`,
 * `reconcile.js`) over the chunks they share (`dist/chunks/`) of the API, the workspace packages and
 * the npm packages not loaded from node_modules (`LOADED_FROM_NODE_MODULES`), so
 * production runs plain JavaScript with no TypeScript loader, and the console's static files beside
 * them. What an entry point imports dynamically (an adapter loaded only when configured) is a chunk of
 * its own. Types are not checked here (`pnpm typecheck` does that).
 *
 * Each file has a source map, in which the npm packages' code is mapped by line
 * (`withPackagesMappedByLine`: node keeps a map decoded once a stack trace has passed through it).
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
    banner: { js: REQUIRE_FOR_COMMONJS },
    plugins: [npmPackages(readManifest(API_PACKAGE_DIR))],
  });
  const problems = buildProblems(metafile);
  if (problems.length > 0) {
    rmSync(DIST_DIR, { recursive: true, force: true });
    throw new Error(`the build is not usable:\n${problems.join('\n')}`);
  }
  for (const path of Object.keys(metafile.outputs).filter((output) => output.endsWith('.map'))) {
    const file = join(API_PACKAGE_DIR, path);
    writeFileSync(file, JSON.stringify(withPackagesMappedByLine(JSON.parse(readFileSync(file, 'utf8')) as SourceMapFile)));
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
    .filter((path) => /\.[cm]?[jt]s$/.test(path))
    .map(read);
  const renamed = renamedErrorClasses(outputs, sources).filter((name) => !RENAMES_ACCEPTED.includes(name));
  return [
    ...renamed.map(
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
