import { defineConfig } from 'vitest/config';

/**
 * Vitest 4 replaced workspace files with `test.projects`; this file keeps the workspace's name and
 * is passed with --config. Unit tests need nothing outside the process.
 */
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['packages/*/src/**/*.unit.test.ts', 'apps/*/src/**/*.unit.test.ts'],
          environment: 'node',
        },
      },
    ],
  },
});
