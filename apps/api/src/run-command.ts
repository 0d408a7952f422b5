import { createLogger } from './logging/logger.ts';

/** Runs a one-off command (`pnpm … audit`, `recover`) to the exit code it answers; a throw is logged as fatal and exits 1. */
export function runCommand(command: () => Promise<number>, failure: string): void {
  command().then(
    (exitCode) => process.exit(exitCode),
    (error: unknown) => {
      createLogger('fatal').fatal({ err: error }, error instanceof Error ? error.message : failure);
      process.exit(1);
    },
  );
}
