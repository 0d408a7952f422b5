import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { EdgeConfig } from '../../config/config.ts';
import { httpStatusCode } from '../http.errors.ts';

type Handler = (request: IncomingMessage, response: ServerResponse) => void;

/**
 * How often Node looks for requests past their timeouts: half the shorter timeout, so a timeout is
 * enforced within half of itself, as Node's defaults are (60 s, checked every 30 s; its 30 s would
 * make a 20 s one up to 50 s), and not more than once a second. Each check wakes the process, idle
 * or not, and on this machine a wakeup is charged as much as a fraction of a request
 * (performance.md, "What an idle process is charged").
 */
export function timeoutCheckIntervalMs(edge: Pick<EdgeConfig, 'headersTimeoutMs' | 'requestTimeoutMs'>): number {
  return Math.max(1_000, Math.floor(Math.min(edge.headersTimeoutMs, edge.requestTimeoutMs) / 2));
}

/** An answer written straight to the socket: the request never reached the app, so there is no response object. */
function rawAnswer(status: number, reason: string, message: string): string {
  const body = JSON.stringify({ message, code: httpStatusCode(status) });
  return `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`;
}

/**
 * What Node's own handler answers to a request its parser refused (400, 431, 408), except a method
 * Node does not know: that is 501 (RFC 9110: the server does not implement it), where a method Node
 * knows but no route takes is the app's 405.
 */
function answerClientError(error: Error & { code?: string }, socket: Duplex): void {
  if (socket.writable && (socket as Duplex & { bytesWritten?: number }).bytesWritten === 0) {
    switch (error.code) {
      case 'HPE_INVALID_METHOD':
        socket.write(rawAnswer(501, 'Not Implemented', 'the request method is not implemented'));
        break;
      case 'HPE_HEADER_OVERFLOW':
        socket.write(rawAnswer(431, 'Request Header Fields Too Large', 'the request headers are too large'));
        break;
      case 'ERR_HTTP_REQUEST_TIMEOUT':
        socket.write(rawAnswer(408, 'Request Timeout', 'the request took too long to arrive'));
        break;
      default:
        socket.write(rawAnswer(400, 'Bad Request', 'the request could not be parsed'));
    }
  }
  socket.destroy(error);
}

/**
 * The API's HTTP server, with its timeouts set from the configuration rather than left to Node's
 * defaults: the headers must arrive within `headersTimeoutMs`, the whole request within
 * `requestTimeoutMs`, and an idle keep-alive connection is closed after `keepAliveTimeoutMs`.
 */
export function createHttpServer(handler: Handler, edge: EdgeConfig): Server {
  const server = createServer(
    {
      headersTimeout: edge.headersTimeoutMs,
      requestTimeout: edge.requestTimeoutMs,
      keepAliveTimeout: edge.keepAliveTimeoutMs,
      connectionsCheckingInterval: timeoutCheckIntervalMs(edge),
    },
    handler,
  );
  server.on('clientError', answerClientError);
  return server;
}
