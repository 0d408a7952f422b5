import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const API_PACKAGE_JSON = resolve(dirname(fileURLToPath(import.meta.url)), '../../../apps/api/package.json');

/** The API's `start` script (apps/api/package.json): the one place production's Node flags are written. */
export function apiStartScript(): string {
  const manifest = JSON.parse(readFileSync(API_PACKAGE_JSON, 'utf8')) as { scripts?: Record<string, string> };
  const script = manifest.scripts?.['start'];
  if (script === undefined) throw new Error(`${API_PACKAGE_JSON} has no start script`);
  return script;
}

/** The options a `node` command line gives Node itself: every `--` word before the script it runs. */
export function nodeFlagsOf(command: string): string[] {
  const words = command.trim().split(/\s+/);
  if (words[0] !== 'node') throw new Error(`not a node command: ${command}`);
  const flags: string[] = [];
  for (const word of words.slice(1)) {
    if (!word.startsWith('--')) break;
    flags.push(word);
  }
  return flags;
}

/**
 * The flags in `command` that size V8's heap. The floor runs with the API's, so that what the
 * benchmark compares is the code, not the collector's settings.
 */
export function heapFlagsOf(command: string): string[] {
  return command.match(/--(?:min-semi-space-size|max-semi-space-size|max-old-space-size)=\d+/g) ?? [];
}
