import { bundleApi } from '../../scripts/bundle.ts';

/**
 * Compiles the API once per e2e run, so the processes the tests start run what production runs
 * (`node dist/main.js` with the `start` script's flags), not the TypeScript sources through a
 * loader.
 */
export default async function setup(): Promise<void> {
  await bundleApi();
}
