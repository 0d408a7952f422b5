import type { IncomingHttpHeaders } from 'node:http';
import { UnsupportedContentEncoding } from './http-problem.ts';

/**
 * Bodies are read exactly as sent: decompressing would take a size limit of its own, and no caller
 * of this API (Stripe included) compresses what it sends. Checked before any body is read.
 */
export function requireIdentityEncoding(headers: IncomingHttpHeaders): void {
  const encoding = headers['content-encoding']?.trim().toLowerCase();
  if (encoding !== undefined && encoding !== '' && encoding !== 'identity') throw new UnsupportedContentEncoding();
}
