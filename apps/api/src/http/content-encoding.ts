import type { IncomingHttpHeaders } from 'node:http';
import { UnsupportedContentEncoding } from './http-problem.ts';

/**
 * Bodies are read exactly as sent: decompressing would take a size limit of its own, and no caller
 * of this API (Stripe included) compresses what it sends. Checked before any body is read.
 */
export function requireIdentityEncoding(headers: IncomingHttpHeaders): void {
  const encoding = headers['content-encoding']?.trim().toLowerCase();
  if (encoding !== undefined && encoding !== '' && encoding !== 'identity') throw new UnsupportedContentEncoding();
  // "identity" means no encoding, but the body readers below compare it case-sensitively and would
  // refuse "IDENTITY"; without the header they read the body as it is, which is what it means.
  delete headers['content-encoding'];
}
