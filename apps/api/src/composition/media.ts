import type { MediaStorage } from '@skillhouse/domain';
import { CloudinaryMediaStorage, cloudinaryCredentialsFromUrl } from '@skillhouse/media-cloudinary';

export function cloudinaryMediaStorage(cloudinaryUrl: string): MediaStorage {
  return new CloudinaryMediaStorage(cloudinaryCredentialsFromUrl(cloudinaryUrl));
}
