import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MongoClient, type Db } from 'mongodb';
import { MARKETPLACE_POLICY_DEFAULT } from '@skillhouse/domain';
import { startFerretDb, startStripeMock, type RunningServer } from '@skillhouse/test-servers';
import { captureApiRecords } from './api-records.ts';
import { collectorFlagsOf } from './api-start-script.ts';
import { directUri, parseDatabaseUri, uriThroughProxy, type DatabaseAddress } from './database-uri.ts';
import { indexIdsAsQueried, requireSqlite3 } from './ferretdb-id-index.ts';
import type { SizeResults } from './goals.ts';
import type { Target } from './measurement.ts';
import { pidListeningOn } from './process-cpu.ts';
import { renderReport, type RunDescription } from './report.ts';
import { contractList, deliveryStorm, OpenJobs, webhookDeliveries, type SizeContext } from './scenarios.ts';
import { seedDatabase } from './seed.ts';
import { startBenchServer, StartupTimedOut, type BenchServer } from './server-process.ts';
import { readSettings, type BenchSettings } from './settings.ts';
import { startWireProxy, waitForQuiet, type WireCommand, type WireProxy } from './wire-proxy.ts';

const BENCH_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const REPOSITORY_ROOT = resolve(BENCH_DIR, '../..');
const FLOOR_ENTRY = join(BENCH_DIR, 'src/floor/floor-server.ts');
const PLATFORM_FEE_BPS = '1000';
/** The longest the API's configuration allows for one database command. */
const API_SOCKET_TIMEOUT_MS = 300_000;
const STREAM_COLLECTIONS = ['contract_events', 'job_events', 'escrow_events'];
const DAY_MS = 24 * 60 * 60 * 1000;
/** How long neither server may have sent the database a command before a measured window opens. */
const QUIET_MS = 500;

function log(message: string): void {
  process.stderr.write(`${message}\n`);
}

/** Everything the run started, stopped in reverse order however it ends. */
class Running {
  private readonly stops: (() => Promise<void>)[] = [];

  add<T>(thing: T, stop: (thing: T) => Promise<void>): T {
    this.stops.push(() => stop(thing));
    return thing;
  }

  async stopAll(): Promise<void> {
    for (const stop of this.stops.reverse()) await stop().catch((error: unknown) => log(`while stopping: ${(error as Error).message}`));
    this.stops.length = 0;
  }
}

interface Servers {
  readonly address: DatabaseAddress;
  /** Where the FerretDB the bench started keeps its files; null on MONGODB_URI. */
  readonly ferretDbDataDir: string | null;
  readonly dbPid: number | null;
  readonly stripeMockUrl: string;
  readonly apiProxy: WireProxy;
  readonly floorProxy: WireProxy;
  readonly direct: MongoClient;
}

class Bench {
  private readonly jwtSecret = randomBytes(32).toString('hex');
  private readonly webhookSecret = `whsec_${randomBytes(24).toString('hex')}`;
  private readonly runTag = randomBytes(3).toString('hex');
  private readonly logDir = mkdtempSync(join(tmpdir(), 'skillhouse-bench-'));
  private starts = 0;

  constructor(
    private readonly settings: BenchSettings,
    private readonly servers: Servers,
    private readonly running: Running,
  ) {}

  databaseName(label: string): string {
    return `bench_${this.runTag}_${label}`;
  }

  db(label: string): Db {
    return this.servers.direct.db(this.databaseName(label));
  }

  /** The API as a real process, on `label`'s database through the API's proxy. */
  async startApi(label: string): Promise<BenchServer> {
    this.starts += 1;
    const settings = this.settings;
    const timer = String(settings.apiTimerIntervalMs);
    const server = await startBenchServer({
      name: 'API',
      executable: 'sh',
      args: ['-c', settings.apiStartCommand],
      cwd: REPOSITORY_ROOT,
      env: {
        NODE_ENV: 'test',
        LOG_LEVEL: settings.apiLogLevel,
        MONGODB_URI: uriThroughProxy(this.servers.address, this.servers.apiProxy.port, this.databaseName(label)),
        JWT_SECRET: this.jwtSecret,
        STRIPE_SECRET_KEY: 'sk_test_skillhouseBench',
        STRIPE_WEBHOOK_SECRET: this.webhookSecret,
        STRIPE_API_BASE: this.servers.stripeMockUrl,
        CLIENT_URL: 'http://localhost:5173',
        PLATFORM_FEE_BPS,
        // The bench measures what the API can serve, not where its rate limits stop it.
        RATE_LIMIT_USER_POINTS: '0',
        RATE_LIMIT_ANONYMOUS_POINTS: '0',
        RECOVERY_INTERVAL_MS: timer,
        REVIEW_TIMER_INTERVAL_MS: timer,
        // FerretDB v1 scans for a list: ten at once on 10,000 contracts take 20 to 30 s each, past the
        // production default (20 s), which would fail them and send each again. The floor has none.
        MONGODB_SOCKET_TIMEOUT_MS: String(API_SOCKET_TIMEOUT_MS),
      },
      logFile: join(this.logDir, `api-${this.starts}-${label}.log`),
      startupTimeoutMs: settings.startupTimeoutMs,
    });
    return this.running.add(server, (started) => started.stop());
  }

