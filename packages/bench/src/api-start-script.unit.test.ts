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
  });

  it("finds the flags that size V8's heap in any command, and none in a command without them", () => {
    expect(heapFlagsOf('node --enable-source-maps --min-semi-space-size=16 --max-old-space-size=2048 apps/api/dist/main.js')).toEqual([
      '--min-semi-space-size=16',
      '--max-old-space-size=2048',
    ]);
    expect(heapFlagsOf('cd apps/api && node --max-semi-space-size=32 dist/main.js')).toEqual(['--max-semi-space-size=32']);
    expect(heapFlagsOf('node --enable-source-maps apps/api/dist/main.js')).toEqual([]);
  });
});
