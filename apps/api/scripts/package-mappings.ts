import { decode, encode, type SourceMapSegment } from '@jridgewell/sourcemap-codec';

/** The fields of a source map (version 3) this module reads and writes. */
export interface SourceMapFile {
  readonly sources: readonly string[];
  readonly sourcesContent?: readonly (string | null)[];
  readonly mappings: string;
}

/** Whether a path (a source of a map, an importer, an input of the build) is an npm package's file. */
export function isInNodeModules(path: string): boolean {
  return path.split(/[\\/]/).includes('node_modules');
}

/**
 * The map with the npm packages' code mapped by line rather than by token, and without their
 * sources' text. With `--enable-source-maps` node decodes a file's whole map the first time a stack
 * trace passes through it, and keeps it: the bundle's maps held 422,000 mappings, 350,000 of them
 * into node_modules, about 48 MB of heap once decoded, against 8 MB when the packages were loaded
 * from node_modules (performance.md, "Repair and start-up"). On each generated line a package's code
 * keeps the first mapping of each run of one source, so a stack frame in it still names its file and
 * line (node maps a position to the nearest mapping before it); the workspace's code keeps all of
 * its mappings and its sources' text.
 */
export function withPackagesMappedByLine<T extends SourceMapFile>(map: T): T {
  const fromPackage = map.sources.map(isInNodeModules);
  const sourceOf = (segment: SourceMapSegment) => (segment.length === 1 ? null : segment[1]);
  const lines = decode(map.mappings).map((segments) =>
    segments.filter((segment, index) => {
      const source = sourceOf(segment);
      if (source === null || fromPackage[source] !== true) return true;
      const before = segments[index - 1];
      return before === undefined || sourceOf(before) !== source;
    }),
  );
  const sourcesContent = map.sourcesContent?.map((content, index) => (fromPackage[index] === true ? null : content));
  return { ...map, mappings: encode(lines), ...(sourcesContent === undefined ? {} : { sourcesContent }) };
}
