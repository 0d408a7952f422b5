export interface PeriodicTask {
  /** Stops the timer and waits for a run in progress. */
  stop(): Promise<void>;
}

/**
 * Runs `run` every `intervalMs`, after `first` runs at once when given. The timer is unref'd so it
 * never keeps the process alive, and a run never overlaps another (a tick during one is skipped).
 * `run` and `first` report their own failures: they must not throw.
 */
export function runPeriodically(
  intervalMs: number,
  run: () => Promise<unknown>,
  options: { first?: () => Promise<unknown> } = {},
): PeriodicTask {
  let running: Promise<unknown> | null = null;
  const start = (task: () => Promise<unknown>) => {
    if (running !== null) return;
    running = task().finally(() => {
      running = null;
    });
  };
  const timer = setInterval(() => start(run), intervalMs);
  timer.unref();
  if (options.first !== undefined) start(options.first);
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
