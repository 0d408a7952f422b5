import { SourceMap } from 'node:module';
import { decode, encode, type SourceMapSegment } from '@jridgewell/sourcemap-codec';
import { describe, expect, it } from 'vitest';
import { withPackagesMappedByLine } from './package-mappings.ts';

const KOA = '../../node_modules/.pnpm/koa@3.3.0/node_modules/koa/lib/application.js';
const OURS = '../src/http/app.ts';

/** Two generated lines, each with a run of koa's code beside the workspace's, token by token. */
function bundleMap() {
  const lines: SourceMapSegment[][] = [
    [
      [0, 0, 7, 0],
      [5, 0, 7, 5],
      [10, 1, 3, 0],
      [15, 1, 3, 4],
    ],
    [
      [0, 1, 4, 0],
      [4, 0, 10, 2],
      [8, 0, 10, 6],
      [12, 0, 10, 9, 0],
      [16, 1, 4, 8],
    ],
  ];
  return {
    version: 3,
    file: 'app.js',
    sourceRoot: '',
    sources: [KOA, OURS],
    sourcesContent: ['koa source', 'our source'],
    names: ['x'],
    mappings: encode(lines),
  };
}

describe('withPackagesMappedByLine', () => {
  it("keeps the first mapping of each run of a package's code on a line, and every mapping of the workspace's", () => {
    const coarse = withPackagesMappedByLine(bundleMap());
    expect(decode(coarse.mappings)).toEqual([
      [
        [0, 0, 7, 0],
        [10, 1, 3, 0],
        [15, 1, 3, 4],
      ],
      [
        [0, 1, 4, 0],
        [4, 0, 10, 2],
        [16, 1, 4, 8],
      ],
    ]);
  });

  it("drops the packages' sources' text and keeps the workspace's, and the rest of the map", () => {
    const coarse = withPackagesMappedByLine(bundleMap());
    expect(coarse.sourcesContent).toEqual([null, 'our source']);
    expect(coarse.sources).toEqual([KOA, OURS]);
    expect(coarse.names).toEqual(['x']);
    expect(coarse.version).toBe(3);
  });

  it("still maps a position in a package's code to its file and line, as node reads the map", () => {
    const map = new SourceMap(withPackagesMappedByLine(bundleMap()));
    expect(map.findEntry(0, 7)).toMatchObject({ originalSource: KOA, originalLine: 7 });
    expect(map.findEntry(1, 13)).toMatchObject({ originalSource: KOA, originalLine: 10 });
    expect(map.findEntry(1, 17)).toMatchObject({ originalSource: OURS, originalLine: 4, originalColumn: 8 });
  });
});
