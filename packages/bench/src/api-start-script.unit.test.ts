import { describe, expect, it } from 'vitest';
import { nodeFlagsOf } from '@skillhouse/test-servers';
import { apiStartScript, collectorFlagsOf } from './api-start-script.ts';

describe('the API start script and its Node flags', () => {
  it("reads the API's start script, which runs the compiled API with node and flags that read as one word each", () => {
    expect(apiStartScript()).toMatch(/^node .*dist\/main\.js$/);
    expect(nodeFlagsOf(apiStartScript())).toContain('--enable-source-maps');
  });

  it('takes the collector flags of a command that starts node, and none when it has none', () => {
    expect(
      collectorFlagsOf(
        'node --enable-source-maps --min-semi-space-size=16 --no-memory-reducer --max-old-space-size=2048 apps/api/dist/main.js',
      ),
    ).toEqual(['--min-semi-space-size=16', '--no-memory-reducer', '--max-old-space-size=2048']);
    expect(collectorFlagsOf('node --no-memory-reducer-at-all apps/api/dist/main.js')).toEqual([]);
  });

  it("takes only the flags Node itself is given: not the script's arguments, nor those of a later command", () => {
    expect(collectorFlagsOf('node apps/api/dist/main.js --no-memory-reducer')).toEqual([]);
    expect(collectorFlagsOf('node --min-semi-space-size=8 apps/api/dist/main.js && node --max-old-space-size=64 x.js')).toEqual([
      '--min-semi-space-size=8',
    ]);
    expect(collectorFlagsOf('cd apps/api && node --max-semi-space-size=32 dist/main.js')).toEqual(['--max-semi-space-size=32']);
    expect(collectorFlagsOf('node --enable-source-maps apps/api/dist/main.js')).toEqual([]);
  });

  it("takes the start script's collector flags for a command that runs the start script (pnpm, a wrapper)", () => {
    const fromScript = collectorFlagsOf(apiStartScript());
    expect(fromScript).toEqual(['--min-semi-space-size=16', '--no-memory-reducer']);
    expect(collectorFlagsOf('pnpm --filter @skillhouse/api start')).toEqual(fromScript);
    expect(collectorFlagsOf('cd apps/api && pnpm start')).toEqual(fromScript);
  });
});
