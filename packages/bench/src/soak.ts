import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { Agent } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { paiseToInr } from '@skillhouse/domain';
import { expectInvariants, observeState, type KnownRecords } from '@skillhouse/domain-testing';
import { auditDatabase, connectMongo, createMongoosePorts } from '@skillhouse/persistence-mongoose';
import {
  nodeFlagsOf,
  startFaultProxy,
  startFerretDb,
  startStripeMock,
  stripeRefundsMade,
  type RunningServer,
} from '@skillhouse/test-servers';
import { accessToken, type Role } from './access-tokens.ts';
import { apiStartScript } from './api-start-script.ts';
import { directUri, parseDatabaseUri } from './database-uri.ts';
import { percentile, send, type BenchRequest } from './http-load.ts';
import { startBenchServer, type BenchServer } from './server-process.ts';
import { paidCheckout, webhookDelivery } from './stripe-deliveries.ts';

/**
 * `pnpm soak`: N compiled API processes on one FerretDB (or MONGODB_URI) under a mixed workload for
 * a set time: reads of contract lists, webhook deliveries of fresh payments, and whole hires from
 * posting the job to the release (or a refund). Reports throughput, p50/p99 and statuses per kind
 * of work, each process's RSS over time, and the invariants of the books at the end. A script, not
 * a test: it exits 1 on any 5xx or any invariant broken. docs/operations.md, "Soak", records runs.
 */

const REPOSITORY_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

function numberSetting(name: string, fallback: number): number {
  const value = process.env[name];
  if (value === undefined || value === '') return fallback;
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed <= 0) throw new Error(`${name} must be a positive number, not ${value}`);
  return parsed;
}

const SETTINGS = {
  durationMs: numberSetting('SOAK_SECONDS', 60) * 1_000,
  processes: numberSetting('SOAK_PROCESSES', 2),
  /** Callers working at once, spread over the processes. */
  concurrency: numberSetting('SOAK_CONCURRENCY', 8),
  rssSampleMs: numberSetting('SOAK_RSS_SAMPLE_SECONDS', 5) * 1_000,
  /** RSS after this share of the run is the baseline that growth is measured from. */
  warmupShare: 0.2,
  users: 20,
  amountPaise: 100_000,
};

type WorkKind = 'contract-list' | 'webhook-delivery' | 'hire-to-release' | 'hire-to-refund';

/** One request of a kind of work: its latency and status (0: no answer). */
interface Observation {
  readonly kind: WorkKind;
  readonly step: string;
  readonly status: number;
  readonly ms: number;
  /** Why no answer came (status 0). */
  readonly failure?: string;
}

interface User {
  readonly id: string;
  readonly role: Role;
  readonly token: string;
}

function log(message: string): void {
  process.stderr.write(`[soak] ${message}\n`);
}

function newUser(role: Role, jwtSecret: string): User {
  const id = randomBytes(12).toString('hex');
  return { id, role, token: accessToken({ id, role, name: `soak ${role}` }, jwtSecret) };
}

function rssKib(pid: number): number {
  const match = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match === null ? 0 : Number(match[1]);
}

class Soak {
  readonly observations: Observation[] = [];
  readonly known = { jobIds: new Set<string>(), contractIds: new Set<string>(), checkoutSessionIds: new Set<string>() };
  private readonly agent = new Agent({ keepAlive: true, maxSockets: 64 });

  constructor(
    private readonly apis: readonly BenchServer[],
    private readonly webhookSecret: string,
    readonly clients: readonly User[],
    readonly freelancers: readonly User[],
    private readonly admin: User,
  ) {}

  private async call(
    kind: WorkKind,
    step: string,
    api: BenchServer,
    request: BenchRequest,
    as?: User,
  ): Promise<{ status: number; body: unknown }> {
    const headers: Record<string, string> = { ...request.headers };
    if (as !== undefined) headers['authorization'] = `Bearer ${as.token}`;
    if (request.body !== undefined && headers['content-type'] === undefined) headers['content-type'] = 'application/json';
    const started = performance.now();
    try {
      const response = await send(api.url, this.agent, { ...request, headers }, 30_000);
      this.observations.push({ kind, step, status: response.status, ms: performance.now() - started });
      return { status: response.status, body: response.body === '' ? null : (JSON.parse(response.body) as unknown) };
    } catch (error) {
      const failure = `${(error as NodeJS.ErrnoException).code ?? ''} ${(error as Error).message}`.trim();
      this.observations.push({ kind, step, status: 0, ms: performance.now() - started, failure });
      return { status: 0, body: null };
    }
  }

