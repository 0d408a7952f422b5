import { ConfigurationInvalid, loadConfig } from './config/config.ts';
import { composeApi } from './composition/container.ts';
import { createLogger } from './logging/logger.ts';
import { startServer } from './server.ts';

/** `pnpm start`: the API on the configured parts, or on the embedded default when nothing is configured. */
async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (!(error instanceof ConfigurationInvalid)) throw error;
    createLogger('error').fatal({ problems: error.problems }, error.message);
    process.exitCode = 1;
    return;
  }
  const logger = createLogger(config.logLevel);
  const running = await startServer(await composeApi(config, logger));

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    running.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((error: unknown) => {
  createLogger('fatal').fatal({ err: error }, 'the API could not start');
  process.exit(1);
});
