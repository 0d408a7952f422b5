import type fc from 'fast-check';
import type { MarketplacePorts } from '@skillhouse/domain';

export type InterceptedPort = Exclude<keyof MarketplacePorts, 'clock' | 'ids'>;

const INTERCEPTED_PORTS: readonly InterceptedPort[] = [
  'contracts',
  'jobs',
  'escrows',
  'ledger',
  'reviews',
  'users',
  'payments',
  'media',
  'operations',
];

/** Runs `call`, the port method the domain asked for, however the test wants: later, twice, or not at all. */
export type PortCallInterceptor = <T>(port: InterceptedPort, method: string, call: () => Promise<T>) => Promise<T>;

/**
 * The same adapters behind every port method routed through `intercept`. The adapters' own calls
 * to their methods stay direct (each method runs bound to the adapter), so one domain call is one
 * interception.
 */
export function interceptPorts<P extends MarketplacePorts>(ports: P, intercept: PortCallInterceptor): P {
  const intercepted: Record<string, unknown> = { ...(ports as object) };
  for (const name of INTERCEPTED_PORTS) intercepted[name] = interceptPort(ports[name], name, intercept);
  return intercepted as P;
}

function interceptPort<T extends object>(adapter: T, port: InterceptedPort, intercept: PortCallInterceptor): T {
  return new Proxy(adapter, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property, target);
      if (typeof value !== 'function' || typeof property !== 'string') return value;
      return (...args: unknown[]) => intercept(port, property, () => Promise.resolve(value.apply(target, args)));
    },
  });
}

/** Every port method that writes: where a process can die between one step and the next. */
export const WRITE_METHODS: ReadonlySet<string> = new Set([
  'append',
  'claim',
  'project',
  'projectHire',
  'record',
  'refundPayment',
  'open',
  'close',
  'reproject',
  'add',
  'save',
  'store',
]);

/** The process "dies": not a DomainError, so the use case neither reports a refusal nor closes its journal entry. */
export class Crash extends Error {
  constructor(readonly at: string) {
    super(`crash at ${at}`);
    this.name = 'Crash';
  }
}

/**
 * The ports of a process that dies at its `crashAt`-th write: `before` the write reaches the store
 * (it is lost) or `after` (it is stored but the answer is lost). Later calls fail too, as a dead
 * process makes no more calls.
 */
export function crashingPorts<P extends MarketplacePorts>(ports: P, crashAt: number, when: 'before' | 'after'): P {
  let writes = 0;
  let crashed = false;
  return interceptPorts(ports, async (port, method, call) => {
    if (crashed) throw new Crash(`${port}.${method} after the crash`);
    if (!WRITE_METHODS.has(method)) return call();
    writes += 1;
    if (writes !== crashAt) return call();
    crashed = true;
    if (when === 'after') await call();
    throw new Crash(`${port}.${method} (write ${writes}, ${when})`);
  });
}

/** Every port call waits for the scheduler to let it run, so fast-check chooses the interleaving. */
export function scheduledPorts<P extends MarketplacePorts>(ports: P, scheduler: fc.Scheduler): P {
  return interceptPorts(ports, (port, method, call) => scheduler.schedule(Promise.resolve(), `${port}.${method}`).then(call));
}
