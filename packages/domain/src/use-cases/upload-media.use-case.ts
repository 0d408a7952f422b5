import { MediaErrors } from '../media/media.errors.ts';
import { acceptMedia, bytesMaxFor, type MediaType } from '../media/media.ts';
import { PayloadTooLarge } from '../shared/domain-error.ts';
import type { MarketplacePolicy, MarketplacePorts } from '../application/marketplace-ports.ts';

export interface UploadMediaCommand {
  /** The MIME type judged from the file's first bytes, never the one the client declared. */
  readonly sniffedMimeType: string | null;
  readonly sizeBytes: number;
  readonly content: AsyncIterable<Uint8Array>;
}

/** Chat media: images and videos only, each within its size limit, stored by the media storage. */
export class UploadMedia {
  constructor(
    private readonly ports: Pick<MarketplacePorts, 'media'>,
    private readonly policy: Pick<MarketplacePolicy, 'mediaLimits'>,
  ) {}

  async execute(command: UploadMediaCommand): Promise<{ mediaUrl: string; mediaType: MediaType }> {
    const { type: mediaType, mimeType } = acceptMedia(command.sniffedMimeType);
    const bytesMax = bytesMaxFor(mediaType, this.policy.mediaLimits);
    if (command.sizeBytes > bytesMax) {
      throw new PayloadTooLarge(MediaErrors.TooLarge, `a ${mediaType} may be at most ${bytesMax} bytes`, { bytesMax });
    }
    const stored = await this.ports.media.store({ type: mediaType, mimeType, content: command.content });
    return { mediaUrl: stored.url, mediaType };
  }
}
