import { describe, expect, it } from 'vitest';
import { apiStartScript, heapFlagsOf, nodeFlagsOf } from './api-start-script.ts';

describe('the API start script and its Node flags', () => {
  it("reads the API's start script, which runs the compiled API with node", () => {
    expect(apiStartScript()).toMatch(/^node .*dist\/main\.js$/);
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

  it('takes the heap flags of a command that starts node, and none when it has none', () => {
    expect(heapFlagsOf('node --enable-source-maps --min-semi-space-size=16 --max-old-space-size=2048 apps/api/dist/main.js')).toEqual([
      '--min-semi-space-size=16',
      '--max-old-space-size=2048',
    ]);
    expect(heapFlagsOf('cd apps/api && node --max-semi-space-size=32 dist/main.js')).toEqual(['--max-semi-space-size=32']);
    expect(heapFlagsOf('node --enable-source-maps apps/api/dist/main.js')).toEqual([]);
  });

  it("takes the start script's heap flags for a command that runs the start script (pnpm, a wrapper)", () => {
    const fromScript = heapFlagsOf(apiStartScript());
    expect(fromScript).toContain('--min-semi-space-size=16');
    expect(heapFlagsOf('pnpm --filter @skillhouse/api start')).toEqual(fromScript);
    expect(heapFlagsOf('cd apps/api && pnpm start')).toEqual(fromScript);
  });
});
