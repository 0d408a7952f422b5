import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const LOGGER = fileURLToPath(new URL('./logger.ts', import.meta.url));
/** Enough lines that a background writer would still hold some when the process dies. */
const LINES = 2_000;

describe('the logger', () => {
  it('has written each line to stdout by the time its call returns: a process killed right after keeps every line', () => {
    // SIGKILL runs no exit handler, so lines still queued for a background write would be lost.
    const script = `
      import { createLogger } from ${JSON.stringify(LOGGER)};
      const logger = createLogger('info');
      for (let step = 1; step <= ${LINES}; step += 1) logger.info({ step }, 'a step');
      process.kill(process.pid, 'SIGKILL');
    `;
    const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8' });
    expect(child.signal).toBe('SIGKILL');
    const lines = child.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines).toHaveLength(LINES);
    expect(lines.at(-1)).toMatchObject({ level: 30, service: 'skillhouse-api', step: LINES, msg: 'a step' });
  });
});
