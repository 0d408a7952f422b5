import { describe, expect, it } from 'vitest';
import { nodeFlagsOf } from '@skillhouse/test-servers';
import { apiStartScript, heapFlagsOf } from './api-start-script.ts';

describe('the API start script and its Node flags', () => {
  it("reads the API's start script, which runs the compiled API with node and flags that read as one word each", () => {
    expect(apiStartScript()).toMatch(/^node .*dist\/main\.js$/);
    expect(nodeFlagsOf(apiStartScript())).toContain('--enable-source-maps');
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
