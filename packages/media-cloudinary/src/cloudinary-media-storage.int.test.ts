import { randomBytes } from 'node:crypto';
import { Agent } from 'node:https';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PayloadTooLarge, type MediaType } from '@skillhouse/domain';
import { freePort } from '@skillhouse/test-servers';
import { CloudinaryMediaStorage, type CloudinaryMediaStorageOptions } from './cloudinary-media-storage.ts';
import { MediaStorageUnavailable } from './media-storage.errors.ts';
import { startFakeCloudinary, type FakeCloudinary } from './testing/fake-cloudinary.ts';
import { selfSignedCertificate } from './testing/self-signed-certificate.ts';

/**
 * The real SDK uploads over HTTPS to a local stand-in for Cloudinary's upload API, which checks the
 * request's signature with the account's secret, the resource type in the path and the bytes.
 */
const accounts = {
  'skillhouse-demo': { apiKey: '123456789012345', apiSecret: 'demo-secret' },
  'skillhouse-other': { apiKey: '543210987654321', apiSecret: 'other-secret' },
};

let fake: FakeCloudinary;
let agent: Agent;

beforeAll(async () => {
  const certificate = selfSignedCertificate();
  fake = await startFakeCloudinary(certificate, accounts);
  agent = new Agent({ ca: certificate.cert });
});
afterAll(async () => {
  agent.destroy();
  await fake.close();
});
beforeEach(() => {
  fake.uploads.length = 0;
});

function storage(overrides: Partial<CloudinaryMediaStorageOptions> = {}): CloudinaryMediaStorage {
  return new CloudinaryMediaStorage({
    cloudName: 'skillhouse-demo',
    apiKey: accounts['skillhouse-demo'].apiKey,
    apiSecret: accounts['skillhouse-demo'].apiSecret,
    uploadPrefix: fake.uploadPrefix,
    agent,
    ...overrides,
  });
}

/** The bytes in several chunks, as a request body arrives. */
async function* chunksOf(bytes: Buffer, chunkLength = 64 * 1024): AsyncGenerator<Uint8Array> {
  for (let offset = 0; offset < bytes.length; offset += chunkLength) {
    yield new Uint8Array(bytes.subarray(offset, offset + chunkLength));
  }
}

describe('CloudinaryMediaStorage.store(upload)', () => {
  it.each<[MediaType, string]>([
    ['image', 'image/png'],
    ['video', 'video/mp4'],
  ])('uploads a signed %s with its bytes intact and returns the secure URL', async (type, mimeType) => {
    const bytes = randomBytes(300 * 1024 + 17);
    const stored = await storage({ folder: 'chat' }).store({ type, mimeType, content: chunksOf(bytes) });
    expect(fake.uploads).toHaveLength(1);
    const received = fake.uploads[0]!;
    expect(received).toMatchObject({ cloudName: 'skillhouse-demo', resourceType: type, params: { folder: 'chat' } });
    expect(received.file.equals(bytes)).toBe(true);
    expect(stored).toEqual({ url: `https://res.cloudinary.example/skillhouse-demo/${type}/upload/chat/upload1` });
  });

  it('refuses to report success when Cloudinary rejects the signature (a wrong secret)', async () => {
    const upload = storage({ apiSecret: 'not-the-secret' }).store({
      type: 'image',
      mimeType: 'image/png',
      content: chunksOf(randomBytes(1024)),
    });
    await expect(upload).rejects.toThrow(MediaStorageUnavailable);
    await expect(upload).rejects.toMatchObject({ code: 'MEDIA.STORAGE_UNAVAILABLE', details: { httpCode: 401 } });
    expect(fake.uploads).toHaveLength(0);
  });

  it('reports an unreachable Cloudinary as MediaStorageUnavailable', async () => {
    const upload = storage({ uploadPrefix: `https://127.0.0.1:${await freePort()}` }).store({
      type: 'image',
      mimeType: 'image/png',
      content: chunksOf(randomBytes(1024)),
    });
    await expect(upload).rejects.toThrow(MediaStorageUnavailable);
  });

  it('keeps two accounts apart: each instance signs with its own secret, even at the same time', async () => {
    const other = storage({ cloudName: 'skillhouse-other', ...accounts['skillhouse-other'] });
    const [mine, theirs] = await Promise.all([
      storage().store({ type: 'image', mimeType: 'image/png', content: chunksOf(randomBytes(200 * 1024)) }),
      other.store({ type: 'video', mimeType: 'video/mp4', content: chunksOf(randomBytes(200 * 1024)) }),
    ]);
    expect(mine.url).toContain('/skillhouse-demo/image/');
    expect(theirs.url).toContain('/skillhouse-other/video/');
    expect(fake.uploads.map((upload) => upload.cloudName).sort()).toEqual(['skillhouse-demo', 'skillhouse-other']);
  });

  it("passes on the error of the caller's own stream (a size limit) rather than blaming Cloudinary", async () => {
    const tooLarge = new PayloadTooLarge('MEDIA.TOO_LARGE', 'the file is larger than allowed');
    async function* overTheLimit(): AsyncGenerator<Uint8Array> {
      yield new Uint8Array(randomBytes(64 * 1024));
      throw tooLarge;
    }
    const upload = storage().store({ type: 'image', mimeType: 'image/png', content: overTheLimit() });
    await expect(upload).rejects.toBe(tooLarge);
    expect(fake.uploads).toHaveLength(0);
  });
});
