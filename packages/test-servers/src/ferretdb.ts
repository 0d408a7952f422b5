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

/** A FerretDB v1 on SQLite, with the directory of its database files (one `<database>.sqlite` each). */
export interface RunningFerretDb extends RunningServer {
  readonly dataDir: string;
}

/** FerretDB v1 on SQLite in a temporary directory, on a free loopback port. */
export async function startFerretDb(): Promise<RunningFerretDb> {
  const server = await startRestartableFerretDb();
  return { url: server.url, dataDir: server.dataDir, stop: () => server.stop() };
}

/** A FerretDB a fault test kills and brings back: the same data directory and port, so clients reconnect to the same URL. */
export interface RestartableFerretDb extends RunningFerretDb {
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
    dataDir,
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
