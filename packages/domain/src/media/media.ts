import { ValidationError } from '../shared/domain-error.ts';
import { MediaErrors } from './media.errors.ts';

export type MediaType = 'image' | 'video';

export interface MediaLimits {
  readonly imageBytesMax: number;
  readonly videoBytesMax: number;
}

export const MEDIA_LIMITS_DEFAULT: MediaLimits = { imageBytesMax: 10 * 1024 * 1024, videoBytesMax: 100 * 1024 * 1024 };

export interface AcceptedMedia {
  readonly type: MediaType;
  readonly mimeType: string;
}

/** A file's media type, judged from the MIME type sniffed from its bytes; anything but an image or a video is refused. */
export function acceptMedia(sniffedMimeType: string | null): AcceptedMedia {
  if (sniffedMimeType?.startsWith('image/')) return { type: 'image', mimeType: sniffedMimeType };
  if (sniffedMimeType?.startsWith('video/')) return { type: 'video', mimeType: sniffedMimeType };
  throw new ValidationError(MediaErrors.UnsupportedType, 'only image and video files can be uploaded', {
    fields: { media: `unsupported type ${sniffedMimeType ?? 'unknown'}` },
  });
}

export function bytesMaxFor(type: MediaType, limits: MediaLimits): number {
  return type === 'image' ? limits.imageBytesMax : limits.videoBytesMax;
}
