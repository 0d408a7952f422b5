import { afterAll, beforeAll } from 'vitest';

/**
 * What `start` makes, made before a test file's tests and ended by `stop` after them. The answer
 * reads it, inside tests and hooks only.
 */
export function fileScoped<T>(what: string, start: () => Promise<T>, stop: (started: T) => Promise<void>): () => T {
  let started: T | undefined;
  beforeAll(async () => {
    started = await start();
  });
  afterAll(async () => {
    if (started !== undefined) await stop(started);
  });
  return () => {
    if (started === undefined) throw new Error(`${what} is not running: use it inside tests and hooks`);
    return started;
  };
}
