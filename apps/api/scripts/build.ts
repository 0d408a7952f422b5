import { bundleApi } from './bundle.ts';

/** `pnpm build`: compiles the API into apps/api/dist; esbuild has printed what failed. */
bundleApi().catch(() => {
  process.exitCode = 1;
});
