import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { nodeFlagsOf, startScriptOf } from '@skillhouse/test-servers';

const API_PACKAGE_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../../apps/api');
/** Node options that set how V8 sizes its heap and when it collects: what the floor must share with the API. */
const COLLECTOR_FLAG = /^--(?:(?:min-semi-space-size|max-semi-space-size|max-old-space-size)=\d+|no-memory-reducer)$/;
/** The first `node` word of a shell command, and what follows it. */
const NODE_INVOCATION = /(?:^|[\s;&|])(node\s.*)$/s;

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
  const nodeCommand = NODE_INVOCATION.exec(command)?.[1] ?? apiStartScript();
  return nodeFlagsOf(nodeCommand).filter((flag) => COLLECTOR_FLAG.test(flag));
}
