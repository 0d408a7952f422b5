import { describe, expect, it } from 'vitest';
import { cloudinaryCredentialsFromUrl } from './cloudinary-credentials.ts';

describe('cloudinaryCredentialsFromUrl(cloudinaryUrl)', () => {
  it('reads key, secret and cloud name', () => {
    expect(cloudinaryCredentialsFromUrl('cloudinary://123456789012345:abcDEF-ghi_jkl@skillhouse-demo')).toEqual({
      cloudName: 'skillhouse-demo',
      apiKey: '123456789012345',
      apiSecret: 'abcDEF-ghi_jkl',
    });
  });

  it('decodes percent-encoded characters in the secret', () => {
    expect(cloudinaryCredentialsFromUrl('cloudinary://key:a%2Fb%40c@cloud').apiSecret).toBe('a/b@c');
  });

  it.each([
    ['another scheme', 'https://key:secret@cloud'],
    ['no secret', 'cloudinary://key@cloud'],
    ['no key or secret', 'cloudinary://cloud'],
    ['not a URL', 'key:secret@cloud'],
  ])('refuses %s without repeating the value', (_, value) => {
    expect(() => cloudinaryCredentialsFromUrl(value)).toThrow(/cloudinary:\/\/<api_key>:<api_secret>@<cloud_name>/);
    expect(() => cloudinaryCredentialsFromUrl(value)).toThrow(expect.objectContaining({ message: expect.not.stringContaining('secret@') }));
  });
});
