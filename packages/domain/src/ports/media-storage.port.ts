import type { MediaType } from '../media/media.ts';

export interface MediaUpload {
  readonly type: MediaType;
  readonly mimeType: string;
  readonly content: AsyncIterable<Uint8Array>;
}

export interface MediaStorage {
  store(upload: MediaUpload): Promise<{ readonly url: string }>;
}
