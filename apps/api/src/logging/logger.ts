import { pino, type DestinationStream, type Logger, type LoggerOptions } from 'pino';
import type { LogLevel } from '../config/config.ts';

/**
 * Structured JSON logs on stdout (or `destination`). Nothing logs headers, bodies or tokens on
 * purpose; the redaction is a second line of defence should an object carrying them ever be logged.
 * `rawPacket` is the raw request bytes (headers included) Node attaches to an HTTP parse error.
 *
 * Stdout is written synchronously, each line as it is logged. pino's own default writes through
 * libuv's thread pool: a line still queued when the process dies is lost, and each line cost the
 * API a thread hand-off and a wake-up of its event loop (performance.md).
 */
export function createLogger(level: LogLevel, destination?: DestinationStream): Logger {
  const options: LoggerOptions = {
    level,
    base: { service: 'skillhouse-api' },
    redact: {
      paths: [
        'authorization',
        '*.authorization',
        '*.headers.authorization',
        '*.headers["stripe-signature"]',
        'token',
        '*.token',
        'secret',
        '*.secret',
        '*.secretKey',
        '*.webhookSecret',
        '*.jwtSecret',
        'rawPacket',
        '*.rawPacket',
      ],
      censor: '[redacted]',
    },
  };
  return pino(options, destination ?? pino.destination({ dest: 1, sync: true }));
}
