import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { nodeFlagsOf, startScriptOf } from './start-script.ts';

describe('a package start script and its Node flags', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  const packageWith = (manifest: object) => {
    const dir = mkdtempSync(join(tmpdir(), 'start-script-'));
    dirs.push(dir);
    writeFileSync(join(dir, 'package.json'), JSON.stringify(manifest));
    return dir;
  };

  it("reads a package's start script, and refuses a package without one", () => {
    expect(startScriptOf(packageWith({ scripts: { start: 'node --x dist/main.js' } }))).toBe('node --x dist/main.js');
    expect(() => startScriptOf(packageWith({ scripts: { build: 'tsc' } }))).toThrow('has no start script');
  });

  it('takes the flags before the script, and only those', () => {
    expect(nodeFlagsOf('node --enable-source-maps --min-semi-space-size=16 dist/main.js --verbose')).toEqual([
      '--enable-source-maps',
      '--min-semi-space-size=16',
    ]);
    expect(nodeFlagsOf('node dist/main.js')).toEqual([]);
    expect(() => nodeFlagsOf('pnpm --filter @skillhouse/api start')).toThrow('not a node command');
    // A value written as its own word would be taken for the script.
    expect(() => nodeFlagsOf('node --import tsx dist/main.js')).toThrow('as one word');
    expect(() => nodeFlagsOf('node -r ./setup.js dist/main.js')).toThrow('as one word');
    expect(nodeFlagsOf('node --import=tsx dist/main.js')).toEqual(['--import=tsx']);
  });
});
