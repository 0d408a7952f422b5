import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const appDirectory = fileURLToPath(new URL('../..', import.meta.url));

/** `src/<script>` of the app run as a process, the way its package script runs it, with `env` over the test run's. */
export function runAppScript(script: string, env: Record<string, string>, timeoutMs: number, args: readonly string[] = []) {
  return run('pnpm', ['exec', 'tsx', `src/${script}`, ...args], { cwd: appDirectory, env: { ...process.env, ...env }, timeout: timeoutMs });
}
