import { freePort } from './free-port.ts';
import { startProcess, type RunningServer } from './server-process.ts';

/** Stripe's official stripe-mock, HTTP only, on a free loopback port. */
export async function startStripeMock(): Promise<RunningServer> {
  const port = await freePort();
  return startProcess('stripe-mock', ['-http-port', String(port)], port, `http://127.0.0.1:${port}`);
}
