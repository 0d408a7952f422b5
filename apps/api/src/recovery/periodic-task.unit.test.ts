import { afterEach, describe, expect, it, vi } from 'vitest';
import { runPeriodically } from './periodic-task.ts';

function gate(): { opened: Promise<void>; open: () => void } {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

describe('runPeriodically', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('runs `first` at once, skips the ticks while it runs, then runs `run` on the next tick', async () => {
    vi.useFakeTimers();
    const firstDone = gate();
    const runs: string[] = [];
    const task = runPeriodically(1_000, async () => void runs.push('run'), {
      first: async () => {
        runs.push('first');
        await firstDone.opened;
      },
    });
    expect(runs).toEqual(['first']);
    await vi.advanceTimersByTimeAsync(2_500);
    expect(runs).toEqual(['first']);
    firstDone.open();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(runs).toEqual(['first', 'run']);
    await task.stop();
  });

  it('stops by waiting for the run in progress, and starts none after', async () => {
    vi.useFakeTimers();
    const firstDone = gate();
    const runs: string[] = [];
    const task = runPeriodically(1_000, async () => void runs.push('run'), { first: () => firstDone.opened });
    let stopped = false;
    const stopping = task.stop().then(() => (stopped = true));
    await vi.advanceTimersByTimeAsync(3_000);
    expect(stopped).toBe(false);
    firstDone.open();
    await stopping;
    await vi.advanceTimersByTimeAsync(3_000);
    expect(runs).toEqual([]);
  });
});