  private json(method: BenchRequest['method'], path: string, body?: unknown): BenchRequest {
    return { method, path, ...(body === undefined ? {} : { body: JSON.stringify(body) }) };
  }

  async contractList(api: BenchServer, client: User): Promise<void> {
    await this.call('contract-list', 'get-contracts', api, this.json('GET', `/api/client/get-contracts/${client.id}`), client);
  }

  /** A posted job and its payment: returns the contract's id, or null when a step failed. */
  async hire(kind: WorkKind, api: BenchServer, client: User, freelancer: User): Promise<string | null> {
    const posted = await this.call(
      kind,
      'create-job',
      api,
      this.json('POST', '/api/client/job/create-job', {
        title: 'Soak job',
        description: 'A job of the soak',
        rate: paiseToInr(SETTINGS.amountPaise),
      }),
      client,
    );
    const jobId = (posted.body as { job?: { _id?: string } } | null)?.job?._id;
    if (posted.status !== 201 || jobId === undefined) return null;
    this.known.jobIds.add(jobId);
    const checkout = paidCheckout({ jobId, clientId: client.id, freelancerId: freelancer.id, amountPaise: SETTINGS.amountPaise });
    this.known.checkoutSessionIds.add(checkout.checkoutSessionId);
    const delivered = await this.call(kind, 'webhook', api, webhookDelivery(checkout, this.webhookSecret));
    if (delivered.status !== 200) return null;
    const created = await this.call(kind, 'is-created', api, this.json('GET', `/api/client/is-created/${jobId}/${client.id}`), client);
    const contractId = (created.body as { contract?: { _id?: string } | null } | null)?.contract?._id;
    if (contractId === undefined) return null;
    this.known.contractIds.add(contractId);
    return contractId;
  }

  async webhookDelivery(api: BenchServer, client: User, freelancer: User): Promise<void> {
    await this.hire('webhook-delivery', api, client, freelancer);
  }

  /** A whole hire: paid, accepted, worked, then released on request, or refunded while Ongoing. */
  async hireToResolution(kind: 'hire-to-release' | 'hire-to-refund', api: BenchServer, client: User, freelancer: User): Promise<void> {
    const contractId = await this.hire(kind, api, client, freelancer);
    if (contractId === null) return;
    await this.call(
      kind,
      'approve-contract',
      api,
      this.json('POST', `/api/freelancer/contract/approve-contract/${contractId}/${freelancer.id}`),
      freelancer,
    );
    const updateStatus = (status: 'Ongoing' | 'Completed') =>
      this.call(
        kind,
        'update-status',
        api,
        this.json('PUT', `/api/freelancer/contract/update-status/${contractId}`, { status }),
        freelancer,
      );
    await updateStatus('Ongoing');
    if (kind === 'hire-to-refund') {
      await this.call(
        kind,
        'refund-client',
        api,
        this.json('PUT', `/api/admin/escrow/refund-client/${contractId}/${client.id}`, {}),
        this.admin,
      );
      return;
    }
    await updateStatus('Completed');
    await this.call(kind, 'release-request', api, this.json('PATCH', `/api/client/release-fund/${contractId}`), client);
    await this.call(kind, 'release', api, this.json('PUT', `/api/admin/escrow/release-fund/${contractId}`), this.admin);
    await this.call(kind, 'earnings', api, this.json('GET', `/api/freelancer/wallet/earnings/${freelancer.id}`), freelancer);
  }

