import { describe, expect, it } from 'vitest';
import { createInMemoryPorts } from '@skillhouse/in-memory';
import { runEscrowModel } from '../escrow-model.test-support.ts';
import { SteppingClock } from '../stepping-clock.test-support.ts';

describe('the marketplace under random sequences of actions by random actors', () => {
  // Goal: money is conserved and moved once, histories only grow, and every refusal changes nothing,
  // after every step of 200 random runs of up to 60 actions each, on the in-memory adapters.
  it('keeps every invariant after every step', async () => {
    const tally = await runEscrowModel(async () => createInMemoryPorts({ clock: new SteppingClock() }), { numRuns: 200, maxCommands: 60 });
    // The runs must reach the states the invariants are about, or passing them would mean little.
    for (const outcome of ['release: done', 'refund: done', 'review: done', 'recordPayment: returned whole', 'cancel: done']) {
      expect(tally.get(outcome) ?? 0, outcome).toBeGreaterThan(0);
    }
  }, 60_000);
});
