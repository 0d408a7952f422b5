import { afterEach, beforeEach, describe } from 'vitest';
import { describeContractLists } from './contract-list.conformance.ts';
import { describeOperations, describeReviews, describeUsers } from './directory.conformance.ts';
import { describeEscrows } from './escrow.conformance.ts';
import { describeEventStreams } from './event-stream.conformance.ts';
import { describeJobLists } from './job-list.conformance.ts';
import { describeLedger } from './ledger.conformance.ts';
import { describePayoutAccounts } from './payout-account.conformance.ts';
import type { PersistencePorts, PortsFactory, PortsUnderTest } from './persistence-ports.ts';

/**
 * The one contract every persistence adapter keeps: what each operation answers, its unique-key
 * claims (one winner, the loser told what won), simultaneous claims, projections and lists, dates
 * and balances. Run it against an adapter with its own factory; each test gets fresh ports.
 */
export function describePortConformance(name: string, createPorts: PortsFactory): void {
  describe(`${name}: persistence port conformance`, () => {
    let current: PortsUnderTest | null = null;
    beforeEach(async () => {
      current = await createPorts();
    });
    afterEach(async () => {
      await current?.cleanup();
      current = null;
    });
    const ports = (): PersistencePorts => {
      if (current === null) throw new Error('the ports are made before each test');
      return current.ports;
    };

    describeEventStreams(ports);
    describeContractLists(ports);
    describeJobLists(ports);
    describeEscrows(ports);
    describeLedger(ports);
    describePayoutAccounts(ports);
    describeReviews(ports);
    describeUsers(ports);
    describeOperations(ports);
  });
}
