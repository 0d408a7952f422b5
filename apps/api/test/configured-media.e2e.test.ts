import { afterEach, expect, it } from 'vitest';
import { newJwtSecret } from './support/api-client.ts';
import { startApi, type RunningApi } from './support/api-process.ts';

/**
 * The compiled API loads Cloudinary's adapter only when CLOUDINARY_URL is configured: it is a chunk
 * of its own in dist/, imported while the API composes its parts (that no other chunk loads the SDK
 * is the build's own check, apps/api/scripts/bundle.ts). A build whose chunk cannot be loaded fails
 * to start here, not at the first upload.
 */
let server: RunningApi | undefined;

afterEach(async () => {
  await server?.stop();
  server = undefined;
});

it('starts with Cloudinary configured, its adapter loaded from its own chunk of the build', async () => {
  server = await startApi({ JWT_SECRET: newJwtSecret(), CLOUDINARY_URL: 'cloudinary://123456789:not-a-secret@demo-cloud' });
  const listening = server
    .output()
    .split('\n')
    .filter((line) => line.includes('"msg":"listening"'))
    .map((line) => JSON.parse(line) as { media?: string });
  expect(listening).toEqual([expect.objectContaining({ media: 'cloudinary' })]);
});

it('starts without it on the local media storage', async () => {
  server = await startApi({ JWT_SECRET: newJwtSecret() });
  expect(server.output()).toContain('"media":"local"');
});
