import type { MarketplacePorts } from '@skillhouse/domain';

/** The eight ports a persistence adapter provides. */
export type PersistencePorts = Pick<
  MarketplacePorts,
  'contracts' | 'jobs' | 'escrows' | 'ledger' | 'payoutAccounts' | 'reviews' | 'users' | 'operations'
>;

export interface PortsUnderTest {
  readonly ports: PersistencePorts;
  /** Leaves nothing behind for the next test. */
  cleanup(): Promise<void>;
}

/** Each test gets the ports of a fresh call: nothing a test writes is seen by another. */
export type PortsFactory = () => Promise<PortsUnderTest>;
