export interface PeriodicTask {
  /** Stops the timer and waits for a run in progress. */
  stop(): Promise<void>;
}

/**
 * Runs `run` every `intervalMs`. The timer is unref'd so it never keeps the process alive, and a run
 * never overlaps the previous one. `run` reports its own failures: it must not throw.
 */
export function runPeriodically(intervalMs: number, run: () => Promise<unknown>): PeriodicTask {
  let running: Promise<unknown> | null = null;
  const timer = setInterval(() => {
    if (running !== null) return;
    running = run().finally(() => {
      running = null;
    });
  }, intervalMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
