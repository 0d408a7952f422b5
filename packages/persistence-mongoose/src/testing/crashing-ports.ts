import type { MarketplacePorts } from '@skillhouse/domain';

/** What a process that died mid-operation looks like to the code that was running in it. */
export class Crash extends Error {
  constructor(writeNumber: number) {
    super(`crashed after write ${writeNumber}`);
    this.name = 'Crash';
  }
}

/** The calls that change something outside the process: each is a point where a crash may stop work. */
const WRITE_METHODS: Readonly<Partial<Record<keyof MarketplacePorts, readonly string[]>>> = {
  contracts: ['append', 'reproject'],
  jobs: ['append', 'reproject'],
  escrows: ['claim', 'append', 'project'],
  ledger: ['record'],
  payoutAccounts: ['claim', 'recordPayoutsEnabled'],
  reviews: ['add'],
  users: ['save'],
  operations: ['open', 'close'],
  payments: ['createCheckoutSession', 'refundPayment', 'createPayoutAccount', 'sendPayout'],
  media: ['store'],
};

export interface CrashingPorts {
  readonly ports: MarketplacePorts;
  /** How many writes completed before the crash, or in all when none came. */
  writes(): number;
  crashed(): boolean;
}

/**
 * Wraps `ports` so that the `crashAfter`-th write completes and then throws Crash, and every call
 * after it throws too: the process is gone, nothing it had started goes on.
 */
export function crashAfterWrites(ports: MarketplacePorts, crashAfter: number): CrashingPorts {
  let writes = 0;
  let crashed = false;
  const wrap = <P extends object>(name: keyof MarketplacePorts, port: P): P =>
    new Proxy(port, {
      get(target, property, receiver) {
        const value: unknown = Reflect.get(target, property, receiver);
        if (typeof value !== 'function') return value;
        const isWrite = WRITE_METHODS[name]?.includes(String(property)) ?? false;
        return async (...args: unknown[]) => {
          if (crashed) throw new Crash(writes);
          const result: unknown = await value.apply(target, args);
          if (!isWrite) return result;
          writes += 1;
          if (writes >= crashAfter) {
            crashed = true;
            throw new Crash(writes);
          }
          return result;
        };
      },
    });
  const wrapped = Object.fromEntries(
    Object.entries(ports).map(([name, port]) => [
      name,
      name === 'clock' || name === 'ids' ? port : wrap(name as keyof MarketplacePorts, port as object),
    ]),
  ) as unknown as MarketplacePorts;
  return { ports: wrapped, writes: () => writes, crashed: () => crashed };
}
