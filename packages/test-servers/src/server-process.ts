import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { waitForPort } from './free-port.ts';

const REPOSITORY_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
export const TOOLS_BIN_DIR = process.env['TEST_SERVERS_BIN_DIR'] ?? join(REPOSITORY_ROOT, '.tools/bin');

export interface RunningServer {
  readonly url: string;
  stop(): Promise<void>;
}

/** A server a fault test may kill outright, as a crash or the OOM killer would. */
export interface KillableServer extends RunningServer {
  /** SIGKILL, then waits for the exit: nothing is flushed, nothing is closed cleanly. */
  kill(): Promise<void>;
}

/**
 * The binary built by scripts/install-test-servers.sh, which runs here when it is missing so that
 * `pnpm test` works from a fresh clone. A binary that still cannot be had is an error, never a skip.
 */
export function requireBinary(name: string): string {
  const path = join(TOOLS_BIN_DIR, name);
  if (!existsSync(path)) {
    execFileSync('bash', [join(REPOSITORY_ROOT, 'scripts/install-test-servers.sh')], { stdio: ['ignore', 'inherit', 'inherit'] });
  }
  if (!existsSync(path)) {
    throw new Error(`${name} is not installed in ${TOOLS_BIN_DIR}: run \`pnpm install-test-servers\` (scripts/install-test-servers.sh)`);
  }
  return path;
}

export async function startProcess(name: string, args: readonly string[], port: number, url: string): Promise<KillableServer> {
  const output: string[] = [];
  const child: ChildProcess = spawn(requireBinary(name), args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const keep = (chunk: Buffer) => {
    output.push(chunk.toString());
    if (output.length > 200) output.shift();
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  try {
    await waitForPort(port, 30_000, () => child.exitCode === null && child.signalCode === null);
  } catch (error) {
    child.kill('SIGKILL');
    throw new Error(`${name} did not start: ${(error as Error).message}\n${output.join('').slice(-4000)}`, { cause: error });
  }
  const exited = new Promise<void>((resolveExit) => {
    if (child.exitCode !== null || child.signalCode !== null) resolveExit();
    else child.once('exit', () => resolveExit());
  });
  return {
    url,
    kill: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
    stop: () =>
      new Promise<void>((resolveStop) => {
        if (child.exitCode !== null || child.signalCode !== null) {
          resolveStop();
          return;
        }
        child.once('exit', () => resolveStop());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 5_000).unref();
      }),
  };
}
