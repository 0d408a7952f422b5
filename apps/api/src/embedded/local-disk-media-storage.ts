import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, mkdtempSync, type ReadStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { MediaStorage, MediaUpload } from '@skillhouse/domain';

const STORED_NAME_PATTERN = /^[0-9a-f]{24}\.[a-z0-9]{1,10}$/;

/** Media on local disk, in a temporary directory of its own, served by this API at /media/:name. */
export class LocalDiskMediaStorage implements MediaStorage {
  readonly directory: string;
  private readonly mimeTypes = new Map<string, string>();

  constructor(private readonly publicUrl: string) {
    this.directory = mkdtempSync(join(tmpdir(), 'skillhouse-media-'));
  }

  async store(upload: MediaUpload): Promise<{ url: string }> {
    const name = `${randomBytes(12).toString('hex')}.${extensionOf(upload.mimeType)}`;
    await pipeline(Readable.from(upload.content), createWriteStream(join(this.directory, name), { flags: 'wx' }));
    this.mimeTypes.set(name, upload.mimeType);
    return { url: `${this.publicUrl}/media/${name}` };
  }

  /** A stored file and its type, or null for a name this storage did not give out. */
  open(name: string): { readonly mimeType: string; readonly content: ReadStream } | null {
    const mimeType = STORED_NAME_PATTERN.test(name) ? this.mimeTypes.get(name) : undefined;
    if (mimeType === undefined) return null;
    return { mimeType, content: createReadStream(join(this.directory, name)) };
  }
}

/** `image/png` → `png`; the sniffed subtype is all that is kept, so no name can escape the directory. */
function extensionOf(mimeType: string): string {
  const subtype = (mimeType.split('/')[1] ?? '')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '')
    .slice(0, 10);
  return subtype === '' ? 'bin' : subtype;
}
