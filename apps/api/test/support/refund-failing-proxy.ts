import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RefundFailingProxy {
  readonly url: string;
  /** While true, every refund Stripe is asked for fails with a 500, as an outage of Stripe would. */
  failRefunds: boolean;
  close(): Promise<void>;
}

/** A loopback proxy in front of stripe-mock that can make Stripe's refunds fail, and passes the rest through. */
export async function startRefundFailingProxy(stripeMockUrl: string): Promise<RefundFailingProxy> {
  const proxy: RefundFailingProxy = { url: '', failRefunds: false, close: () => Promise.resolve() };
  const server = createServer((incoming, outgoing) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      if (proxy.failRefunds && incoming.method === 'POST' && (incoming.url ?? '').startsWith('/v1/refunds')) {
        outgoing.writeHead(500, { 'content-type': 'application/json' });
        outgoing.end(JSON.stringify({ error: { type: 'api_error', message: 'Stripe is down (test)' } }));
        return;
      }
      const headers = new Headers();
      for (const [name, value] of Object.entries(incoming.headers)) {
        if (typeof value === 'string' && name !== 'host' && name !== 'content-length') headers.set(name, value);
      }
      const body = Buffer.concat(chunks);
      fetch(`${stripeMockUrl}${incoming.url ?? '/'}`, {
        method: incoming.method ?? 'GET',
        headers,
        ...(body.length === 0 ? {} : { body }),
      })
        .then(async (response) => {
          const answer = Buffer.from(await response.arrayBuffer());
          outgoing.writeHead(response.status, { 'content-type': response.headers.get('content-type') ?? 'application/json' });
          outgoing.end(answer);
        })
        .catch(() => {
          outgoing.writeHead(502);
          outgoing.end();
        });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  Object.assign(proxy, {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  });
  return proxy;
}
