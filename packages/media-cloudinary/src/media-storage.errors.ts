/**
 * Not a domain refusal (the domain does not know its media storage can fail), so a bare code: the
 * API decides its status in its own catalogue.
 */
export const MediaStorageErrorCode = {
  Unavailable: 'MEDIA.STORAGE_UNAVAILABLE',
} as const;

/**
 * Cloudinary refused the upload or could not be reached; nothing was stored. The API answers 502.
 * The message is ours: Cloudinary's can quote the string it signed.
 */
export class MediaStorageUnavailable extends Error {
  readonly code = MediaStorageErrorCode.Unavailable;
  readonly details: Readonly<Record<string, unknown>>;

  constructor(details: Record<string, unknown>) {
    super('the media storage could not store the file');
    this.name = 'MediaStorageUnavailable';
    this.details = details;
  }
}
