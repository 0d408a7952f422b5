import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Certificate } from './self-signed-certificate.ts';
import { parseMultipart } from './multipart.ts';

export interface ReceivedUpload {
  readonly cloudName: string;
  readonly resourceType: string;
  readonly params: Readonly<Record<string, string>>;
  readonly file: Buffer;
}

export interface FakeCloudinary {
  readonly uploadPrefix: string;
  readonly uploads: ReceivedUpload[];
  close(): Promise<void>;
}

/** The parameters Cloudinary leaves out of the string it signs. */
const UNSIGNED_PARAMS = new Set(['file', 'api_key', 'resource_type', 'cloud_name', 'signature']);

/**
 * Cloudinary's signature, as Cloudinary documents it: the non-empty parameters other than the
 * unsigned ones, sorted by name, as `name=value` joined by `&` (a `&` inside a value written `%26`),
 * followed by the API secret, hashed with SHA-1. Written here from the documentation, not taken
 * from the SDK, so the SDK's signing is checked rather than repeated.
 */
export function cloudinarySignature(params: Readonly<Record<string, string>>, apiSecret: string): string {
  const signed = Object.entries(params)
    .filter(([name, value]) => !UNSIGNED_PARAMS.has(name) && value !== '')
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, value]) => `${name}=${value}`.replace(/&/g, '%26'))
    .join('&');
  return createHash('sha1')
    .update(signed + apiSecret)
    .digest('hex');
}

/**
 * A stand-in for Cloudinary's upload API (`POST /v1_1/<cloud>/<resource_type>/upload`) over HTTPS:
 * it accepts an upload only for the accounts it knows (api key and secret per cloud) and only with a
 * valid signature, keeps what arrived and answers with Cloudinary's response fields.
 */
export async function startFakeCloudinary(
  certificate: Certificate,
  accounts: Readonly<Record<string, { readonly apiKey: string; readonly apiSecret: string }>>,
): Promise<FakeCloudinary> {
  const uploads: ReceivedUpload[] = [];
  const server: Server = createServer(certificate, (request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const answer = (status: number, body: unknown) => {
        response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      };
      const route = /^\/v1_1\/([^/]+)\/(image|video|raw|auto)\/upload$/.exec(request.url ?? '');
      const account = route === null ? undefined : accounts[route[1]!];
      if (route === null || account === undefined || request.method !== 'POST') {
        answer(404, { error: { message: 'Resource not found' } });
        return;
      }
      const { fields, files } = parseMultipart(Buffer.concat(chunks), request.headers['content-type'] ?? '');
      const file = files['file'];
      if (fields['api_key'] !== account.apiKey || fields['signature'] !== cloudinarySignature(fields, account.apiSecret)) {
        answer(401, { error: { message: 'Invalid Signature. String to sign - redacted by the fake.' } });
        return;
      }
      if (file === undefined || file.length === 0) {
        answer(400, { error: { message: 'Empty file' } });
        return;
      }
      const cloudName = route[1]!;
      const resourceType = route[2]!;
      uploads.push({ cloudName, resourceType, params: fields, file });
      const publicId = `${fields['folder'] === undefined ? '' : `${fields['folder']}/`}upload${uploads.length}`;
      answer(200, {
        public_id: publicId,
        version: 1_760_000_000 + uploads.length,
        resource_type: resourceType,
        type: 'upload',
        bytes: file.length,
        url: `http://res.cloudinary.example/${cloudName}/${resourceType}/upload/${publicId}`,
        secure_url: `https://res.cloudinary.example/${cloudName}/${resourceType}/upload/${publicId}`,
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    uploadPrefix: `https://127.0.0.1:${(server.address() as AddressInfo).port}`,
    uploads,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
