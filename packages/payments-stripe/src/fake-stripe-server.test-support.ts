import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RecordedRequest } from '@skillhouse/test-servers';
import { afterEach } from 'vitest';
import { StripePaymentGateway } from './stripe-payment-gateway.ts';

export interface FakeStripeAnswer {
  readonly status: number;
  readonly body: unknown;
}

export interface FakeStripeServer {
  readonly port: number;
  readonly requests: RecordedRequest[];
  close(): Promise<void>;
}

/**
 * A loopback HTTP server that answers the Stripe SDK as the test says. stripe-mock answers with
 * canned objects, which cannot carry our metadata or a failed status; this can.
 */
export async function startFakeStripe(answer: (request: RecordedRequest) => FakeStripeAnswer): Promise<FakeStripeServer> {
  const requests: RecordedRequest[] = [];
  const server = createServer((incoming, outgoing) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      const request = {
        method: incoming.method ?? '',
        path: incoming.url ?? '',
        headers: incoming.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      requests.push(request);
      const { status, body } = answer(request);
      outgoing.writeHead(status, { 'content-type': 'application/json', 'request-id': `req_fake_${requests.length}` });
      outgoing.end(JSON.stringify(body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    requests,
    close: () => new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}

/** The real gateway over a fake Stripe, and the requests the fake received from it. */
export interface GatewayOverFakeStripe {
  readonly gateway: StripePaymentGateway;
  readonly requests: RecordedRequest[];
}

/**
 * For a suite's tests: the real gateway, its SDK pointed at a fake Stripe answering as the test
 * says, with no retries (one call, one request per page). Each fake is closed after its test.
 */
export function fakeStripePerTest(): (answer: (request: RecordedRequest) => FakeStripeAnswer) => Promise<GatewayOverFakeStripe> {
  const started: FakeStripeServer[] = [];
  afterEach(async () => {
    await Promise.all(started.splice(0).map((stripe) => stripe.close()));
  });
  return async (answer) => {
    const stripe = await startFakeStripe(answer);
    started.push(stripe);
    const gateway = new StripePaymentGateway({
      secretKey: 'sk_test_skillhouse',
      clientUrl: 'https://skillhouse.example',
      host: '127.0.0.1',
      port: stripe.port,
      protocol: 'http',
      maxNetworkRetries: 0,
    });
    return { gateway, requests: stripe.requests };
  };
}

export interface RefundFields {
  readonly id: string;
  readonly amount: number;
  readonly status: string;
  readonly escrowId?: string;
  readonly failureReason?: string;
}

/** A refund object as Stripe's API returns it, with the fields the gateway reads. */
export function refundObject(fields: RefundFields): Record<string, unknown> {
  return {
    id: fields.id,
    object: 'refund',
    amount: fields.amount,
    currency: 'inr',
    payment_intent: 'pi_3PqRsT',
    status: fields.status,
    metadata: fields.escrowId === undefined ? {} : { escrowId: fields.escrowId },
    ...(fields.failureReason === undefined ? {} : { failure_reason: fields.failureReason }),
  };
}

export function refundList(refunds: readonly Record<string, unknown>[], hasMore = false): Record<string, unknown> {
  return { object: 'list', url: '/v1/refunds', has_more: hasMore, data: refunds };
}
