import { pino, type Logger } from 'pino';
import type { LogLevel } from '../config/config.ts';

/**
 * Structured JSON logs on stdout. Nothing logs headers, bodies or tokens on purpose; the redaction
 * is a second line of defence should an object carrying them ever be logged.
 */
export function createLogger(level: LogLevel): Logger {
  return pino({
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
      ],
      censor: '[redacted]',
    },
  });
}
