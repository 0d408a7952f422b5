import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port.ts';
import { startProcess, type KillableServer, type RunningServer } from './server-process.ts';

function startFerretDbOn(dataDir: string, port: number): Promise<KillableServer> {
  return startProcess(
    'ferretdb',
    [
      '--handler=sqlite',
      `--sqlite-url=file:${dataDir}/`,
      `--state-dir=${dataDir}`,
      `--listen-addr=127.0.0.1:${port}`,
      '--debug-addr=-',
      '--telemetry=disable',
      '--log-level=error',
    ],
    port,
    `mongodb://127.0.0.1:${port}/`,
  );
}

/** FerretDB v1 on SQLite in a temporary directory, on a free loopback port. */
export async function startFerretDb(): Promise<RunningServer> {
  const server = await startRestartableFerretDb();
  return { url: server.url, stop: () => server.stop() };
}

/** A FerretDB a fault test kills and brings back: the same data directory and port, so clients reconnect to the same URL. */
export interface RestartableFerretDb extends RunningServer {
  /** SIGKILL: the database goes away mid-command, as in a crash. */
  kill(): Promise<void>;
  /** Starts it again on the same data and port (after `kill`), once it accepts connections. */
  restart(): Promise<void>;
}

export async function startRestartableFerretDb(): Promise<RestartableFerretDb> {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'skillhouse-ferretdb-'));
  let server = await startFerretDbOn(dataDir, port);
  return {
    url: server.url,
    kill: () => server.kill(),
    restart: async () => {
      await server.kill();
      server = await startFerretDbOn(dataDir, port);
    },
    stop: async () => {
      await server.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
