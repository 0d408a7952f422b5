import { build, type Metafile } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { inputsOutsideEntryFiles, loadedAtStart, renamedErrorClasses } from './bundle-checks.ts';

interface Compiled {
  readonly outputs: string[];
  readonly sources: string[];
  readonly metafile: Metafile;
}

/** Compiles `files` as the API's build does (bundled, split, ES modules, `lazy-sdk` left to node_modules), in memory. */
async function compile(files: Record<string, string>, entryPoints: string[]): Promise<Compiled> {
  const result = await build({
    entryPoints,
    outdir: 'out',
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    write: false,
    metafile: true,
    external: ['lazy-sdk'],
    logLevel: 'silent',
    plugins: [
      {
        name: 'files-in-memory',
        setup(bundler) {
          bundler.onResolve({ filter: /^(\.\/)?[\w-]+\.ts$/ }, ({ path }) => ({ path: path.replace(/^\.\//, ''), namespace: 'memory' }));
          bundler.onLoad({ filter: /.*/, namespace: 'memory' }, ({ path }) => ({ contents: files[path] ?? '', loader: 'ts' }));
        },
      },
    ],
  });
  return { outputs: result.outputFiles.map((file) => file.text), sources: Object.values(files), metafile: result.metafile };
}

/** How the metafile names an entry point of `compile`: in the namespace its files are loaded from. */
function entryName(file: string): string {
  return `memory:${file}`;
}

async function renamedIn(files: Record<string, string>, entryPoints = ['entry.ts']): Promise<string[]> {
  const { outputs, sources } = await compile(files, entryPoints);
  return renamedErrorClasses(outputs, sources);
}

describe('renamedErrorClasses', () => {
  it('names an error class renamed because another module of the bundle declares a class of the same name', async () => {
    const renamed = await renamedIn({
      'entry.ts': "import { A } from './a.ts';\nimport { B } from './b.ts';\nconsole.log(new A(), new B());",
      'a.ts': 'class Refused extends Error {}\nexport class A { error = new Refused(); }',
      'b.ts': 'class Refused extends Error {}\nexport class B { error = new Refused(); }',
    });
    expect(renamed).toEqual(['Refused2']);
  });

  it('names an error class renamed in one chunk because another chunk it imports has a class of the same name', async () => {
    const shared = 'export class Refused extends Error {}';
    const entry = (other: string) =>
      `import { Refused as Shared } from './shared.ts';\nclass Refused extends Shared {}\nconsole.log(new Refused(), '${other}');`;
    const renamed = await renamedIn({ 'a.ts': entry('a'), 'b.ts': entry('b'), 'shared.ts': shared }, ['a.ts', 'b.ts']);
    expect(renamed).toEqual(['Refused2', 'Refused2']);
  });

  it('names an error class that refers to itself, which esbuild compiles under an inner name', async () => {
    const renamed = await renamedIn({
      'entry.ts':
        'class Refused extends Error { static is(error: unknown) { return error instanceof Refused; } }\nconsole.log(Refused.is(null));',
    });
    expect(renamed).toEqual(['_Refused']);
  });

  it('reads a class whose name begins with a dollar sign by its whole name', async () => {
    const renamed = await renamedIn({ 'entry.ts': 'class $Refused extends Error {}\nconsole.log(new $Refused());' });
    expect(renamed).toEqual([]);
  });

  it('names none when every error class keeps its name, whatever happens to other classes', async () => {
    const renamed = await renamedIn({
      'entry.ts': [
        "import { Store } from './store.ts';",
        'class Refused extends Error {}',
        'class Sha256 {}',
        'class Store2 { static open() { return new Store2(); } }',
        'console.log(new Refused(), new Sha256(), Store.open(), Store2.open());',
      ].join('\n'),
      'store.ts': 'export class Store { static open() { return new Store(); } }',
    });
    expect(renamed).toEqual([]);
  });
});

describe('loadedAtStart', () => {
  it('names a package an entry point imports statically, through a chunk it shares or not', async () => {
    const { metafile } = await compile(
      {
        'a.ts': "import { sdk } from './shared.ts';\nconsole.log(sdk);",
        'b.ts': "import { sdk } from './shared.ts';\nconsole.log(sdk, 'b');",
        'shared.ts': "export { sdk } from 'lazy-sdk';",
      },
      ['a.ts', 'b.ts'],
    );
    expect(loadedAtStart(metafile, [entryName('a.ts')], ['lazy-sdk', 'other-sdk'])).toEqual(['lazy-sdk']);
  });

  it('names none when only a dynamic import reaches it', async () => {
    const { metafile } = await compile(
      {
        'entry.ts': "if (process.env.SDK) console.log((await import('./adapter.ts')).sdk);",
        'adapter.ts': "export { sdk } from 'lazy-sdk';",
      },
      ['entry.ts'],
    );
    expect(loadedAtStart(metafile, [entryName('entry.ts')], ['lazy-sdk'])).toEqual([]);
  });
});

describe('inputsOutsideEntryFiles', () => {
  it('names a module two entry points share, which goes into a chunk, and not one only an entry point holds', async () => {
    const { metafile } = await compile(
      {
        'a.ts': "import { page } from './page.ts';\nconsole.log(page, 'a');",
        'b.ts': "import { page } from './page.ts';\nconsole.log(page, 'b');",
        'page.ts': "export const page = new URL('./assets/', import.meta.url);",
      },
      ['a.ts', 'b.ts'],
    );
    expect(inputsOutsideEntryFiles(metafile, [entryName('a.ts'), entryName('b.ts')], [entryName('page.ts'), entryName('a.ts')])).toEqual([
      entryName('page.ts'),
    ]);
  });
});
