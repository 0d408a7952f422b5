import { describePortConformance } from '@skillhouse/port-conformance';
import { createInMemoryPorts } from './in-memory-ports.ts';

describePortConformance('in-memory adapters', async () => ({ ports: createInMemoryPorts(), cleanup: () => Promise.resolve() }));
