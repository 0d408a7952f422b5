/** What a run measures; every value can be set in the environment (`BENCH_*`), the defaults are issue 10's. */
export interface BenchSettings {
  /** Contracts seeded before measuring, one database each. */
  readonly sizes: readonly number[];
  readonly webhookDeliveries: number;
  readonly webhookConcurrency: number;
  /** Concurrent deliveries of one checkout session. */
  readonly stormDeliveries: number;
  readonly listRequests: number;
  readonly listConcurrency: number;
  readonly contractsPerClient: number;
  /** Each scenario alternates the API and the floor this many times, splitting its count between rounds. */
  readonly rounds: number;
  /** Unmeasured requests to each server before a scenario, so JIT and caches are warm on both sides. */
  readonly warmupWebhooks: number;
  readonly warmupListRequests: number;
  /** A round sends no request after this; one that could not send all is reported unfinished and fails. */
  readonly roundTimeoutMs: number;
  /**
   * The longest a request may take to answer (it fails after), and the longest the servers may stay
   * busy after a round. Long, because a server keeps working on a request its client gave up on,
   * and that work would fall in the next window.
   */
  readonly requestTimeoutMs: number;
  /** A start that takes longer fails the run, or for the restart after the scenarios, is reported as not started. */
  readonly startupTimeoutMs: number;
  /** A shell command run from the repository root that starts the API on $PORT. */
  readonly apiStartCommand: string;
  readonly apiLogLevel: string;
  /**
   * RECOVERY_INTERVAL_MS and REVIEW_TIMER_INTERVAL_MS of the API: long by default, so that no
   * periodic run falls inside a measured window and the counts per request stay those of the request.
   */
  readonly apiTimerIntervalMs: number;
  /** A MongoDB to use instead of starting FerretDB. */
  readonly mongodbUri: string | null;
  /**
   * On the FerretDB the bench starts: give every table an index on `_id` that FerretDB's own
   * queries by `_id` can use (ferretdb-id-index.ts). `BENCH_FERRETDB_ID_INDEX=0` measures FerretDB
   * v1 as it comes, where every read and update by `_id` scans its table.
   */
  readonly ferretDbIdIndex: boolean;
}

export const API_START_COMMAND_DEFAULT = 'pnpm --filter @skillhouse/api start';

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value < min) throw new Error(`${name} must be a whole number of at least ${min}, not ${raw}`);
  return value;
}

function text(env: NodeJS.ProcessEnv, name: string, fallback: string): string {
  const raw = env[name];
  return raw === undefined || raw === '' ? fallback : raw;
}

function flag(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (raw !== '0' && raw !== '1') throw new Error(`${name} must be 0 or 1, not ${raw}`);
  return raw === '1';
}

export function readSettings(env: NodeJS.ProcessEnv): BenchSettings {
  const sizes = text(env, 'BENCH_SIZES', '1000,10000')
    .split(',')
    .map((size) => Number(size.trim()));
  if (sizes.some((size) => !Number.isSafeInteger(size) || size < 1))
    throw new Error(`BENCH_SIZES must list whole numbers, not ${env['BENCH_SIZES'] ?? ''}`);
  const settings: BenchSettings = {
    sizes,
    webhookDeliveries: integer(env, 'BENCH_WEBHOOKS', 200, 1),
    webhookConcurrency: integer(env, 'BENCH_WEBHOOK_CONCURRENCY', 10, 1),
    stormDeliveries: integer(env, 'BENCH_STORM', 50, 1),
    listRequests: integer(env, 'BENCH_LIST_REQUESTS', 100, 1),
    listConcurrency: integer(env, 'BENCH_LIST_CONCURRENCY', 10, 1),
    contractsPerClient: integer(env, 'BENCH_CONTRACTS_PER_CLIENT', 20, 1),
    rounds: integer(env, 'BENCH_ROUNDS', 2, 1),
    warmupWebhooks: integer(env, 'BENCH_WARMUP_WEBHOOKS', 10, 0),
    warmupListRequests: integer(env, 'BENCH_WARMUP_LIST', 10, 0),
    roundTimeoutMs: integer(env, 'BENCH_ROUND_TIMEOUT_S', 180, 1) * 1000,
    requestTimeoutMs: integer(env, 'BENCH_REQUEST_TIMEOUT_S', 1800, 1) * 1000,
    startupTimeoutMs: integer(env, 'BENCH_STARTUP_TIMEOUT_S', 120, 1) * 1000,
    apiStartCommand: text(env, 'BENCH_API_START', API_START_COMMAND_DEFAULT),
    apiLogLevel: text(env, 'BENCH_API_LOG_LEVEL', 'info'),
    apiTimerIntervalMs: integer(env, 'BENCH_API_TIMER_MS', 3_600_000, 1_000),
    mongodbUri: env['MONGODB_URI'] === undefined || env['MONGODB_URI'] === '' ? null : env['MONGODB_URI'],
    ferretDbIdIndex: flag(env, 'BENCH_FERRETDB_ID_INDEX', true),
  };
  if (settings.webhookDeliveries < settings.rounds || settings.listRequests < settings.rounds) {
    throw new Error('BENCH_WEBHOOKS and BENCH_LIST_REQUESTS must be at least BENCH_ROUNDS');
  }
  return settings;
}
