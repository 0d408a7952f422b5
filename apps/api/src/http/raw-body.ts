import type { IncomingMessage } from 'node:http';
import { requireIdentityEncoding } from './content-encoding.ts';
import { HttpProblem } from './http-problem.ts';
import { HttpErrors } from './http.errors.ts';

export class BodyTooLarge extends HttpProblem {
  constructor(bytesMax: number) {
    super(HttpErrors.BodyTooLarge, `the request body is larger than ${bytesMax} bytes`);
  }
}

export class BodyAborted extends HttpProblem {
  constructor() {
    super(HttpErrors.BodyAborted, 'the request was aborted');
  }
}

/** The request body as bytes, exactly as sent (never compressed: 415), refused once it passes `bytesMax`. */
export async function readRawBody(request: IncomingMessage, bytesMax: number): Promise<Buffer> {
  requireIdentityEncoding(request.headers);
  const declared = Number(request.headers['content-length']);
  if (Number.isFinite(declared) && declared > bytesMax) throw new BodyTooLarge(bytesMax);
  const chunks: Buffer[] = [];
  let length = 0;
  try {
    for await (const chunk of request as AsyncIterable<Buffer>) {
      length += chunk.length;
      if (length > bytesMax) throw new BodyTooLarge(bytesMax);
      chunks.push(chunk);
    }
  } catch (error) {
    // Node destroys the request with ECONNRESET when the client breaks off or sends a body HTTP cannot parse.
    if ((error as { code?: unknown }).code === 'ECONNRESET') throw new BodyAborted();
    throw error;
  }
  return Buffer.concat(chunks, length);
}
