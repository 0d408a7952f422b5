import perfHooks from 'node:perf_hooks';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiMetrics } from './api-metrics.ts';

const DAY_MS = 24 * 60 * 60 * 1000;

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

describe("the event loop's delay", () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('is not sampled on a timer, which would wake an idle process at every sample', () => {
    const sampler = vi.spyOn(perfHooks, 'monitorEventLoopDelay');
    new ApiMetrics();
    expect(sampler).toHaveBeenCalledTimes(1);
    expect(sampler.mock.calls[0]?.[0]?.resolution).toBeGreaterThan(DAY_MS);
  });

  it('is scraped as the lag measured at the scrape, without the percentiles of a sampler', async () => {
    const text = await new ApiMetrics().text();
    expect(text).toMatch(/^nodejs_eventloop_lag_seconds \S+$/m);
    expect(text).not.toMatch(/^nodejs_eventloop_lag_(min|max|mean|stddev|p50|p90|p99)_seconds/m);
  });
});
