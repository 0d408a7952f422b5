import { readFileSync } from 'node:fs';
import { join } from 'node:path';

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

/** The `start` script of the package in `packageDir`: for the API, the one place production's Node flags are written. */
export function startScriptOf(packageDir: string): string {
  const manifestPath = join(packageDir, 'package.json');
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { scripts?: Record<string, string> };
  const script = manifest.scripts?.['start'];
  if (script === undefined) throw new Error(`${manifestPath} has no start script`);
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
