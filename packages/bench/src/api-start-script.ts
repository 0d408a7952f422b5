import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startScriptOf } from '@skillhouse/test-servers';

const API_PACKAGE_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../../apps/api');

/** The API's `start` script (apps/api/package.json): the one place production's Node flags are written. */
export function apiStartScript(): string {
  return startScriptOf(API_PACKAGE_DIR);
}

/**
 * The flags that set V8's collector in the command that starts the API (the sizes of its young and
 * old generations, the memory reducer): its own when it starts `node`, else (`pnpm … start`, a
 * wrapper) those of the start script it runs. The floor runs with them, so that both servers'
 * memory is managed alike and the comparison stays one of code.
 */
export function collectorFlagsOf(command: string): string[] {
  const nodeCommand = /(?:^|[\s;&|])node\s/.test(command) ? command : apiStartScript();
  return nodeCommand.match(/--(?:(?:min-semi-space-size|max-semi-space-size|max-old-space-size)=\d+|no-memory-reducer)(?=\s|$)/g) ?? [];
}
