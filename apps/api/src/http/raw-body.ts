import type { IncomingMessage } from 'node:http';
import { HttpProblem } from './http-problem.ts';

export class BodyTooLarge extends HttpProblem {
  constructor(bytesMax: number) {
    super(413, 'BODY.TOO_LARGE', `the request body is larger than ${bytesMax} bytes`);
  }
}

/** The request body as bytes, exactly as sent, refused once it passes `bytesMax`. */
export async function readRawBody(request: IncomingMessage, bytesMax: number): Promise<Buffer> {
  const declared = Number(request.headers['content-length']);
  if (Number.isFinite(declared) && declared > bytesMax) throw new BodyTooLarge(bytesMax);
  const chunks: Buffer[] = [];
  let length = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    length += chunk.length;
    if (length > bytesMax) throw new BodyTooLarge(bytesMax);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, length);
}
