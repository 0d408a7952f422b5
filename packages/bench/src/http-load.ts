import { Agent, request } from 'node:http';

export interface BenchRequest {
  readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH';
  readonly path: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
}

export interface BenchResponse {
  readonly status: number;
  readonly body: string;
}

/** Outside a measured load (probes, checks), no request may take longer than this. */
const REQUEST_TIMEOUT_MS_DEFAULT = 60_000;

/** One HTTP exchange over `agent`, the body read whole; one that takes longer than `timeoutMs` fails. */
export function send(
  baseUrl: string,
  agent: Agent,
  benchRequest: BenchRequest,
  timeoutMs = REQUEST_TIMEOUT_MS_DEFAULT,
): Promise<BenchResponse> {
  const url = new URL(benchRequest.path, baseUrl);
  const body = benchRequest.body === undefined ? undefined : Buffer.from(benchRequest.body);
  return new Promise((resolve, reject) => {
    const outgoing = request(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname + url.search,
        method: benchRequest.method,
        agent,
        timeout: timeoutMs,
        headers: { ...benchRequest.headers, ...(body === undefined ? {} : { 'content-length': String(body.length) }) },
      },
      (incoming) => {
        const chunks: Buffer[] = [];
        incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
        incoming.on('end', () => resolve({ status: incoming.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        incoming.on('error', reject);
      },
    );
    outgoing.on('timeout', () => outgoing.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}

export interface LoadResult {
  /** Of the requests that answered as expected, in completion order. */
  readonly latenciesMs: number[];
  readonly failures: number;
  readonly firstFailure: string | null;
  /** From the first request sent to the last answer. */
  readonly wallMs: number;
  /** Requests not sent because the time limit came first. */
  readonly notSent: number;
}

/**
 * Sends `count` requests, `concurrency` at a time, on keep-alive connections, and stops sending
 * at `timeLimitMs`. A request counts as failed when its status is not `expectedStatus`, or when it
 * has not answered within `requestTimeoutMs`.
 */
export async function runLoad(options: {
  readonly baseUrl: string;
  readonly count: number;
  readonly concurrency: number;
  readonly timeLimitMs: number;
  readonly requestTimeoutMs: number;
  readonly expectedStatus: number;
  readonly requestAt: (index: number) => BenchRequest;
}): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: options.concurrency });
  const latenciesMs: number[] = [];
  let failures = 0;
  let firstFailure: string | null = null;
  let next = 0;
  const started = performance.now();
  const deadline = started + options.timeLimitMs;

  const worker = async () => {
    while (next < options.count && performance.now() < deadline) {
      const benchRequest = options.requestAt(next);
      next += 1;
      const sent = performance.now();
      try {
        const response = await send(options.baseUrl, agent, benchRequest, options.requestTimeoutMs);
        if (response.status === options.expectedStatus) {
          latenciesMs.push(performance.now() - sent);
          continue;
        }
        failures += 1;
        firstFailure ??= `${benchRequest.method} ${benchRequest.path}: HTTP ${response.status} ${response.body.slice(0, 300)}`;
      } catch (error) {
        failures += 1;
        firstFailure ??= `${benchRequest.method} ${benchRequest.path}: ${(error as Error).message}`;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.concurrency, options.count) }, worker));
  const wallMs = performance.now() - started;
  agent.destroy();
  return { latenciesMs, failures, firstFailure, wallMs, notSent: options.count - next };
}

/** The value below which `fraction` of the sorted samples fall (nearest rank). */
export function percentile(samples: readonly number[], fraction: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((left, right) => left - right);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil(fraction * sorted.length)));
  return sorted[rank - 1]!;
}
