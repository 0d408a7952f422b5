import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * The domain is the library other services import and the core every adapter depends on: it must
 * import nothing outside itself, so no framework, driver or I/O module can creep in. Its tests test
 * pure code and may use only the test tools: tests that need adapters live in
 * @skillhouse/domain-testing, as the adapters depend on the domain.
 */
const SOURCE_DIR = dirname(fileURLToPath(import.meta.url));
const TEST_FILE_SUFFIX = '.unit.test.ts';
const TEST_IMPORTS_ALLOWED = new Set(['vitest', 'fast-check', 'node:fs', 'node:path', 'node:url']);
const IMPORT_SPECIFIER = /(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sourceFiles(join(dir, entry.name)) : entry.name.endsWith('.ts') ? [join(dir, entry.name)] : [],
  );
}

function importsOf(file: string): string[] {
  return [...readFileSync(file, 'utf8').matchAll(IMPORT_SPECIFIER)].map((match) => match[1] ?? match[2] ?? '');
}

describe('the domain package boundary', () => {
  it('production modules import only other domain modules', () => {
    const outside = sourceFiles(SOURCE_DIR)
      .filter((file) => !file.endsWith(TEST_FILE_SUFFIX))
      .flatMap((file) =>
        importsOf(file)
          .filter((specifier) => !specifier.startsWith('.'))
          .map((specifier) => `${relative(SOURCE_DIR, file)} → ${specifier}`),
      );
    expect(outside).toEqual([]);
  });

  it('tests import only the test tools from outside', () => {
    const outside = sourceFiles(SOURCE_DIR)
      .filter((file) => file.endsWith(TEST_FILE_SUFFIX))
      .flatMap((file) =>
        importsOf(file)
          .filter((specifier) => !specifier.startsWith('.') && !TEST_IMPORTS_ALLOWED.has(specifier))
          .map((specifier) => `${relative(SOURCE_DIR, file)} → ${specifier}`),
      );
    expect(outside).toEqual([]);
  });

  it('has no runtime dependencies', () => {
    const manifest = JSON.parse(readFileSync(join(SOURCE_DIR, '../package.json'), 'utf8')) as { dependencies?: Record<string, string> };
    expect(Object.keys(manifest.dependencies ?? {})).toEqual([]);
  });

  it('the import scan sees imports (so an empty result above means something)', () => {
    expect(importsOf(join(SOURCE_DIR, 'index.ts')).length).toBeGreaterThan(10);
  });
});
