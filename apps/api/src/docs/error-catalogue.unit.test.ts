import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { errorCodeRows, errorCodeSection, errorCodeTable, withErrorCodeTable } from './error-catalogue.ts';

const REPOSITORY = fileURLToPath(new URL('../../../../', import.meta.url));
const API_DOC = join(REPOSITORY, 'docs/api.md');

/** A string literal shaped like an error code (`AREA.CODE`), or any upper-case literal given as a `code`. */
const CODE_LITERALS = [
  /(['"`])([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*\.[A-Z0-9]+(?:_[A-Z0-9]+)*)\1/g,
  /\bcode\s*[:=]\s*(['"`])([A-Z][A-Z0-9_.]*)\1/g,
];
const TEST_SOURCE = /\.(test|test-support)\.ts$/;

interface Manifest {
  readonly name: string;
  readonly dependencies?: Readonly<Record<string, string>>;
}

function manifestsUnder(folder: string): Map<string, { dir: string; manifest: Manifest }> {
  return new Map(
    readdirSync(join(REPOSITORY, folder), { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => {
        const dir = join(REPOSITORY, folder, entry.name);
        const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Manifest;
        return [manifest.name, { dir, manifest }] as const;
      }),
  );
}

/** The apps and every workspace package they need at run time (test tooling is only ever a devDependency). */
function productionPackageDirs(): string[] {
  const workspace = new Map([...manifestsUnder('packages'), ...manifestsUnder('apps')]);
  const needed = [...manifestsUnder('apps').keys()];
  // The loop reaches the packages it appends too.
  for (const name of needed) {
    for (const dependency of Object.keys(workspace.get(name)?.manifest.dependencies ?? {})) {
      if (workspace.has(dependency) && !needed.includes(dependency)) needed.push(dependency);
    }
  }
  return needed.map((name) => workspace.get(name)!.dir);
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (entry.isDirectory()) return entry.name === 'testing' ? [] : sourceFiles(join(dir, entry.name));
    return entry.name.endsWith('.ts') && !TEST_SOURCE.test(entry.name) ? [join(dir, entry.name)] : [];
  });
}

function codeLiterals(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return CODE_LITERALS.flatMap((pattern) => [...text.matchAll(pattern)].map((match) => match[2]!));
}

const productionSources = productionPackageDirs().flatMap((dir) => sourceFiles(join(dir, 'src')));
const isCatalogue = (file: string) => file.endsWith('.errors.ts');

describe('the error catalogues', () => {
  const rows = errorCodeRows();

  it('hold every code once', () => {
    const codes = rows.map((row) => row.code);
    expect(codes.filter((code, index) => codes.indexOf(code) !== index)).toEqual([]);
  });

  it('are the only production sources that write a code', () => {
    const outside = productionSources
      .filter((file) => !isCatalogue(file))
      .flatMap((file) => codeLiterals(file).map((code) => `${relative(REPOSITORY, file)}: ${code}`));
    expect(outside).toEqual([]);
  });

  it('are all listed for the docs: every code written in a catalogue file has a row', () => {
    const written = productionSources.filter(isCatalogue).flatMap(codeLiterals);
    expect(written.length).toBeGreaterThan(40);
    const listed = new Set(rows.map((row) => row.code));
    expect(written.filter((code) => !listed.has(code))).toEqual([]);
  });

  it('the scan sees code literals in every form the sources use', () => {
    const sample = `throw new ConflictError('JOB.ALREADY_HIRED', 'x'); const reply = { code: "NOT_READY" }; const late = \`HTTP.405\`;`;
    expect(CODE_LITERALS.flatMap((pattern) => [...sample.matchAll(pattern)].map((match) => match[2]))).toEqual([
      'JOB.ALREADY_HIRED',
      'HTTP.405',
      'NOT_READY',
    ]);
  });
});

describe('the error codes in docs/api.md', () => {
  const rows = errorCodeRows();
  const section = errorCodeSection(readFileSync(API_DOC, 'utf8'));

  it('list every catalogued code once, with its status', () => {
    expect(section).not.toBeNull();
    const documented = [...section!.matchAll(/^\| (\d{3}) \| `([^`]+)` \|/gm)].map((match) => `${match[2]!} ${match[1]!}`).sort();
    expect(documented).toEqual(rows.map((row) => `${row.code} ${row.status}`).sort());
  });

  it('are the table generated from the catalogues (`pnpm docs:errors` rewrites it)', () => {
    expect(section).toBe(errorCodeTable(rows));
  });

  it('are rewritten in place, between the markers', () => {
    const markdown = readFileSync(API_DOC, 'utf8');
    const stale = withErrorCodeTable(markdown, rows.slice(1));
    expect(stale).not.toBe(markdown);
    expect(withErrorCodeTable(stale, rows)).toBe(markdown);
  });
});
