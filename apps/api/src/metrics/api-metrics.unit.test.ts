import { describe, expect, it } from 'vitest';
import { ApiMetrics } from './api-metrics.ts';

function activeSeconds(text: string): number {
  const value = /^nodejs_eventloop_active_seconds_total (\S+)$/m.exec(text)?.[1];
  if (value === undefined) throw new Error('no nodejs_eventloop_active_seconds_total in the scrape');
  return Number(value);
}

describe("the event loop's busy time", () => {
  it('grows between two scrapes by the time the loop spent running, and by no more than the time that passed', async () => {
    const metrics = new ApiMetrics();
    const before = activeSeconds(await metrics.text());
    const startedAt = performance.now();
    while (performance.now() - startedAt < 60) {
      // Keeps the loop busy for 60 ms, as a request's work would.
    }
    const elapsedSeconds = (performance.now() - startedAt) / 1000;
    const after = activeSeconds(await metrics.text());
    expect(after - before).toBeGreaterThanOrEqual(0.05);
    // The scrapes' own work counts too, hence a little room over the busy loop's time.
    expect(after - before).toBeLessThan(elapsedSeconds + 0.1);
  });
});
