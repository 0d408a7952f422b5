import { expect } from 'vitest';
import { signWebhookPayload } from '@skillhouse/payments-stripe';
import { parsedBody, requestInit, type ApiClient, type ApiResponse, type RequestOptions } from './api-client.ts';

/** What one request met: its status (or no answer at all: the process died or cut the connection), its code and Retry-After. */
export interface Exchange {
  readonly what: string;
  readonly status: number | 'no answer';
  readonly code: string | null;
  readonly retryAfter: string | null;
  readonly ms: number;
}

const NO_ANSWER: ApiResponse = { status: 0, body: null };
const REQUEST_TIMEOUT_MS = 60_000;

function codeOf(body: unknown): string | null {
  const code = (body as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : null;
}

/** A retry is what a 503 or 502 invites, and what a caller does when its connection was cut. */
function isRetryable(response: ApiResponse): boolean {
  return response.status === 0 || response.status === 502 || response.status === 503;
}

/**
 * Every request a fault test sends goes through here and is recorded, so the test can check what
 * callers saw under the fault: never a bare 500, and every 503 telling when to retry.
 */
export class TrafficLog {
  readonly exchanges: Exchange[] = [];

  async send(baseUrl: string, method: string, path: string, options: RequestOptions & { body?: string } = {}) {
    const started = Date.now();
    const what = `${method} ${path.replace(/[0-9a-f]{24}/g, ':id')}`;
    try {
      // A JSON body wins over a raw one, as the options say it.
      const init = { body: options.body, ...requestInit(method, options), signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) };
      const response = await fetch(`${baseUrl}${path}`, init);
      const answer: ApiResponse = { status: response.status, body: parsedBody(await response.text()) };
      this.exchanges.push({
        what,
        status: answer.status,
        code: codeOf(answer.body),
        retryAfter: response.headers.get('retry-after'),
        ms: Date.now() - started,
      });
      return answer;
    } catch {
      this.exchanges.push({ what, status: 'no answer', code: null, retryAfter: null, ms: Date.now() - started });
      return NO_ANSWER;
    }
  }

  request(api: ApiClient, method: string, path: string, options: RequestOptions = {}): Promise<ApiResponse> {
    return this.send(api.baseUrl, method, path, options);
  }

  /** A Stripe delivery: signed afresh each time, as Stripe does. */
  deliverWebhook(apiUrl: string, payload: string, webhookSecret: string): Promise<ApiResponse> {
    return this.send(apiUrl, 'POST', '/webhook', {
      headers: { 'content-type': 'application/json', 'stripe-signature': signWebhookPayload(payload, webhookSecret) },
      body: payload,
    });
  }

  /**
   * Sends until the answer is final (neither 502, 503 nor no answer), as a client honouring 503
   * does, or the deadline passes. Retries come sooner than Retry-After asks, to keep tests short.
   * `target` picks the process each attempt goes to.
   */
  async untilFinal(attempt: (tries: number) => Promise<ApiResponse>, deadlineMs = 90_000): Promise<ApiResponse> {
    const deadline = Date.now() + deadlineMs;
    for (let tries = 0; ; tries += 1) {
      const response = await attempt(tries);
      if (!isRetryable(response) || Date.now() > deadline) return response;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }

  statusCounts(): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const { status, code } of this.exchanges) {
      const key = `${status}${code === null ? '' : ` ${code}`}`;
      counts[key] = (counts[key] ?? 0) + 1;
    }
    return counts;
  }

  /** No request answered a bare 500; every 503 said when to retry, and why. */
  expectNoBare500(): void {
    const bare = this.exchanges.filter((exchange) => exchange.status === 500);
    expect(bare, `no request answers 500 (statuses: ${JSON.stringify(this.statusCounts())})`).toEqual([]);
    for (const exchange of this.exchanges.filter((each) => each.status === 503)) {
      expect(exchange.retryAfter, `${exchange.what} answered 503 without Retry-After`).toMatch(/^\d+$/);
      expect(['SERVICE.DATABASE_UNAVAILABLE', 'NOT_READY']).toContain(exchange.code);
    }
  }
}