  /** The collector flags the API runs with (`collectorFlagsOf`), which the floor runs with too. */
  private collectorFlags(): string[] {
    return collectorFlagsOf(this.settings.apiStartCommand);
  }

  async startFloor(label: string): Promise<BenchServer> {
    const server = await startBenchServer({
      name: 'floor',
      executable: process.execPath,
      args: [...this.collectorFlags(), '--import', 'tsx', FLOOR_ENTRY],
      cwd: BENCH_DIR,
      env: {
        MONGODB_URI: uriThroughProxy(this.servers.address, this.servers.floorProxy.port, this.databaseName(label)),
        STRIPE_WEBHOOK_SECRET: this.webhookSecret,
        PLATFORM_FEE_BPS,
        LIST_LIMIT: String(MARKETPLACE_POLICY_DEFAULT.listLimitMax),
      },
      logFile: join(this.logDir, `floor-${label}.log`),
      startupTimeoutMs: this.settings.startupTimeoutMs,
    });
    return this.running.add(server, (started) => started.stop());
  }

  async run(): Promise<{ markdown: string; passed: boolean }> {
    const { settings } = this;
    log(`logs of the servers: ${this.logDir}`);
    log('template: the API writes one hire on an empty database');
    const templateApi = await this.startApi('template');
    const records = await captureApiRecords({
      api: templateApi,
      db: this.db('template'),
      proxy: this.servers.apiProxy,
      jwtSecret: this.jwtSecret,
      webhookSecret: this.webhookSecret,
    });
    await templateApi.stop();

    const sizes = [...settings.sizes].sort((left, right) => left - right);
    const results: SizeResults[] = [];
    for (const contracts of sizes) {
      const label = String(contracts);
      log(`${contracts} contracts: seeding`);
      const seeded = await seedDatabase(this.db(label), records, {
        contracts,
        contractsPerClient: settings.contractsPerClient,
        openJobsPerServer: settings.warmupWebhooks + settings.webhookDeliveries + 1,
        now: new Date(),
      });
      // Before the first start: both start-up times are measured on the same database. The seed made
      // every collection the API made; any the servers make at start are indexed after it.
      this.indexIds(`${contracts} contracts: after seeding`);
      log(`${contracts} contracts: starting the API and the floor`);
      const api = await this.startApi(label);
      const floor = await this.startFloor(label);
      this.indexIds(`${contracts} contracts: after both servers started`);
      const context: SizeContext = {
        settings,
        api: { name: 'API', server: api, proxy: this.servers.apiProxy } satisfies Target,
        floor: { name: 'floor', server: floor, proxy: this.servers.floorProxy } satisfies Target,
        dbPid: this.servers.dbPid,
        db: this.db(label),
        seeded,
        webhookSecret: this.webhookSecret,
        settle: () => this.settle(),
        log,
      };
      const jobs = { API: new OpenJobs(seeded.openJobs.api), floor: new OpenJobs(seeded.openJobs.floor) };
      const webhooks = await webhookDeliveries(context, jobs);
      const storm = await deliveryStorm(context, jobs);
      const list = await contractList(context);
      await floor.stop();
      await api.stop();
      let restart: SizeResults['restart'] = null;
      if (contracts === sizes[sizes.length - 1]) {
        const recentStreams = await this.streamsWrittenSince(label, new Date(Date.now() - DAY_MS));
        log(`${contracts} contracts: restarting the API after the run's writes (${recentStreams} streams written in the last day)`);
        restart = { startupMs: await this.restartMs(label), limitMs: settings.startupTimeoutMs, recentStreams };
      }
      results.push({ contracts, webhooks, storm, list, firstStartMs: api.startupMs, restart });
      const soFar = join(this.logDir, `report-after-${label}.md`);
      writeFileSync(soFar, this.report(templateApi.startupMs, records.deliveryTrace, results).markdown);
      log(`${contracts} contracts: done; the report so far is in ${soFar}`);
    }
    return this.report(templateApi.startupMs, records.deliveryTrace, results);
  }

  /** Gives the tables of FerretDB that lack it the `_id` index its queries can use (ferretdb-id-index.ts), when the run does. */
  private indexIds(when: string): void {
    const dataDir = this.servers.ferretDbDataDir;
    if (!this.settings.ferretDbIdIndex || dataDir === null) return;
    const indexed = indexIdsAsQueried(dataDir);
    if (indexed > 0) log(`${when}: _id indexed in ${indexed} FerretDB tables`);
  }

  private report(
    emptyStartMs: number,
    deliveryTrace: readonly WireCommand[],
    sizes: readonly SizeResults[],
  ): { markdown: string; passed: boolean } {
    const { settings } = this;
    return renderReport(
      { description: this.describe(), emptyStartMs, deliveryTrace, sizes },
      {
        webhooks: `webhook delivery (${settings.webhookDeliveries} sessions, ${settings.webhookConcurrency} at a time)`,
        storm: `storm (one session delivered ${settings.stormDeliveries} times at once)`,
        list: `contract list of a client (${settings.contractsPerClient} contracts, ${settings.listConcurrency} at a time)`,
      },
    );
  }

