/** @skillhouse/api: the HTTP API of Skillhouse Escrow. `main.ts` runs it; tests build it from here. */
export { createApp } from './http/app.ts';
export { composeApi } from './composition/container.ts';
export type { ApiParts } from './api-parts.ts';
export { loadConfig, ConfigurationInvalid, type AppConfig } from './config/config.ts';
export { createLogger } from './logging/logger.ts';
export { startServer, type RunningServer } from './server.ts';
export { issueAccessToken } from './http/access-token.ts';
