import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ConfigurationInvalid, loadConfig, SETTING_NAMES } from './config.ts';

/** The configuration is read once at start: defaults, embedded parts, and one message naming every problem. */
const generated = () => 'generated-secret';

const fullyConfigured = {
  MONGODB_URI: 'mongodb://db.internal:27017/skillhouse',
  JWT_SECRET: 'x'.repeat(40),
  STRIPE_SECRET_KEY: 'sk_live_abc123',
  STRIPE_WEBHOOK_SECRET: 'whsec_abc12345',
  CLIENT_URL: 'https://skillhouse.example',
  CLOUDINARY_URL: 'cloudinary://1234:secret@demo-cloud',
};

function problemsOf(env: Record<string, string>): readonly string[] {
  try {
    loadConfig(env, generated);
  } catch (error) {
    if (error instanceof ConfigurationInvalid) return error.problems;
    throw error;
  }
  throw new Error('the configuration was accepted');
}

describe('loadConfig', () => {
  it('runs everything embedded with defaults when nothing is set', () => {
    const config = loadConfig({}, generated);
    expect(config.embeddedParts).toEqual(['database', 'payments', 'media', 'identity', 'client-url']);
    expect(config).toMatchObject({
      port: 3000,
      nodeEnv: 'development',
      logLevel: 'info',
      clientUrl: 'http://localhost:3000',
      jwtSecret: 'generated-secret',
      database: { kind: 'memory' },
      payments: { kind: 'local', webhookSecret: 'whsec_generated-secret' },
      media: { kind: 'local' },
      recoveryIntervalMs: 60_000,
    });
    expect(config.policy).toMatchObject({ platformFeeBps: 1000, refundSplit: { Pending: 0, Started: 1500, Ongoing: 4000 } });
  });

  it('generates a fresh secret per start', () => {
    expect(loadConfig({}).jwtSecret).not.toBe(loadConfig({}).jwtSecret);
  });

  it('treats empty values as unset', () => {
    expect(loadConfig({ PORT: '', MONGODB_URI: '' }, generated)).toMatchObject({ port: 3000, database: { kind: 'memory' } });
  });

  it('reads every part when configured', () => {
    const config = loadConfig(
      {
        ...fullyConfigured,
        PORT: '8080',
        NODE_ENV: 'production',
        PLATFORM_FEE_BPS: '750',
        REFUND_SHARE_STARTED_BPS: '1000',
        REFUND_SHARE_ONGOING_BPS: '3000',
        MEDIA_IMAGE_BYTES_MAX: '1000',
        MEDIA_VIDEO_BYTES_MAX: '2000',
        RECOVERY_INTERVAL_MS: '5000',
        STRIPE_API_BASE: 'http://localhost:12111',
      },
      generated,
    );
    expect(config.embeddedParts).toEqual([]);
    expect(config).toMatchObject({
      port: 8080,
      database: { kind: 'mongo', uri: fullyConfigured.MONGODB_URI },
      payments: { kind: 'stripe', secretKey: 'sk_live_abc123', webhookSecret: 'whsec_abc12345' },
      media: { kind: 'cloudinary', url: fullyConfigured.CLOUDINARY_URL },
      recoveryIntervalMs: 5000,
      policy: {
        platformFeeBps: 750,
        refundSplit: { Started: 1000, Ongoing: 3000 },
        mediaLimits: { imageBytesMax: 1000, videoBytesMax: 2000 },
      },
    });
    expect(config.payments.kind === 'stripe' && config.payments.apiBase?.port).toBe('12111');
  });

  it('names every bad value in one message', () => {
    const env = {
      PORT: 'eighty',
      MONGODB_URI: 'postgres://nope',
      JWT_SECRET: 'short',
      STRIPE_SECRET_KEY: 'pk_test_123',
      STRIPE_WEBHOOK_SECRET: 'whsec_1',
      CLIENT_URL: 'not a url',
      CLOUDINARY_URL: 'https://cloudinary.com',
      PLATFORM_FEE_BPS: '10001',
      LOG_LEVEL: 'loud',
      NODE_ENV: 'staging',
      RECOVERY_INTERVAL_MS: '10',
      MEDIA_IMAGE_BYTES_MAX: '0',
      STRIPE_API_BASE: 'ftp://x',
    };
    const problems = problemsOf(env);
    for (const name of Object.keys(env)) expect(problems.some((problem) => problem.startsWith(`${name}:`))).toBe(true);
    expect(() => loadConfig(env)).toThrow(/Invalid configuration:\n {2}- /);
  });

  it('defaults the edge: CORS for the client URL origin, 24 h tokens, explicit timeouts, a quota, no metrics', () => {
    expect(loadConfig({ CLIENT_URL: 'https://app.example/path' }, generated).edge).toEqual({
      corsOrigins: ['https://app.example'],
      jwtMaxAgeSeconds: 86_400,
      headersTimeoutMs: 20_000,
      requestTimeoutMs: 300_000,
      keepAliveTimeoutMs: 5_000,
      uploadQuota: { uploadsPerHour: 60, bytesPerHour: 1024 ** 3 },
      metrics: { token: null, port: null },
    });
  });

  it('reads the edge settings', () => {
    const edge = loadConfig(
      {
        CORS_ORIGINS: 'https://app.example, http://localhost:5173',
        JWT_MAX_AGE: '3600',
        HTTP_HEADERS_TIMEOUT_MS: '5000',
        HTTP_REQUEST_TIMEOUT_MS: '60000',
        UPLOADS_PER_HOUR: '5',
        UPLOAD_BYTES_PER_HOUR: '1000',
        METRICS_TOKEN: 'a-metrics-token-0123',
        METRICS_PORT: '9464',
      },
      generated,
    ).edge;
    expect(edge).toMatchObject({
      corsOrigins: ['https://app.example', 'http://localhost:5173'],
      jwtMaxAgeSeconds: 3600,
      headersTimeoutMs: 5000,
      requestTimeoutMs: 60_000,
      uploadQuota: { uploadsPerHour: 5, bytesPerHour: 1000 },
      metrics: { token: 'a-metrics-token-0123', port: 9464 },
    });
  });

  it.each([
    ['CORS_ORIGINS', { CORS_ORIGINS: 'https://app.example/path' }],
    ['CORS_ORIGINS', { CORS_ORIGINS: '*' }],
    ['JWT_MAX_AGE', { JWT_MAX_AGE: '0' }],
    ['HTTP_HEADERS_TIMEOUT_MS', { HTTP_HEADERS_TIMEOUT_MS: '90000', HTTP_REQUEST_TIMEOUT_MS: '60000' }],
    ['METRICS_TOKEN', { METRICS_TOKEN: 'short' }],
    ['METRICS_PORT', { METRICS_PORT: '3000' }],
  ])('refuses a bad %s', (name, env) => {
    expect(problemsOf(env)).toEqual([expect.stringMatching(new RegExp(`^${name}: `))]);
  });

  it('bounds the waits on the database and Stripe, and recovery, with defaults and limits', () => {
    const defaults = loadConfig(fullyConfigured, generated);
    expect(defaults.database).toEqual({
      kind: 'mongo',
      uri: fullyConfigured.MONGODB_URI,
      timeouts: { serverSelectionTimeoutMS: 5_000, connectTimeoutMS: 5_000, socketTimeoutMS: 20_000 },
    });
    expect(defaults.payments).toMatchObject({ kind: 'stripe', timeoutMs: 20_000 });
    expect(defaults).toMatchObject({
      recoveryIntervalMs: 60_000,
      recoveryGraceMs: 60_000,
      recoveryRetryDelayMs: 60_000,
      recoveryStuckAttempts: 5,
    });

    const tuned = loadConfig(
      {
        ...fullyConfigured,
        MONGODB_SERVER_SELECTION_TIMEOUT_MS: '2000',
        MONGODB_CONNECT_TIMEOUT_MS: '1000',
        MONGODB_SOCKET_TIMEOUT_MS: '8000',
        STRIPE_TIMEOUT_MS: '3000',
        RECOVERY_GRACE_MS: '1000',
        RECOVERY_STUCK_ATTEMPTS: '3',
      },
      generated,
    );
    expect(tuned.database).toMatchObject({
      timeouts: { serverSelectionTimeoutMS: 2_000, connectTimeoutMS: 1_000, socketTimeoutMS: 8_000 },
    });
    expect(tuned.payments).toMatchObject({ timeoutMs: 3_000 });
    expect(tuned).toMatchObject({ recoveryGraceMs: 1_000, recoveryStuckAttempts: 3 });

    expect(
      problemsOf({
        MONGODB_SERVER_SELECTION_TIMEOUT_MS: '100',
        MONGODB_SOCKET_TIMEOUT_MS: '999999',
        STRIPE_TIMEOUT_MS: '0',
        RECOVERY_GRACE_MS: '10',
        RECOVERY_STUCK_ATTEMPTS: '0',
      }),
    ).toEqual([
      'RECOVERY_GRACE_MS: must be at least 1000',
      'RECOVERY_STUCK_ATTEMPTS: must be at least 1',
      'MONGODB_SERVER_SELECTION_TIMEOUT_MS: must be at least 500',
      'MONGODB_SOCKET_TIMEOUT_MS: must be at most 300000',
      'STRIPE_TIMEOUT_MS: must be at least 1000',
    ]);
  });

  it('names the problems between settings beside those of single values, once each', () => {
    expect(problemsOf({ PORT: 'abc', JWT_SECRET: 'short', STRIPE_SECRET_KEY: 'sk_test_1' })).toEqual([
      expect.stringMatching(/^PORT: /),
      expect.stringMatching(/^JWT_SECRET: /),
      expect.stringMatching(/^STRIPE_WEBHOOK_SECRET: required when STRIPE_SECRET_KEY is set/),
    ]);
    // A setting refused on its own is not also reported as missing, nor compared with another.
    expect(problemsOf({ STRIPE_SECRET_KEY: 'sk_test_1', STRIPE_WEBHOOK_SECRET: 'nope', HTTP_HEADERS_TIMEOUT_MS: 'x' })).toEqual([
      expect.stringMatching(/^STRIPE_WEBHOOK_SECRET: must be the webhook signing secret/),
      expect.stringMatching(/^HTTP_HEADERS_TIMEOUT_MS: /),
    ]);
    expect(problemsOf({ STRIPE_SECRET_KEY: 'pk_nope', STRIPE_API_BASE: 'http://localhost:12111', PORT: 'x' })).toEqual([
      expect.stringMatching(/^PORT: /),
      expect.stringMatching(/^STRIPE_SECRET_KEY: /),
    ]);
  });

  it('refuses a Stripe key without the webhook secret', () => {
    expect(problemsOf({ STRIPE_SECRET_KEY: 'sk_test_123' })).toEqual([
      expect.stringMatching(/^STRIPE_WEBHOOK_SECRET: required when STRIPE_SECRET_KEY is set/),
    ]);
  });

  it('refuses to run embedded parts in production, naming each', () => {
    const problems = problemsOf({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(40), CLIENT_URL: 'https://skillhouse.example' });
    expect(problems).toEqual([
      expect.stringMatching(/^MONGODB_URI: required with NODE_ENV=production \(the database would run embedded\)/),
      expect.stringMatching(/^STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET: required/),
      expect.stringMatching(/^CLOUDINARY_URL: required/),
    ]);
  });
});

describe('the settings table of docs/operations.md', () => {
  it('has a row for every setting the API reads', () => {
    const operations = readFileSync(fileURLToPath(new URL('../../../../docs/operations.md', import.meta.url)), 'utf8');
    expect(SETTING_NAMES.filter((name) => !operations.includes(`| \`${name}\` |`))).toEqual([]);
  });
});
