import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const API_PACKAGE_JSON = resolve(dirname(fileURLToPath(import.meta.url)), '../../../apps/api/package.json');
/** Node options whose value may follow as a word of its own (`--import tsx`), which `nodeFlagsOf` cannot tell from the script. */
const ONE_WORD_VALUE_OPTIONS = new Set([
  '--import',
  '--require',
  '--loader',
  '--experimental-loader',
  '--env-file',
  '--conditions',
  '--eval',
]);

/** The API's `start` script (apps/api/package.json): the one place production's Node flags are written. */
export function apiStartScript(): string {
  const manifest = JSON.parse(readFileSync(API_PACKAGE_JSON, 'utf8')) as { scripts?: Record<string, string> };
  const script = manifest.scripts?.['start'];
  if (script === undefined) throw new Error(`${API_PACKAGE_JSON} has no start script`);
  return script;
}

/**
 * The options a `node` command line gives Node itself: every `--` word before the script it runs.
 * Each must be one word (`--name` or `--name=value`): a value written as a word of its own would be
 * taken for the script, so such a command is refused.
 */
export function nodeFlagsOf(command: string): string[] {
  const words = command.trim().split(/\s+/);
  if (words[0] !== 'node') throw new Error(`not a node command: ${command}`);
  const flags: string[] = [];
  for (const word of words.slice(1)) {
    if (!word.startsWith('-')) break;
    if (!word.startsWith('--') || ONE_WORD_VALUE_OPTIONS.has(word))
      throw new Error(`write each option of ${command} as one word, --name=value`);
    flags.push(word);
  }
  return flags;
}

/**
 * The flags that size V8's young and old generations in the command that starts the API: its own
 * when it starts `node`, else (`pnpm … start`, a wrapper) those of the start script it runs. The
 * floor runs with them, so that both servers' generations are sized alike.
 */
export function heapFlagsOf(command: string): string[] {
  const nodeCommand = /(?:^|[\s;&|])node\s/.test(command) ? command : apiStartScript();
  return nodeCommand.match(/--(?:min-semi-space-size|max-semi-space-size|max-old-space-size)=\d+/g) ?? [];
}
