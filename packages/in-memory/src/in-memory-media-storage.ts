import { randomBytes } from 'node:crypto';
import type { MediaStorage, MediaUpload } from '@skillhouse/domain';

export interface StoredMedia {
  readonly url: string;
  readonly type: MediaUpload['type'];
  readonly mimeType: string;
  readonly bytes: Uint8Array;
}

export class InMemoryMediaStorage implements MediaStorage {
  readonly stored = new Map<string, StoredMedia>();

  constructor(private readonly baseUrl = 'memory://media') {}

  async store(upload: MediaUpload): Promise<{ url: string }> {
    const chunks: Uint8Array[] = [];
    for await (const chunk of upload.content) chunks.push(chunk);
    const url = `${this.baseUrl}/${randomBytes(12).toString('hex')}`;
    this.stored.set(url, { url, type: upload.type, mimeType: upload.mimeType, bytes: Buffer.concat(chunks) });
    return { url };
  }
}
