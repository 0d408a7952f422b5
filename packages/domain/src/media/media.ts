import { ValidationError } from '../shared/domain-error.ts';
import { MediaErrors } from './media.errors.ts';

export type MediaType = 'image' | 'video';

export interface MediaLimits {
  readonly imageBytesMax: number;
  readonly videoBytesMax: number;
}

export const MEDIA_LIMITS_DEFAULT: MediaLimits = { imageBytesMax: 10 * 1024 * 1024, videoBytesMax: 100 * 1024 * 1024 };

/** The media type of a file, judged from the MIME type sniffed from its bytes; anything else is refused. */
export function mediaTypeOf(sniffedMimeType: string | null): MediaType {
  if (sniffedMimeType?.startsWith('image/')) return 'image';
  if (sniffedMimeType?.startsWith('video/')) return 'video';
  throw new ValidationError(MediaErrors.UnsupportedType, 'only image and video files can be uploaded', {
    fields: { media: `unsupported type ${sniffedMimeType ?? 'unknown'}` },
  });
}

export function bytesMaxFor(type: MediaType, limits: MediaLimits): number {
  return type === 'image' ? limits.imageBytesMax : limits.videoBytesMax;
}
