import { createReadStream, type ReadStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileTypeFromFile } from 'file-type';
import type { Context } from 'koa';
import { koaBody } from 'koa-body';
import { z } from 'zod';
import { MediaErrors, type Marketplace, type MediaLimits } from '@skillhouse/domain';
import { MediaStorageUnavailable } from '@skillhouse/media-cloudinary/errors';
import { requireIdentityEncoding } from '../content-encoding.ts';
import { UploadQuotaExceeded, type UploadQuota } from '../edge/upload-quota.ts';
import { HttpProblem, RequestInvalid, UnsupportedContentType } from '../http-problem.ts';
import { HttpErrors } from '../http.errors.ts';
import { userRoute, type Route } from '../route.ts';

/** formidable's error codes (FormidableError.js) for what the client sent wrong. */
const FORMIDABLE = {
  aborted: 1002,
  maxFieldsSizeExceeded: 1006,
  maxFieldsExceeded: 1007,
  biggerThanTotalMaxFileSize: 1009,
  maxFilesExceeded: 1015,
  biggerThanMaxFileSize: 1016,
} as const;

/** formidable's errors on the client's side become refusals; only sizes are a 413 (formidable says 413 for counts too). */
function multipartProblemOf(error: unknown): unknown {
  const { httpCode, code } = error as { httpCode?: unknown; code?: unknown };
  switch (code) {
    case FORMIDABLE.biggerThanMaxFileSize:
    case FORMIDABLE.biggerThanTotalMaxFileSize:
      return new HttpProblem(MediaErrors.TooLarge, 'the file is larger than any media may be');
    case FORMIDABLE.maxFieldsSizeExceeded:
      return new HttpProblem(HttpErrors.BodyTooLarge, 'the form fields are larger than an upload needs');
    case FORMIDABLE.maxFilesExceeded:
      return new HttpProblem(HttpErrors.OneFileOnly, 'an upload carries exactly one file, in the field media');
    case FORMIDABLE.maxFieldsExceeded:
      return new HttpProblem(HttpErrors.TooManyFields, 'the form has more fields than an upload needs');
    case FORMIDABLE.aborted:
      return new HttpProblem(HttpErrors.MalformedMultipart, 'the multipart body is malformed');
    default:
      break;
  }
  if (httpCode === 415) return new UnsupportedContentType('multipart/form-data');
  if (typeof httpCode === 'number' && httpCode >= 400 && httpCode < 500) {
    return new HttpProblem(HttpErrors.MalformedMultipart, 'the multipart body is malformed');
  }
  return error;
}

interface UploadedFile {
  readonly filepath: string;
  readonly size: number;
}

/**
 * Parses the multipart body into a directory of its own, streaming the file to disk, and returns
 * the `media` file. The caller removes the directory.
 */
async function receiveMediaFile(ctx: Context, uploadDir: string, limits: MediaLimits, quotaBytes: number): Promise<UploadedFile> {
  // A file larger than the hour's whole byte quota could never be accepted: refused (413) while it arrives.
  const fileBytesMax = Math.min(Math.max(limits.imageBytesMax, limits.videoBytesMax), quotaBytes);
  const parse = koaBody({
    multipart: true,
    json: false,
    urlencoded: false,
    text: false,
    formidable: {
      uploadDir,
      maxFiles: 1,
      maxFileSize: fileBytesMax,
      maxTotalFileSize: fileBytesMax,
      maxFields: 20,
      maxFieldsSize: 64 * 1024,
      allowEmptyFiles: false,
    },
    onError(error) {
      throw multipartProblemOf(error);
    },
  });
  await parse(ctx, () => Promise.resolve());
  const media = ctx.request.files?.['media'];
  const file = Array.isArray(media) ? media[0] : media;
  if (file === undefined) throw new RequestInvalid({ media: 'a file is required in the multipart field media' });
  return { filepath: file.filepath, size: file.size };
}

export function mediaRoutes(service: Marketplace, limits: MediaLimits, quota: UploadQuota): Route[] {
  return [
    userRoute({
      method: 'post',
      path: '/api/media/upload',
      summary: 'Upload an image or a video (any signed-in user: a deliberate deviation from the original, which was open)',
      description:
        'The type is judged from the file’s bytes, never from the declared content type; anything but an image or a video is refused with 400. Each type has its own size limit (413). ' +
        `Each user may upload \`UPLOADS_PER_HOUR\` files and \`UPLOAD_BYTES_PER_HOUR\` bytes per sliding hour; past that 429 \`${HttpErrors.UploadQuotaExceeded.code}\` with \`Retry-After\`.`,
      tags: ['media'],
      roles: ['client', 'freelancer', 'admin'],
      documentedBody: {
        content: { 'multipart/form-data': { schema: z.object({ media: z.string().meta({ format: 'binary' }) }) } },
      },
      success: {
        status: 200,
        description: 'Where the file is stored',
        schema: z.object({ mediaUrl: z.string(), mediaType: z.enum(['image', 'video']) }),
      },
      errors: [400, 413, 415, 429, 502],
      async handle({ ctx, actor }) {
        if (!ctx.is('multipart/form-data')) throw new UnsupportedContentType('multipart/form-data');
        requireIdentityEncoding(ctx.req.headers);
        const uploadDir = await mkdtemp(join(tmpdir(), 'skillhouse-upload-'));
        let content: ReadStream | null = null;
        try {
          quota.requireRoom(actor.userId);
          const file = await receiveMediaFile(ctx, uploadDir, limits, quota.limits.bytesPerHour);
          const giveBack = quota.reserve(actor.userId, file.size);
          const sniffed = await fileTypeFromFile(file.filepath);
          content = createReadStream(file.filepath);
          try {
            return { body: await service.uploadMedia.execute({ sniffedMimeType: sniffed?.mime ?? null, sizeBytes: file.size, content }) };
          } catch (error) {
            giveBack();
            if (error instanceof MediaStorageUnavailable) throw new HttpProblem(HttpErrors.MediaStorageUnavailable, error.message);
            throw error;
          }
        } catch (error) {
          if (error instanceof UploadQuotaExceeded) ctx.set('retry-after', String(error.retryAfterSeconds));
          throw error;
        } finally {
          // A refused upload never reads its stream; its file handle must still be closed.
          content?.destroy();
          await rm(uploadDir, { recursive: true, force: true });
        }
      },
    }),
  ];
}
