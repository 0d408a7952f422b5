export interface CloudinaryCredentials {
  readonly cloudName: string;
  readonly apiKey: string;
  readonly apiSecret: string;
}

/**
 * Reads a `CLOUDINARY_URL` value, `cloudinary://<api_key>:<api_secret>@<cloud_name>`, the form the
 * Cloudinary console shows. The error never repeats the value: it holds the secret.
 */
export function cloudinaryCredentialsFromUrl(cloudinaryUrl: string): CloudinaryCredentials {
  let url: URL;
  try {
    url = new URL(cloudinaryUrl.trim());
  } catch {
    throw new Error('CLOUDINARY_URL is not a URL; expected cloudinary://<api_key>:<api_secret>@<cloud_name>');
  }
  const credentials = {
    cloudName: url.hostname,
    apiKey: decodeURIComponent(url.username),
    apiSecret: decodeURIComponent(url.password),
  };
  if (url.protocol !== 'cloudinary:' || Object.values(credentials).some((part) => part === '')) {
    throw new Error('CLOUDINARY_URL must look like cloudinary://<api_key>:<api_secret>@<cloud_name>');
  }
  return credentials;
}
