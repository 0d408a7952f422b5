// @ts-check
/**
 * The package boundaries of the hexagon, checked on every import (type-only ones too) by
 * `pnpm lint`. Test code is the tests themselves (`*.test.ts`), their support (`*.test-support.ts`,
 * `testing/` folders, `apps/NAME/test/`) and the test-only packages.
 */
const TEST_CODE = [
  '[.]test[.]ts$',
  '[.]test-support[.]ts$',
  '/testing/',
  '^apps/[^/]+/test/',
  // The benchmark is tooling, like the tests: it starts the test servers and drives the API from outside.
  '^packages/(domain-testing|port-conformance|test-servers|bench)/',
];
const ADAPTERS = '(in-memory|persistence-mongoose|payments-stripe|media-cloudinary|system-clock-and-ids)';
const TEST_SUPPORT = [
  '[.]test-support[.]ts$',
  '/testing/',
  // The benchmark is tooling, like the tests: it starts the test servers and drives the API from outside.
  '^packages/(domain-testing|port-conformance|test-servers|bench)/',
  '(^|/)node_modules/(vitest|fast-check|@vitest/[^/]+)/',
];

/** @type {import('dependency-cruiser').IConfiguration} */
export default {
  forbidden: [
    {
      name: 'domain-imports-only-itself',
      comment: 'The domain is pure: no node: module, no library, no other workspace package, so nothing with I/O or a framework creeps in.',
      severity: 'error',
      from: { path: '^packages/domain/', pathNot: TEST_CODE },
      to: { pathNot: '^packages/domain/' },
    },
    {
      name: 'domain-tests-import-only-test-tools',
      comment: 'The domain tests test pure code: beside the domain they may use only the test tools and node: modules.',
      severity: 'error',
      from: { path: '^packages/domain/.+[.]test[.]ts$' },
      to: { pathNot: ['^packages/domain/', '(^|/)node_modules/(vitest|fast-check|@vitest/[^/]+)/'], dependencyTypesNot: ['core'] },
    },
    {
      name: 'adapter-imports-no-other-adapter-or-app',
      comment:
        'An adapter implements ports of the domain and stands alone; only the app composes adapters. ' +
        'Tests may compose them (the Mongo world runs on the in-memory payment processor).',
      severity: 'error',
      from: { path: `^packages/${ADAPTERS}/`, pathNot: TEST_CODE },
      to: { path: [`^packages/${ADAPTERS}/`, '^apps/'], pathNot: '^packages/$1/' },
    },
    {
      name: 'production-imports-no-test-support',
      comment: 'Test support (fixtures, fakes, vitest, fast-check) never ships: only test code may import it.',
      severity: 'error',
      from: { path: '^(packages|apps)/', pathNot: TEST_CODE },
      to: { path: TEST_SUPPORT },
    },
    {
      name: 'no-circular',
      comment: 'Modules of a package form no cycle (packages cannot: scripts/package-graph.unit.test.ts), so each can be read bottom-up.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'no-unresolvable',
      comment: 'An import the cruiser cannot resolve is one no rule above could judge.',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: '(^|/)node_modules/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.js', '.mjs', '.cjs', '.json', '.d.ts'],
    },
  },
};
