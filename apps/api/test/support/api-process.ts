import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { freePort, inheritedBasics, nodeFlagsOf, startScriptOf } from '@skillhouse/test-servers';
import { API_PACKAGE_DIR, DIST_MAIN } from '../../scripts/bundle.ts';
import { ApiClient } from './api-client.ts';

const STARTUP_TIMEOUT_MS = 60_000;
const SHUTDOWN_TIMEOUT_MS = 15_000;
const OUTPUT_CHUNKS_KEPT = 400;

export interface RunningApi {
  /** `http://127.0.0.1:<port>`, no trailing slash. */
  readonly url: string;
  /** What the process printed so far (the latest part of it): its log lines. */
  output(): string;
  /** SIGTERM, then waits for the exit; rejects when the process does not stop by itself or exits non-zero. */
  stop(): Promise<void>;
  /** SIGKILL, as a crash: requests in flight get no answer, nothing shuts down cleanly. */
  kill(): Promise<void>;
}

function isRunning(child: ChildProcess): boolean {
  return child.exitCode === null && child.signalCode === null;
}

function exitDescription(child: ChildProcess): string {
  return child.signalCode === null ? `exit code ${String(child.exitCode)}` : `signal ${child.signalCode}`;
}

async function answersOk(url: string): Promise<boolean> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
    await response.arrayBuffer();
    return response.ok;
  } catch {
    return false;
  }
}

/** Polls until both probes answer 200; throws when the process dies first or time runs out. */
async function waitUntilReady(url: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + STARTUP_TIMEOUT_MS;
  for (const probe of ['/healthz', '/readyz']) {
    while (!(await answersOk(`${url}${probe}`))) {
      if (!isRunning(child)) throw new Error(`the API exited (${exitDescription(child)}) before ${probe} answered 200`);
      if (Date.now() > deadline) throw new Error(`${probe} did not answer 200 within ${STARTUP_TIMEOUT_MS} ms`);
      await new Promise((resolveWait) => setTimeout(resolveWait, 100));
    }
  }
}

function killGroup(child: ChildProcess): void {
  // The whole group goes, so nothing the API started is orphaned.
  if (child.pid !== undefined && isRunning(child)) process.kill(-child.pid, 'SIGKILL');
}

/**
 * Starts the compiled API as production does (`node` with the flags of the package's `start`
 * script, on apps/api/dist/main.js built by the e2e global setup) as a child process on a free
 * port with exactly `env` (plus PATH and HOME) and waits until /healthz and /readyz answer 200. A
 * process that cannot start fails with its output. It is one node process, so SIGTERM reaches the
 * API itself: `stop` checks its graceful shutdown.
 */
export async function startApi(env: Readonly<Record<string, string>>): Promise<RunningApi> {
  if (!existsSync(DIST_MAIN)) throw new Error(`${DIST_MAIN} does not exist: the e2e global setup builds it (pnpm build)`);
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const chunks: string[] = [];
  const child = spawn(process.execPath, [...nodeFlagsOf(startScriptOf(API_PACKAGE_DIR)), DIST_MAIN], {
    cwd: API_PACKAGE_DIR,
    env: { ...inheritedBasics(), ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const keep = (chunk: Buffer) => {
    chunks.push(chunk.toString('utf8'));
    if (chunks.length > OUTPUT_CHUNKS_KEPT) chunks.shift();
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<void>((resolveExit) => child.once('exit', () => resolveExit()));
  const output = () => chunks.join('');

  try {
    await waitUntilReady(url, child);
  } catch (error) {
    killGroup(child);
    throw new Error(`the API did not start on port ${port}: ${(error as Error).message}\n--- its output ---\n${output().slice(-6_000)}`, {
      cause: error,
    });
  }

  return {
    url,
    output,
    async kill() {
      killGroup(child);
      await exited;
    },
    async stop() {
      if (isRunning(child)) child.kill('SIGTERM');
      const stopped = await Promise.race([
        exited.then(() => true),
        new Promise<boolean>((resolveWait) => setTimeout(() => resolveWait(false), SHUTDOWN_TIMEOUT_MS).unref()),
      ]);
      if (!stopped) {
        killGroup(child);
        throw new Error(
          `the API (pid ${String(child.pid)}) did not stop within ${SHUTDOWN_TIMEOUT_MS} ms of SIGTERM\n${output().slice(-4_000)}`,
        );
      }
      if (child.exitCode !== 0) {
        throw new Error(`the API (pid ${String(child.pid)}) stopped on SIGTERM with ${exitDescription(child)}\n${output().slice(-4_000)}`);
      }
    },
  };
}

/**
 * Two API processes on the same settings, started one after the other: started together, both would
 * create the same indexes at the same moment on startup, which is not what any test is about.
 */
export async function startApiPair(env: Readonly<Record<string, string>>): Promise<{ servers: RunningApi[]; apis: ApiClient[] }> {
  const servers = [await startApi(env), await startApi(env)];
  return { servers, apis: servers.map((server) => new ApiClient(server.url)) };
}

export async function stopApis(servers: readonly RunningApi[]): Promise<void> {
  await Promise.all(servers.map((server) => server.stop()));
}
