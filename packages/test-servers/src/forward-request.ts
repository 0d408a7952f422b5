import { request as httpRequest, type ClientRequest, type IncomingMessage } from 'node:http';

/**
 * Sends a request a proxy received, whose body it has read, on to `target` as it came (only its Host
 * made the target's); `onAnswer` gets the target's answer. The caller listens for `error`.
 */
export function forwardRequest(
  target: URL,
  incoming: IncomingMessage,
  body: Buffer,
  onAnswer: (answer: IncomingMessage) => void,
): ClientRequest {
  const forwarded = httpRequest(
    {
      host: target.hostname,
      port: target.port,
      method: incoming.method,
      path: incoming.url,
      headers: { ...incoming.headers, host: target.host },
    },
    onAnswer,
  );
  forwarded.end(body);
  return forwarded;
}
