import { describe, expect, it } from 'vitest';
import { build } from 'esbuild';
import { packageOf, renamedClasses, runtimeDependencyProblem } from './bundle.ts';

const api = { name: '@skillhouse/api', dependencies: { koa: '^3.3.0', mongoose: '^8.24.10' } };

describe('packageOf', () => {
  it('names the package of a bare specifier, scoped or not, without its subpath', () => {
    expect(packageOf('koa')).toBe('koa');
    expect(packageOf('pino/file')).toBe('pino');
    expect(packageOf('@koa/router')).toBe('@koa/router');
    expect(packageOf('@asteasolutions/zod-to-openapi/dist/x')).toBe('@asteasolutions/zod-to-openapi');
  });
});

describe('runtimeDependencyProblem', () => {
  it('accepts a dependency of the API imported by the API', () => {
    expect(runtimeDependencyProblem('koa', api, api)).toBeNull();
  });

  it('accepts a dependency of a bundled package that the API declares with the same range', () => {
    const adapter = { name: '@skillhouse/persistence-mongoose', dependencies: { mongoose: '^8.24.10' } };
    expect(runtimeDependencyProblem('mongoose', adapter, api)).toBeNull();
  });

  it('refuses a package the API does not depend on, naming where it is imported', () => {
    const adapter = { name: '@skillhouse/payments-stripe', dependencies: { stripe: '^23.1.0' } };
    expect(runtimeDependencyProblem('stripe', adapter, api)).toBe(
      'stripe (imported by @skillhouse/payments-stripe) must be in the dependencies of @skillhouse/api: the bundle loads it from there',
    );
  });

  it('refuses a range that differs from the importing package, or a package it does not declare', () => {
    const newer = { name: '@skillhouse/persistence-mongoose', dependencies: { mongoose: '^9.0.0' } };
    expect(runtimeDependencyProblem('mongoose', newer, api)).toBe(
      'mongoose is ^9.0.0 in @skillhouse/persistence-mongoose but ^8.24.10 in @skillhouse/api: they must be the same range',
    );
    const undeclared = { name: '@skillhouse/in-memory' };
    expect(runtimeDependencyProblem('koa', undeclared, api)).toBe(
      'koa is not a dependency in @skillhouse/in-memory but ^3.3.0 in @skillhouse/api: they must be the same range',
    );
  });
});

describe('renamedClasses', () => {
  it('names a class esbuild renamed because two bundled modules declare a class of the same name', async () => {
    const bundled = await esbuildBundle({
      'entry.ts': "import { A } from './a.ts';\nimport { B } from './b.ts';\nconsole.log(new A(), new B());",
      'a.ts': 'class Refused extends Error {}\nexport class A { error = new Refused(); }',
      'b.ts': 'class Refused extends Error {}\nexport class B { error = new Refused(); }',
    });
    expect(renamedClasses(bundled)).toEqual(['Refused2']);
  });

  it('names none in a bundle whose classes all have names of their own, digits included', async () => {
    const bundled = await esbuildBundle({
      'entry.ts': "import { Sha256, Refused } from './a.ts';\nclass Accepted {}\nconsole.log(new Sha256(), new Refused(), new Accepted());",
      'a.ts': 'export class Sha256 {}\nexport class Refused extends Error {}',
    });
    expect(renamedClasses(bundled)).toEqual([]);
  });
});

/** Bundles the files given (`entry.ts` first) as the API's build does, and answers the code. */
async function esbuildBundle(files: Record<string, string>): Promise<string> {
  const result = await build({
    entryPoints: ['entry.ts'],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'node',
    logLevel: 'silent',
    plugins: [
      {
        name: 'files-in-memory',
        setup(bundler) {
          bundler.onResolve({ filter: /.*/ }, ({ path }) => ({ path: path.replace(/^\.\//, ''), namespace: 'memory' }));
          bundler.onLoad({ filter: /.*/, namespace: 'memory' }, ({ path }) => ({ contents: files[path] ?? '', loader: 'ts' }));
        },
      },
    ],
  });
  return result.outputFiles.map((file) => file.text).join('');
}
