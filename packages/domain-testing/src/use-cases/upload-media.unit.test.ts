import { describe, expect, it } from 'vitest';
import { PayloadTooLarge, ValidationError } from '@skillhouse/domain';
import { createWorld } from '../escrow-fixtures.test-support.ts';

async function* bytes(...chunks: number[][]): AsyncIterable<Uint8Array> {
  for (const chunk of chunks) yield Uint8Array.from(chunk);
}

describe('UploadMedia', () => {
  it.each([
    ['image/png', 'image'],
    ['image/jpeg', 'image'],
    ['video/mp4', 'video'],
    ['video/webm', 'video'],
  ])('stores a file sniffed as %s as %s', async (sniffedMimeType, mediaType) => {
    const world = createWorld();
    const uploaded = await world.service.uploadMedia.execute({ sniffedMimeType, sizeBytes: 4, content: bytes([1, 2], [3, 4]) });
    expect(uploaded.mediaType).toBe(mediaType);
    expect(world.ports.media.stored.get(uploaded.mediaUrl)).toMatchObject({
      type: mediaType,
      mimeType: sniffedMimeType,
      bytes: Buffer.from([1, 2, 3, 4]),
    });
  });

  it.each(['application/pdf', 'text/html', 'audio/mpeg', null])(
    'refuses a file sniffed as %j, storing nothing',
    async (sniffedMimeType) => {
      const world = createWorld();
      await expect(world.service.uploadMedia.execute({ sniffedMimeType, sizeBytes: 4, content: bytes([1]) })).rejects.toThrow(
        ValidationError,
      );
      await expect(world.service.uploadMedia.execute({ sniffedMimeType, sizeBytes: 4, content: bytes([1]) })).rejects.toMatchObject({
        code: 'MEDIA.UNSUPPORTED_TYPE',
      });
      expect(world.ports.media.stored.size).toBe(0);
    },
  );

  it('refuses a file over its type’s limit as too large, and accepts one at the limit', async () => {
    const world = createWorld({ mediaLimits: { imageBytesMax: 10, videoBytesMax: 20 } });
    await expect(world.service.uploadMedia.execute({ sniffedMimeType: 'image/png', sizeBytes: 11, content: bytes([1]) })).rejects.toThrow(
      PayloadTooLarge,
    );
    await expect(
      world.service.uploadMedia.execute({ sniffedMimeType: 'image/png', sizeBytes: 11, content: bytes([1]) }),
    ).rejects.toMatchObject({
      code: 'MEDIA.TOO_LARGE',
      kind: 'too_large',
      details: { bytesMax: 10 },
    });
    expect((await world.service.uploadMedia.execute({ sniffedMimeType: 'image/png', sizeBytes: 10, content: bytes([1]) })).mediaType).toBe(
      'image',
    );
    expect((await world.service.uploadMedia.execute({ sniffedMimeType: 'video/mp4', sizeBytes: 20, content: bytes([1]) })).mediaType).toBe(
      'video',
    );
    await expect(world.service.uploadMedia.execute({ sniffedMimeType: 'video/mp4', sizeBytes: 21, content: bytes([1]) })).rejects.toThrow(
      PayloadTooLarge,
    );
  });
});
