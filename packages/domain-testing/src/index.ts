/**
 * @skillhouse/domain-testing: what tests of the escrow service share. The model-based test runs
 * against any adapter set; the fixtures build a service over fresh in-memory adapters; the
 * interception helpers crash or reorder port calls; frozen ports catch a use case changing a
 * record; the stepping clock makes time predictable.
 * Only tests may import it.
 */
export * from './escrow-model.test-support.ts';
export * from './escrow-invariants.test-support.ts';
export * from './escrow-fixtures.test-support.ts';
export * from './port-interception.test-support.ts';
export * from './frozen-ports.test-support.ts';
export * from './stepping-clock.test-support.ts';
