import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { Agent } from 'node:http';
import { freePort, inheritedBasics } from '@skillhouse/test-servers';
import { send } from './http-load.ts';

const HEALTH_POLL_MS = 20;
const SHUTDOWN_TIMEOUT_MS = 15_000;

export interface BenchServer {
  readonly name: string;
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  /** The process the command started; its descendants count with it. */
  readonly pid: number;
  /** From spawning the command to the first 200 on /healthz. */
  readonly startupMs: number;
  /** The last lines it wrote, for error messages. */
  output(): string;
  stop(): Promise<void>;
}

export interface ServerCommand {
  readonly name: string;
  readonly executable: string;
  readonly args: readonly string[];
  readonly cwd: string;
  /** The whole environment of the process, besides PATH, HOME and PORT. */
  readonly env: Readonly<Record<string, string>>;
  readonly logFile: string;
  readonly startupTimeoutMs: number;
}

/** The server was alive but /healthz had not answered 200 when the time ran out; it was killed. */
export class StartupTimedOut extends Error {
  constructor(
    readonly serverName: string,
    readonly limitMs: number,
    output: string,
  ) {
    super(`${serverName}: /healthz did not answer 200 within ${limitMs} ms:\n${output}`);
    this.name = 'StartupTimedOut';
  }
}

function isRunning(child: ChildProcess): boolean {
  return child.exitCode === null && child.signalCode === null;
}

async function healthy(url: string, agent: Agent): Promise<boolean> {
  try {
    return (await send(url, agent, { method: 'GET', path: '/healthz' })).status === 200;
  } catch {
    return false;
  }
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined || !isRunning(child)) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // The group is gone already.
  }
}

/**
 * Starts a server in a process group of its own on a free loopback port, with its output in
 * `logFile`, and measures the time to its first 200 on /healthz.
 */
export async function startBenchServer(command: ServerCommand): Promise<BenchServer> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const log = openSync(command.logFile, 'a');
  const spawnedAt = performance.now();
  const child = spawn(command.executable, [...command.args], {
    cwd: command.cwd,
    env: { ...inheritedBasics(), ...command.env, PORT: String(port) },
    stdio: ['ignore', log, log],
    detached: true,
  });
  closeSync(log);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const output = () => readFileSync(command.logFile, 'utf8').slice(-4_000);

  const agent = new Agent({ keepAlive: false });
  const deadline = spawnedAt + command.startupTimeoutMs;
  let startupMs: number | null = null;
  while (startupMs === null) {
    if (await healthy(url, agent)) startupMs = performance.now() - spawnedAt;
    else if (!isRunning(child)) throw new Error(`${command.name} exited before /healthz answered 200:\n${output()}`);
    else if (performance.now() > deadline) {
      signalGroup(child, 'SIGKILL');
      await exited;
      throw new StartupTimedOut(command.name, command.startupTimeoutMs, output());
    } else await new Promise((resolve) => setTimeout(resolve, HEALTH_POLL_MS));
  }

  return {
    name: command.name,
    url,
    pid: child.pid!,
    startupMs,
    output,
    async stop() {
      signalGroup(child, 'SIGTERM');
      const stopped = await Promise.race([
        exited.then(() => true),
        new Promise<boolean>((resolve) => setTimeout(() => resolve(false), SHUTDOWN_TIMEOUT_MS).unref()),
      ]);
      if (!stopped) {
        signalGroup(child, 'SIGKILL');
        await exited;
      }
    },
  };
}
