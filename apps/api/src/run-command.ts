import { CommandRefused } from './command-line.ts';
import { ConfigurationInvalid } from './config/config.ts';
import { createLogger } from './logging/logger.ts';

/**
 * Runs a one-off command (`pnpm … audit-books`, `recover`, `reconcile`) to the exit code it answers:
 * a refused call (`CommandRefused`: its arguments or environment; or a setting `loadConfig` refuses)
 * exits 2 having done nothing; any
 * other throw is logged as fatal and exits 1.
 */
export function runCommand(command: () => Promise<number>, failure: string): void {
  command().then(
    (exitCode) => process.exit(exitCode),
    (error: unknown) => {
      if (error instanceof CommandRefused || error instanceof ConfigurationInvalid) {
        createLogger('error').error(error.message);
        process.exit(2);
      }
      createLogger('fatal').fatal({ err: error }, error instanceof Error ? error.message : failure);
      process.exit(1);
    },
  );
}