  /** One caller's loop until the deadline: the mix is 60 % list reads, 25 % deliveries, 15 % whole hires. */
  async caller(index: number, deadline: number): Promise<void> {
    for (let turn = 0; performance.now() < deadline; turn += 1) {
      const api = this.apis[(index + turn) % this.apis.length]!;
      const client = this.clients[(index * 7 + turn) % this.clients.length]!;
      const freelancer = this.freelancers[(index * 3 + turn) % this.freelancers.length]!;
      const draw = Math.random();
      if (draw < 0.6) await this.contractList(api, client);
      else if (draw < 0.85) await this.webhookDelivery(api, client, freelancer);
      else await this.hireToResolution(draw < 0.95 ? 'hire-to-release' : 'hire-to-refund', api, client, freelancer);
    }
  }

  close(): void {
    this.agent.destroy();
  }
}

function summary(observations: readonly Observation[], wallMs: number) {
  const kinds = [...new Set(observations.map((observation) => observation.kind))].sort();
  return kinds.map((kind) => {
    const ofKind = observations.filter((observation) => observation.kind === kind);
    const latencies = ofKind.map((observation) => observation.ms).sort((a, b) => a - b);
    const statuses: Record<string, number> = {};
    for (const { step, status } of ofKind) {
      if (status >= 200 && status < 300) continue;
      const key = `${step} ${status === 0 ? 'no answer' : status}`;
      statuses[key] = (statuses[key] ?? 0) + 1;
    }
    return {
      kind,
      requests: ofKind.length,
      perSecond: Number(((ofKind.length / wallMs) * 1_000).toFixed(1)),
      p50Ms: Number(percentile(latencies, 0.5).toFixed(1)),
      p99Ms: Number(percentile(latencies, 0.99).toFixed(1)),
      notOk: statuses,
    };
  });
}

async function auditBooks(uri: string, known: KnownRecords, refunds: () => ReturnType<typeof stripeRefundsMade>): Promise<string | null> {
  const mongo = await connectMongo(uri);
  try {
    const ports = await createMongoosePorts(mongo.connection);
    let lastProblem = '';
    // Recovery in the processes closes what the last requests left open; give it a few passes.
    for (let attempt = 0; attempt < 30; attempt += 1) {
      try {
        expectInvariants(await observeState(ports, known, refunds), null);
        // Then what the `audit` command checks over the whole database: the ledger and every escrow's transfers.
        const violations = await auditDatabase(mongo.connection);
        if (violations.length > 0) throw new Error(`the audit found ${violations.length}: ${JSON.stringify(violations.slice(0, 5))}`);
        return null;
      } catch (error) {
        lastProblem = (error as Error).message;
        await new Promise((resolveWait) => setTimeout(resolveWait, 1_000));
      }
    }
    return lastProblem;
  } finally {
    await mongo.close();
  }
}

