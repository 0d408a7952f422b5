import { describe, expect, it } from 'vitest';
import { packageOf, runtimeDependencyProblem } from './bundle.ts';

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
      'stripe (imported by @skillhouse/payments-stripe) must be in the dependencies of @skillhouse/api',
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
