/** The persistence-port conformance suite, written once and run against every adapter. */
export { describePortConformance } from './describe-port-conformance.ts';
export type { PersistencePorts, PortsFactory, PortsUnderTest } from './persistence-ports.ts';
export * from './fixtures.ts';
