import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { minimalMp4, multipartFile, tinyPng } from '../../testing/media-samples.ts';
import { request, startTestServer, testId, type TestServer } from '../../testing/test-server.ts';

/** Uploads on the embedded default: typed from the bytes, stored on local disk, served back. */
describe('POST /api/media/upload on local disk', () => {
  let api: TestServer;
  let token: string;

  beforeAll(async () => {
    api = await startTestServer({ MEDIA_IMAGE_BYTES_MAX: '2000', MEDIA_VIDEO_BYTES_MAX: '4000' });
    token = api.token('freelancer', testId(7));
  });
  afterAll(() => api.close());

  const upload = (form: FormData) => request(api.url, 'POST', '/api/media/upload', { token, body: form });

  it('stores an image, judged from its bytes, and serves it with its type', async () => {
    const png = tinyPng();
    const response = await upload(multipartFile('media', 'photo.bin', 'application/octet-stream', png));
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ mediaUrl: expect.stringMatching(/\/media\/[0-9a-f]{24}\.png$/), mediaType: 'image' });

    const served = await fetch(`${api.url}${new URL(response.body.mediaUrl).pathname}`);
    expect(served.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await served.arrayBuffer())).toEqual(png);
  });

  it('stores a video', async () => {
    const response = await upload(multipartFile('media', 'clip.mp4', 'video/mp4', minimalMp4()));
    expect(response.body).toMatchObject({ mediaType: 'video' });
  });

  it('refuses text declared as an image with 400', async () => {
    const response = await upload(multipartFile('media', 'photo.png', 'image/png', Buffer.from('just some text, not an image')));
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('MEDIA.UNSUPPORTED_TYPE');
  });

  it('refuses an image over the image limit, though under the video limit, with 413', async () => {
    const bigPng = Buffer.concat([tinyPng(), Buffer.alloc(3000)]);
    const response = await upload(multipartFile('media', 'big.png', 'image/png', bigPng));
    expect(response.status).toBe(413);
    expect(response.body.code).toBe('MEDIA.TOO_LARGE');
  });

  it('refuses a file over every limit with 413', async () => {
    const response = await upload(multipartFile('media', 'huge.mp4', 'video/mp4', Buffer.concat([minimalMp4(), Buffer.alloc(5000)])));
    expect(response.status).toBe(413);
  });

  it('refuses two files in one upload with 400, not 413', async () => {
    const form = multipartFile('media', 'a.png', 'image/png', tinyPng());
    form.append('media', new Blob([new Uint8Array(tinyPng())], { type: 'image/png' }), 'b.png');
    const response = await upload(form);
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('MEDIA.ONE_FILE_ONLY');
  });

  it('refuses a form with more fields than an upload needs with 400', async () => {
    const form = multipartFile('media', 'a.png', 'image/png', tinyPng());
    for (let index = 0; index < 21; index += 1) form.append(`note${index}`, 'x');
    const response = await upload(form);
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('MEDIA.TOO_MANY_FIELDS');
  });

  it('refuses form fields over their size limit with 413', async () => {
    const form = multipartFile('media', 'a.png', 'image/png', tinyPng());
    form.append('note', 'x'.repeat(65 * 1024));
    const response = await upload(form);
    expect(response.status).toBe(413);
    expect(response.body.code).toBe('BODY.TOO_LARGE');
  });

  it('refuses a form without the media field with 400', async () => {
    const response = await upload(multipartFile('file', 'photo.png', 'image/png', tinyPng()));
    expect(response.status).toBe(400);
    expect(response.body.details.fields).toHaveProperty('media');
  });

  it('refuses a body that is not multipart with 415', async () => {
    const response = await request(api.url, 'POST', '/api/media/upload', { token, json: { media: 'x' } });
    expect(response.status).toBe(415);
  });

  it('refuses an anonymous upload with 401', async () => {
    expect(
      (await request(api.url, 'POST', '/api/media/upload', { body: multipartFile('media', 'a.png', 'image/png', tinyPng()) })).status,
    ).toBe(401);
  });

  it('answers an unknown media name with 404', async () => {
    expect((await request(api.url, 'GET', '/media/../../etc/passwd')).status).toBe(404);
    expect((await request(api.url, 'GET', '/media/000000000000000000000000.png')).status).toBe(404);
  });
});
