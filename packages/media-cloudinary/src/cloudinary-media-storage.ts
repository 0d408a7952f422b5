import type { Agent } from 'node:https';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { v2 as cloudinary, type UploadApiErrorResponse, type UploadApiOptions, type UploadApiResponse } from 'cloudinary';
import type { MediaStorage, MediaUpload } from '@skillhouse/domain';
import type { CloudinaryCredentials } from './cloudinary-credentials.ts';
import { MediaStorageUnavailable } from './media-storage.errors.ts';

export interface CloudinaryMediaStorageOptions extends CloudinaryCredentials {
  /** Cloudinary's API origin, `https://api.cloudinary.com` unless set; tests point it at a fake. */
  readonly uploadPrefix?: string;
  /** The Cloudinary folder uploads go in. */
  readonly folder?: string;
  /** Per upload request; videos up to 100 MiB need minutes on a slow link. */
  readonly timeoutMs?: number;
  /** The HTTPS agent for upload requests: an outgoing proxy, or a test's trust of its fake's certificate. */
  readonly agent?: Agent;
}

export const CLOUDINARY_FOLDER_DEFAULT = 'skillhouse/media';
export const CLOUDINARY_TIMEOUT_MS_DEFAULT = 120_000;

/**
 * MediaStorage on Cloudinary's signed upload API, streaming the file without buffering it whole.
 *
 * The SDK keeps one process-wide configuration (filled from CLOUDINARY_URL when it loads). This
 * adapter never writes it: every call carries its own cloud, key, secret, endpoint and signature
 * settings, which the SDK prefers to the global ones, so two instances cannot disturb each other.
 */
export class CloudinaryMediaStorage implements MediaStorage {
  private readonly callOptions: UploadApiOptions;

  constructor(options: CloudinaryMediaStorageOptions) {
    this.callOptions = {
      cloud_name: options.cloudName,
      api_key: options.apiKey,
      api_secret: options.apiSecret,
      upload_prefix: options.uploadPrefix ?? 'https://api.cloudinary.com',
      folder: options.folder ?? CLOUDINARY_FOLDER_DEFAULT,
      timeout: options.timeoutMs ?? CLOUDINARY_TIMEOUT_MS_DEFAULT,
      signature_algorithm: 'sha1',
      signature_version: 2,
      // The stream form of the SDK also creates a promise it never returns; left on, its rejection
      // would be unhandled. The callback below reports every outcome.
      disable_promises: true,
      ...(options.agent === undefined ? {} : { agent: options.agent }),
    };
  }

  async store(upload: MediaUpload): Promise<{ readonly url: string }> {
    const sourceFailures: unknown[] = [];
    async function* content(): AsyncGenerator<Uint8Array> {
      try {
        yield* upload.content;
      } catch (error) {
        sourceFailures.push(error);
        throw error;
      }
    }
    return new Promise((resolve, reject) => {
      const destination = cloudinary.uploader.upload_stream(
        { ...this.callOptions, resource_type: upload.type },
        (error?: UploadApiErrorResponse, result?: UploadApiResponse) => {
          if (error !== undefined || result === undefined) reject(unavailable(error));
          else if (typeof result.secure_url !== 'string' || result.secure_url === '') reject(unavailable({ message: 'no secure_url' }));
          else resolve({ url: result.secure_url });
        },
      );
      pipeline(Readable.from(content()), destination).catch((error: unknown) => {
        // The caller's own stream failing (a size limit, a closed connection) is the caller's error.
        reject(sourceFailures.length > 0 ? sourceFailures[0] : unavailable(error));
      });
    });
  }
}

function unavailable(error: unknown): MediaStorageUnavailable {
  const reported = (error ?? {}) as Partial<UploadApiErrorResponse> & { code?: unknown };
  return new MediaStorageUnavailable({
    ...(typeof reported.http_code === 'number' ? { httpCode: reported.http_code } : {}),
    ...(typeof reported.name === 'string' ? { errorName: reported.name } : {}),
    ...(typeof reported.code === 'string' ? { errorCode: reported.code } : {}),
  });
}
