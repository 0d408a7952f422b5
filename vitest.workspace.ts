import { defineConfig } from 'vitest/config';

/**
 * Vitest 4 replaced workspace files with `test.projects`; this file keeps the workspace's name and
 * is passed with --config.
 * - unit: `*.unit.test.ts`, nothing outside the process (scripts/ holds the tests of the workspace itself,
 *   apps/NAME/scripts those of an app's build).
 * - integration: `*.int.test.ts`, against real servers that the global setup starts (FerretDB or
 *   MONGODB_URI, and stripe-mock). Files run one at a time: they share those servers.
 * - e2e: `*.e2e.test.ts` under apps/NAME/test, the API compiled once (as `pnpm build` does) and started
 *   as real processes over the same servers (and a headless chromium for its embedded checkout
 *   page). Files run one at a time.
 */
export default defineConfig({
  test: {
    reporters: ['default', './packages/test-servers/src/run-summary-reporter.ts'],
    projects: [
      {
        test: {
          name: 'unit',
          include: [
            'packages/*/src/**/*.unit.test.ts',
            'apps/*/src/**/*.unit.test.ts',
            'apps/*/scripts/**/*.unit.test.ts',
            'scripts/**/*.unit.test.ts',
          ],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'integration',
          include: ['packages/*/src/**/*.int.test.ts', 'apps/*/src/**/*.int.test.ts', 'apps/*/test/**/*.int.test.ts'],
          environment: 'node',
          globalSetup: ['packages/test-servers/src/global-setup.ts'],
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['apps/*/test/**/*.e2e.test.ts'],
          environment: 'node',
          globalSetup: [
            'packages/test-servers/src/global-setup.ts',
            'packages/test-servers/src/browser-setup.ts',
            'apps/api/test/support/compiled-api-setup.ts',
          ],
          fileParallelism: false,
          testTimeout: 180_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
