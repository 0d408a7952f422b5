import { pino, type DestinationStream, type Logger, type LoggerOptions } from 'pino';
import type { LogLevel } from '../config/config.ts';

/**
 * Structured JSON logs on stdout (or `destination`). Nothing logs headers, bodies or tokens on
 * purpose; the redaction is a second line of defence should an object carrying them ever be logged.
 * `rawPacket` is the raw request bytes (headers included) Node attaches to an HTTP parse error.
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
  return destination === undefined ? pino(options) : pino(options, destination);
}
