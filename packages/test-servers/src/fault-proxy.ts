import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { forwardRequest } from './forward-request.ts';

/**
 * What the proxy does with the next requests:
 * - `pass`: forwards and answers;
 * - `refuse`: cuts the connection without forwarding (the server was never reached);
 * - `hang`: holds the request without forwarding, never answering (until the mode changes or the proxy closes);
 * - `lose-answer`: forwards, lets the server act, then cuts the connection instead of answering.
 */
export type FaultMode = 'pass' | 'refuse' | 'hang' | 'lose-answer';

export interface ProxiedRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
  readonly mode: FaultMode;
  /** The status the server answered when the request reached it, else null. */
  readonly serverStatus: number | null;
}

export interface FaultProxy {
  readonly port: number;
  readonly requests: readonly ProxiedRequest[];
  /** From now on, requests `appliesTo` picks (all by default) meet `mode`; the rest pass. */
  setMode(mode: FaultMode, appliesTo?: (method: string, path: string) => boolean): void;
  close(): Promise<void>;
}

/**
 * A loopback HTTP proxy in front of a server (stripe-mock) that can fail on purpose: a payment
 * processor that is down, hangs, or acts and then loses its answer. Every request is recorded with
 * the mode it met and what the server answered, so a test can tell which calls took effect.
 */
export async function startFaultProxy(targetUrl: string): Promise<FaultProxy> {
  const target = new URL(targetUrl);
  const requests: ProxiedRequest[] = [];
  const held = new Set<ServerResponse>();
  let mode: FaultMode = 'pass';
  let appliesTo: (method: string, path: string) => boolean = () => true;
  const server = createServer((incoming, outgoing) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      const body = Buffer.concat(chunks);
      const metMode = appliesTo(incoming.method ?? '', incoming.url ?? '') ? mode : 'pass';
      const recorded = { method: incoming.method ?? '', path: incoming.url ?? '', headers: incoming.headers, body: body.toString('utf8') };
      if (metMode === 'refuse') {
        requests.push({ ...recorded, mode: metMode, serverStatus: null });
        outgoing.destroy();
        return;
      }
      if (metMode === 'hang') {
        requests.push({ ...recorded, mode: metMode, serverStatus: null });
        held.add(outgoing);
        outgoing.on('close', () => held.delete(outgoing));
        return;
      }
      const forwarded = forwardRequest(target, incoming, body, (answer) => {
        requests.push({ ...recorded, mode: metMode, serverStatus: answer.statusCode ?? null });
        if (metMode === 'lose-answer') {
          answer.resume();
          answer.on('end', () => outgoing.destroy());
          return;
        }
        outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(outgoing);
      });
      forwarded.on('error', () => {
        requests.push({ ...recorded, mode: metMode, serverStatus: null });
        outgoing.destroy();
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    requests,
    setMode: (next, only = () => true) => {
      mode = next;
      appliesTo = only;
      // Held requests are cut when the processor comes back: the client sees its timeout or a reset, never a late answer.
      if (next !== 'hang') for (const response of held) response.destroy();
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        for (const response of held) response.destroy();
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

/** A refund Stripe made, as far as the requests through the proxy tell. */
export interface StripeRefundMade {
  readonly escrowId: string;
  /** The idempotency key: Stripe answers a retried key with the refund it made the first time. */
  readonly refundId: string;
  readonly amountPaise: number;
}

/**
 * The refunds Stripe made, from the creations that reached stripe-mock and got a 2xx: one per
 * idempotency key (stripe-mock does not replay a key as Stripe does, so the key stands for the refund).
 */
export function stripeRefundsMade(requests: readonly ProxiedRequest[]): StripeRefundMade[] {
  const byKey = new Map<string, StripeRefundMade>();
  for (const request of requests) {
    if (request.method !== 'POST' || !request.path.startsWith('/v1/refunds')) continue;
    if (request.serverStatus === null || request.serverStatus >= 300) continue;
    const params = new URLSearchParams(request.body);
    const key = String(request.headers['idempotency-key'] ?? '');
    byKey.set(key, { escrowId: params.get('metadata[escrowId]') ?? '', refundId: key, amountPaise: Number(params.get('amount')) });
  }
  return [...byKey.values()];
}
