import { bundleApi } from './bundle.ts';

/** `pnpm build`: compiles the API into apps/api/dist; esbuild has printed its own failures, the rest are printed here. */
bundleApi().catch((error: unknown) => {
  const printedByEsbuild = error instanceof Error && 'errors' in error && 'warnings' in error;
  if (!printedByEsbuild) process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