async function main(): Promise<number> {
  const started: { stop(): Promise<void> }[] = [];
  try {
    log('building the API (pnpm build)');
    execFileSync('pnpm', ['build'], { cwd: REPOSITORY_ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
    const external = process.env['MONGODB_URI'];
    let baseUri = external;
    if (baseUri === undefined || baseUri === '') {
      const ferretdb: RunningServer = await startFerretDb();
      started.push(ferretdb);
      baseUri = ferretdb.url;
    }
    const stripeMock = await startStripeMock();
    started.push(stripeMock);
    const stripe = await startFaultProxy(stripeMock.url);
    started.push({ stop: () => stripe.close() });
    const databaseUri = directUri(parseDatabaseUri(baseUri), `soak_${randomBytes(4).toString('hex')}`);
    const jwtSecret = randomBytes(32).toString('hex');
    const webhookSecret = `whsec_${randomBytes(24).toString('hex')}`;
    const logDir = mkdtempSync(join(tmpdir(), 'skillhouse-soak-'));
    log(`${SETTINGS.processes} API processes on ${databaseUri}; their logs in ${logDir}`);

    const apis: BenchServer[] = [];
    for (let index = 0; index < SETTINGS.processes; index += 1) {
      const api = await startBenchServer({
        name: `API ${index + 1}`,
        executable: process.execPath,
        args: [...nodeFlagsOf(apiStartScript()), 'apps/api/dist/main.js'],
        cwd: REPOSITORY_ROOT,
        env: {
          NODE_ENV: 'production',
          LOG_LEVEL: 'warn',
          MONGODB_URI: databaseUri,
          JWT_SECRET: jwtSecret,
          STRIPE_SECRET_KEY: 'sk_test_skillhouseSoak',
          STRIPE_WEBHOOK_SECRET: webhookSecret,
          STRIPE_API_BASE: `http://127.0.0.1:${stripe.port}`,
          CLIENT_URL: 'http://localhost:5173',
          CLOUDINARY_URL: 'cloudinary://1234:soak@soak-cloud',
          RECOVERY_INTERVAL_MS: '5000',
          RECOVERY_GRACE_MS: '5000',
        },
        logFile: join(logDir, `api-${index + 1}.log`),
        startupTimeoutMs: 120_000,
      });
      apis.push(api);
      started.push(api);
    }

    const soak = new Soak(
      apis,
      webhookSecret,
      Array.from({ length: SETTINGS.users }, () => newUser('client', jwtSecret)),
      Array.from({ length: SETTINGS.users }, () => newUser('freelancer', jwtSecret)),
      newUser('admin', jwtSecret),
    );
    const rss: { atS: number; kib: number[] }[] = [];
    const runStarted = performance.now();
    const sample = () => rss.push({ atS: Math.round((performance.now() - runStarted) / 1_000), kib: apis.map((api) => rssKib(api.pid)) });
    sample();
    const sampler = setInterval(sample, SETTINGS.rssSampleMs);
    log(`running for ${SETTINGS.durationMs / 1_000} s with ${SETTINGS.concurrency} callers`);
    const deadline = runStarted + SETTINGS.durationMs;
    await Promise.all(Array.from({ length: SETTINGS.concurrency }, (_, index) => soak.caller(index, deadline)));
    const wallMs = performance.now() - runStarted;
    clearInterval(sampler);
    sample();
    soak.close();

    log('auditing the books');
    const known: KnownRecords = {
      jobIds: [...soak.known.jobIds],
      contractIds: [...soak.known.contractIds],
      checkoutSessionIds: [...soak.known.checkoutSessionIds],
      userIds: [...soak.clients, ...soak.freelancers].map((user) => user.id),
    };
    const auditProblem = await auditBooks(databaseUri, known, () => stripeRefundsMade(stripe.requests));

    const serverErrors = soak.observations.filter((observation) => observation.status >= 500).length;
    const noAnswers = soak.observations.flatMap((observation) =>
      observation.status === 0 ? [`${observation.step} after ${Math.round(observation.ms)} ms: ${observation.failure ?? ''}`] : [],
    );
    const warm = rss.find((point) => point.atS >= (SETTINGS.durationMs / 1_000) * SETTINGS.warmupShare) ?? rss[0]!;
    const last = rss.at(-1)!;
    const report = {
      settings: {
        ...SETTINGS,
        durationS: SETTINGS.durationMs / 1_000,
        database: external === undefined ? 'FerretDB v1 (SQLite)' : 'MONGODB_URI',
      },
      wallS: Number((wallMs / 1_000).toFixed(1)),
      requests: soak.observations.length,
      perSecond: Number(((soak.observations.length / wallMs) * 1_000).toFixed(1)),
      byKind: summary(soak.observations, wallMs),
      serverErrors,
      noAnswers,
      rssMiB: apis.map((api, index) => ({
        process: api.name,
        start: Math.round(rss[0]!.kib[index]! / 1024),
        afterWarmup: Math.round(warm.kib[index]! / 1024),
        end: Math.round(last.kib[index]! / 1024),
        max: Math.round(Math.max(...rss.map((point) => point.kib[index]!)) / 1024),
        growthAfterWarmupMiB: Math.round((last.kib[index]! - warm.kib[index]!) / 1024),
      })),
      rssSamplesMiB: rss.map((point) => `${point.atS} s: ${point.kib.map((kib) => Math.round(kib / 1024)).join(' / ')}`),
      hires: { escrows: known.checkoutSessionIds.length, contracts: known.contractIds.length },
      audit: auditProblem === null ? 'clean: every invariant holds, and the audit command finds nothing' : `FAILED: ${auditProblem}`,
    };
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    return serverErrors === 0 && noAnswers.length === 0 && auditProblem === null ? 0 : 1;
  } finally {
    for (const server of started.reverse()) await server.stop().catch(() => undefined);
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`[soak] failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