  /** The start-up time of a restart, or null when it did not answer in time. */
  private async restartMs(label: string): Promise<number | null> {
    try {
      const restarted = await this.startApi(label);
      await restarted.stop();
      return restarted.startupMs;
    } catch (error) {
      if (error instanceof StartupTimedOut) return null;
      throw error;
    }
  }

  async dropDatabases(): Promise<void> {
    for (const label of ['template', ...this.settings.sizes.map(String)])
      await this.db(label)
        .dropDatabase()
        .catch(() => undefined);
  }

  private async settle(): Promise<void> {
    const proxies = [this.servers.apiProxy, this.servers.floorProxy];
    if (!(await waitForQuiet(proxies, QUIET_MS, this.settings.requestTimeoutMs))) {
      log(`  the servers were still busy after ${this.settings.requestTimeoutMs} ms; measuring anyway`);
    }
  }

  private async streamsWrittenSince(label: string, since: Date): Promise<number> {
    let total = 0;
    for (const collection of STREAM_COLLECTIONS)
      total += (
        await this.db(label)
          .collection(collection)
          .distinct('streamId', { recordedAt: { $gte: since } })
      ).length;
    return total;
  }

  private describe(): RunDescription {
    const { settings } = this;
    const cores = cpus();
    return {
      date: new Date().toISOString().slice(0, 16).replace('T', ' ') + ' UTC',
      database:
        settings.mongodbUri === null
          ? `FerretDB v1 (SQLite) from .tools/bin, ${
              settings.ferretDbIdIndex
                ? "each table given an index on `_id` as FerretDB's queries read it (BENCH_FERRETDB_ID_INDEX=0 runs without)"
                : 'as it comes (every read and update by `_id` scans its table)'
            }`
          : `the MongoDB at ${this.servers.address.host}:${this.servers.address.port}`,
      apiStartCommand: settings.apiStartCommand,
      floorCollectorFlags: this.collectorFlags(),
      machine: `${cores.length} CPUs (${cores[0]?.model.trim() ?? 'unknown'}), Node ${process.version}`,
      settings:
        `Each scenario alternates the API and the floor over ${settings.rounds} rounds, the API first in the odd ones and the floor in the even ones (no request sent after ${settings.roundTimeoutMs / 1000} s in a round), after ${settings.warmupWebhooks} webhook and ` +
        `${settings.warmupListRequests} list requests to each; the API's recovery and review timers every ${settings.apiTimerIntervalMs / 1000} s; ` +
        `LOG_LEVEL=${settings.apiLogLevel}. Database CPU ${this.servers.dbPid === null ? 'not visible (the server runs elsewhere): totals are the server alone' : `is the process listening on port ${this.servers.address.port}`}.`,
    };
  }
}

async function startServers(settings: BenchSettings, running: Running): Promise<Servers> {
  let baseUri = settings.mongodbUri;
  let ferretDbDataDir: string | null = null;
  if (baseUri === null) {
    if (settings.ferretDbIdIndex) requireSqlite3();
    log('starting FerretDB');
    const ferretDb = running.add(await startFerretDb(), (server: RunningServer) => server.stop());
    baseUri = ferretDb.url;
    ferretDbDataDir = ferretDb.dataDir;
  }
  const address = parseDatabaseUri(baseUri);
  const loopback = ['127.0.0.1', 'localhost', '::1'].includes(address.host);
  const dbPid = loopback ? pidListeningOn(address.port) : null;
  const stripeMock = running.add(await startStripeMock(), (server: RunningServer) => server.stop());
  const apiProxy = running.add(await startWireProxy(address.host, address.port), (proxy) => proxy.close());
  const floorProxy = running.add(await startWireProxy(address.host, address.port), (proxy) => proxy.close());
  const direct = running.add(new MongoClient(directUri(address, 'admin')), (client) => client.close());
  await direct.connect();
  return { address, ferretDbDataDir, dbPid, stripeMockUrl: stripeMock.url, apiProxy, floorProxy, direct };
}

async function main(): Promise<number> {
  const settings = readSettings(process.env);
  const running = new Running();
  const stopOnSignal = () => void running.stopAll().then(() => process.exit(130));
  process.once('SIGINT', stopOnSignal);
  process.once('SIGTERM', stopOnSignal);
  try {
    const servers = await startServers(settings, running);
    const bench = new Bench(settings, servers, running);
    try {
      const { markdown, passed } = await bench.run();
      process.stdout.write(`${markdown}\n`);
      log(passed ? 'every goal met' : 'some goals are not met, or a check failed: exit code 1');
      return passed ? 0 : 1;
    } finally {
      if (settings.mongodbUri !== null) await bench.dropDatabases();
    }
  } finally {
    await running.stopAll();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    log(`the benchmark could not run: ${(error as Error).stack ?? String(error)}`);
    process.exit(2);
  },
);
