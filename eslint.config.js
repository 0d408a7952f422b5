// @ts-check
import eslint from '@eslint/js';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';

/**
 * Every package and app, tests included, on ESLint's recommended rules and typescript-eslint's
 * strict and stylistic type-checked sets. The package boundaries are dependency-cruiser's job
 * (.dependency-cruiser.mjs); formatting is Prettier's (`pnpm format`).
 */

/** Test code: the tests themselves, their support files and folders, and the test-only packages. */
const TEST_FILES = [
  '**/*.test.ts',
  '**/*.test-support.ts',
  '**/testing/**',
  'apps/*/test/**',
  'packages/domain-testing/**',
  'packages/port-conformance/**',
  'packages/test-servers/**',
  'packages/bench/**',
];

export default defineConfig(
  { ignores: ['**/node_modules/', '.tools/', '**/dist/'] },
  eslint.configs.recommended,
  tseslint.configs.strictTypeChecked,
  tseslint.configs.stylisticTypeChecked,
  {
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    languageOptions: {
      parserOptions: { projectService: { allowDefaultProject: ['*.js', '.dependency-cruiser.mjs'] }, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // Amounts, counts and limits go into messages as plain numbers; anything else (a nullable, an object) is shown on purpose.
      '@typescript-eslint/restrict-template-expressions': [
        'error',
        { allowNumber: true, allowAny: false, allowBoolean: false, allowNullish: false, allowRegExp: false, allowNever: false },
      ],
      // `(done) => server.close(done)` hands a callback on; its value is never read.
      '@typescript-eslint/no-confusing-void-expression': ['error', { ignoreArrowShorthand: true }],
      // `const { id: _id, ...fields } = document` is how a field is left out of a copy.
      '@typescript-eslint/no-unused-vars': ['error', { ignoreRestSiblings: true }],
      // Brackets mark a key of an index signature, which may be absent (`process.env['CI']`); dots, a declared property.
      '@typescript-eslint/dot-notation': 'off',
      // Adapters and handlers implement Promise-returning ports: `async` without `await` makes a throw a rejection, as callers expect.
      '@typescript-eslint/require-await': 'off',
      // A caught error is passed on as it came, like `throw error` in a catch.
      '@typescript-eslint/prefer-promise-reject-errors': ['error', { allowThrowingUnknown: true }],
      // Dates are values: the system clock answers every read within one millisecond with the same Date (system-clock.ts).
      'no-restricted-syntax': [
        'error',
        {
          selector:
            'CallExpression > MemberExpression.callee[property.name=/^set(UTC)?(FullYear|Year|Month|Date|Hours|Minutes|Seconds|Milliseconds|Time)$/]',
          message: 'Dates are values here: make a new Date rather than set one (the system clock shares a Date between reads).',
        },
      ],
    },
  },
  {
    // The operators' console's script runs in the browser as it is (no build): plain JavaScript, linted without types.
    files: ['apps/api/src/console/assets/*.js'],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: {
      sourceType: 'module',
      globals: Object.fromEntries(
        ['document', 'location', 'sessionStorage', 'fetch', 'atob', 'URLSearchParams', 'Intl', 'queueMicrotask'].map((name) => [
          name,
          'readonly',
        ]),
      ),
    },
  },
  {
    files: ['packages/persistence-mongoose/src/models.ts'],
    rules: {
      // Mongoose types a schema's field options as classes (SchemaTypeOptions) that are written as object literals.
      '@typescript-eslint/no-unsafe-class-instance-assignment': 'off',
    },
  },
  {
    files: TEST_FILES,
    rules: {
      // `rows[0]!` where the test knows there is one: if it is wrong, the test fails right there, which a guard would only delay.
      '@typescript-eslint/no-non-null-assertion': 'off',
      // Response bodies are JSON with no static type; the expectations on them are what check their shape.
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      // Test helpers hand a response body back as the type the test names: a cast on purpose, which its expectations check.
      '@typescript-eslint/no-unnecessary-type-parameters': 'off',
      // A variable set in beforeAll is still unset in afterAll when the setup failed, which its type cannot say.
      '@typescript-eslint/no-unnecessary-condition': 'off',
      '@typescript-eslint/restrict-template-expressions': [
        'error',
        { allowNumber: true, allowAny: true, allowBoolean: false, allowNullish: false, allowRegExp: false, allowNever: false },
      ],
    },
  },
);
