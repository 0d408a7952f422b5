/** @skillhouse/media-cloudinary: the MediaStorage port on Cloudinary's signed upload API. */
export {
  CloudinaryMediaStorage,
  CLOUDINARY_FOLDER_DEFAULT,
  CLOUDINARY_TIMEOUT_MS_DEFAULT,
  type CloudinaryMediaStorageOptions,
} from './cloudinary-media-storage.ts';
export { cloudinaryCredentialsFromUrl, type CloudinaryCredentials } from './cloudinary-credentials.ts';
export { MediaStorageErrorCode, MediaStorageUnavailable } from './media-storage.errors.ts';
