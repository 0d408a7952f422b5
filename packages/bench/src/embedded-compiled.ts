/**
 * `pnpm bench:embedded [lists | calls]`: compiles embedded-default.ts with the workspace packages it
 * times into one JavaScript module, as the API's build compiles them (esbuild, no `keepNames`), and
 * runs it under the collector flags of the API's `start` script. The embedded default runs inside the
 * API's process, so that is what is timed: compiled code (a TypeScript loader would add its own
 * cost: tsx keeps every function's name with a call each time one is created) in a heap managed as
 * production manages it.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { apiStartScript, collectorFlagsOf } from './api-start-script.ts';

const outdir = mkdtempSync(join(tmpdir(), 'skillhouse-embedded-'));
try {
  const outfile = join(outdir, 'embedded-default.mjs');
  await build({
    entryPoints: [join(dirname(fileURLToPath(import.meta.url)), 'embedded-default.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20.19',
    logLevel: 'warning',
  });
  const collectorFlags = collectorFlagsOf(apiStartScript());
  process.stderr.write(`running the compiled bench with the API's collector flags: ${collectorFlags.join(' ') || '(none)'}\n`);
  const run = spawnSync(process.execPath, [...collectorFlags, outfile, ...process.argv.slice(2)], { stdio: 'inherit' });
  if (run.error !== undefined) process.stderr.write(`could not run ${outfile}: ${run.error.message}\n`);
  process.exitCode = run.status ?? 1;
} finally {
  rmSync(outdir, { recursive: true, force: true });
}
