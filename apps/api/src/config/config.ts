import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import {
  BASIS_POINTS_WHOLE,
  CHARGE_PAISE_MAX,
  MARKETPLACE_POLICY_DEFAULT,
  MEDIA_LIMITS_DEFAULT,
  DAY_MS,
  PLATFORM_FEE_BPS_DEFAULT,
  REVIEW_PERIOD_DAYS_DEFAULT,
  REFUND_SPLIT_POLICY_DEFAULT,
  type MarketplacePolicy,
} from '@skillhouse/domain';

/** The parts that run embedded in the process when they are not configured. */
export type EmbeddedPart = 'database' | 'payments' | 'media' | 'identity' | 'client-url';

/** What to set to stop running each part embedded. */
export const EMBEDDED_PART_SETTINGS: Readonly<Record<EmbeddedPart, string>> = {
  database: 'MONGODB_URI',
  payments: 'STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET',
  media: 'CLOUDINARY_URL',
  identity: 'JWT_SECRET',
  'client-url': 'CLIENT_URL',
};

/** The driver's bounds (docs/operations.md, "Bounded waits"): how long a request can wait on the database before it answers 503. */
export interface DatabaseTimeouts {
  readonly serverSelectionTimeoutMS: number;
  readonly connectTimeoutMS: number;
  readonly socketTimeoutMS: number;
}

export type DatabaseConfig =
  { readonly kind: 'memory' } | { readonly kind: 'mongo'; readonly uri: string; readonly timeouts: DatabaseTimeouts };

export type PaymentsConfig =
  | { readonly kind: 'local'; readonly webhookSecret: string }
  | {
      readonly kind: 'stripe';
      readonly secretKey: string;
      readonly webhookSecret: string;
      readonly apiBase: URL | null;
      /** Per attempt; the SDK makes up to STRIPE_NETWORK_RETRIES_DEFAULT more. */
      readonly timeoutMs: number;
    };

export type MediaConfig = { readonly kind: 'local' } | { readonly kind: 'cloudinary'; readonly url: string };

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface AppConfig {
  readonly port: number;
  readonly nodeEnv: 'development' | 'test' | 'production';
  readonly logLevel: LogLevel;
  /** Where this API is reached from the machine it runs on; the embedded checkout page lives here. */
  readonly publicUrl: string;
  readonly clientUrl: string;
  readonly jwtSecret: string;
  readonly database: DatabaseConfig;
  readonly payments: PaymentsConfig;
  readonly media: MediaConfig;
  readonly policy: MarketplacePolicy;
  readonly recoveryIntervalMs: number;
  /** Operations younger than this may still be running in some process; recovery leaves them alone. */
  readonly recoveryGraceMs: number;
  /** The wait before recovery retries an operation that failed once; it doubles with each further failure, up to a day. */
  readonly recoveryRetryDelayMs: number;
  /** An operation that failed this many recovery attempts is reported as stuck. */
  readonly recoveryStuckAttempts: number;
  readonly reviewTimerIntervalMs: number;
  readonly embeddedParts: readonly EmbeddedPart[];
  readonly edge: EdgeConfig;
  readonly rateLimits: RateLimitConfig;
  /** How many proxies in front of the API append to X-Forwarded-For; 0: the client's address is the socket's. */
  readonly trustProxyHops: number;
  readonly events: EventStreamConfig;
}

/** Requests per window: per user with a valid token, per client address without; 0 turns a limit off. */
export interface RateLimitConfig {
  readonly userPoints: number;
  readonly anonymousPoints: number;
  readonly windowSeconds: number;
}

export interface EventStreamConfig {
  readonly connectionsPerUser: number;
  readonly heartbeatMs: number;
  readonly idleCloseMs: number;
  readonly pollMs: number;
}

/** What the HTTP edge enforces: who may call from a browser, how long a request and a token may live, quotas, metrics. */
export interface EdgeConfig {
  /** Origins a browser may call the API from (CORS); others get no CORS headers. */
  readonly corsOrigins: readonly string[];
  /** A token older than this (from its `iat`) is refused, whatever its `exp` says. */
  readonly jwtMaxAgeSeconds: number;
  readonly headersTimeoutMs: number;
  readonly requestTimeoutMs: number;
  readonly keepAliveTimeoutMs: number;
  readonly uploadQuota: { readonly uploadsPerHour: number; readonly bytesPerHour: number };
  /** `/metrics`: on its own port when `port` is set (behind `token` too when set), else on the API's port behind `token`; off when neither is set. */
  readonly metrics: { readonly token: string | null; readonly port: number | null };
}

/** The environment could not be turned into a configuration; the message names every bad value. */
export class ConfigurationInvalid extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'ConfigurationInvalid';
  }
}

export const JWT_SECRET_LENGTH_MIN = 32;
export const RECOVERY_INTERVAL_MS_DEFAULT = 60_000;
export const RECOVERY_INTERVAL_MS_MIN = 1_000;
export const RECOVERY_INTERVAL_MS_MAX = 24 * 60 * 60 * 1_000;
export const RECOVERY_GRACE_MS_DEFAULT = 60_000;
/** Shorter, and recovery could finish an operation a live request is still working on (harmless, but wasted work). */
export const RECOVERY_GRACE_MS_MIN = 1_000;
export const RECOVERY_GRACE_MS_MAX = 24 * 60 * 60 * 1_000;
export const RECOVERY_RETRY_DELAY_MS_DEFAULT = 60_000;
export const RECOVERY_STUCK_ATTEMPTS_DEFAULT = 5;
export const MONGODB_SERVER_SELECTION_TIMEOUT_MS_DEFAULT = 5_000;
export const MONGODB_CONNECT_TIMEOUT_MS_DEFAULT = 5_000;
export const MONGODB_SOCKET_TIMEOUT_MS_DEFAULT = 20_000;
export const STRIPE_TIMEOUT_MS_DEFAULT = 20_000;
/** How often each process looks for lapsed review periods; any process may release, the escrow's stream lets one. */
export const REVIEW_TIMER_INTERVAL_MS_DEFAULT = 60_000;
export const REVIEW_PERIOD_DAYS_MIN = 1;
export const RATE_LIMIT_DEFAULT: RateLimitConfig = { userPoints: 300, anonymousPoints: 120, windowSeconds: 60 };
export const EVENT_STREAM_DEFAULT: EventStreamConfig = {
  connectionsPerUser: 3,
  heartbeatMs: 15_000,
  idleCloseMs: 5 * 60_000,
  pollMs: 1_000,
};
export const REVIEW_PERIOD_DAYS_MAX = 60;
export const JWT_MAX_AGE_SECONDS_DEFAULT = 24 * 60 * 60;
/** Long enough for the headers of any honest client, short enough that a slow-headers attack holds a socket briefly. */
export const HTTP_HEADERS_TIMEOUT_MS_DEFAULT = 20_000;
/** The whole request, body included: a 100 MiB video needs about 3 Mbit/s to arrive in time. */
export const HTTP_REQUEST_TIMEOUT_MS_DEFAULT = 300_000;
export const HTTP_KEEP_ALIVE_TIMEOUT_MS_DEFAULT = 5_000;
export const UPLOADS_PER_HOUR_DEFAULT = 60;
export const UPLOAD_BYTES_PER_HOUR_DEFAULT = 1024 * 1024 * 1024;
export const METRICS_TOKEN_LENGTH_MIN = 16;

/** Unset and empty are the same: an `.env` line `KEY=` must not count as a value. */
function optional<T extends z.ZodType>(schema: T) {
  return z.preprocess((value) => (value === '' ? undefined : value), schema.optional());
}

function integerSetting(min: number, max: number) {
  return z
    .string()
    .regex(/^\d+$/, 'must be a whole number')
    .transform(Number)
    .pipe(z.number().int().min(min, `must be at least ${min}`).max(max, `must be at most ${max}`));
}

function httpUrlSetting() {
  return z.url({ protocol: /^https?$/, error: 'must be an http or https URL' });
}

/** `https://app.example,http://localhost:5173`: each an origin (scheme, host, port), nothing after it. */
function originListSetting() {
  return z
    .string()
    .transform((text) => text.split(',').map((origin) => origin.trim()))
    .refine((origins) => origins.every(isOrigin), 'must be comma-separated origins such as https://app.example (no path)');
}

function isOrigin(text: string): boolean {
  try {
    const url = new URL(text);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.origin === text;
  } catch {
    return false;
  }
}

const basisPoints = integerSetting(0, BASIS_POINTS_WHOLE);
const byteCount = integerSetting(1, Number.MAX_SAFE_INTEGER);

/** Every setting the API reads from its environment: docs/operations.md has a row for each. */
const environmentSchema = z.object({
  PORT: optional(integerSetting(0, 65_535)),
  NODE_ENV: optional(z.enum(['development', 'test', 'production'], { error: 'must be development, test or production' })),
  LOG_LEVEL: optional(z.enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(', ')}` })),
  MONGODB_URI: optional(z.string().regex(/^mongodb(\+srv)?:\/\/\S+$/, 'must be a mongodb:// or mongodb+srv:// connection string')),
  JWT_SECRET: optional(z.string().min(JWT_SECRET_LENGTH_MIN, `must be at least ${JWT_SECRET_LENGTH_MIN} characters`)),
  STRIPE_SECRET_KEY: optional(z.string().regex(/^(sk|rk)_(test|live)_\S+$/, 'must be a Stripe secret key (sk_test_... or sk_live_...)')),
  STRIPE_WEBHOOK_SECRET: optional(z.string().regex(/^\S{8,}$/, 'must be the webhook signing secret (whsec_...)')),
  STRIPE_API_BASE: optional(httpUrlSetting()),
  CLIENT_URL: optional(httpUrlSetting()),
  CLOUDINARY_URL: optional(
    z.string().regex(/^cloudinary:\/\/[^:@\s]+:[^@\s]+@[^\s/]+$/, 'must be cloudinary://<api_key>:<api_secret>@<cloud_name>'),
  ),
  PLATFORM_FEE_BPS: optional(basisPoints),
  REFUND_SHARE_STARTED_BPS: optional(basisPoints),
  REFUND_SHARE_ONGOING_BPS: optional(basisPoints),
  MEDIA_IMAGE_BYTES_MAX: optional(byteCount),
  MEDIA_VIDEO_BYTES_MAX: optional(byteCount),
  RECOVERY_INTERVAL_MS: optional(integerSetting(RECOVERY_INTERVAL_MS_MIN, RECOVERY_INTERVAL_MS_MAX)),
  RECOVERY_GRACE_MS: optional(integerSetting(RECOVERY_GRACE_MS_MIN, RECOVERY_GRACE_MS_MAX)),
  RECOVERY_RETRY_DELAY_MS: optional(integerSetting(1_000, 60 * 60 * 1_000)),
  RECOVERY_STUCK_ATTEMPTS: optional(integerSetting(1, 100)),
  MONGODB_SERVER_SELECTION_TIMEOUT_MS: optional(integerSetting(500, 60_000)),
  MONGODB_CONNECT_TIMEOUT_MS: optional(integerSetting(500, 60_000)),
  MONGODB_SOCKET_TIMEOUT_MS: optional(integerSetting(1_000, 300_000)),
  STRIPE_TIMEOUT_MS: optional(integerSetting(1_000, 80_000)),
  REVIEW_PERIOD_DAYS: optional(integerSetting(REVIEW_PERIOD_DAYS_MIN, REVIEW_PERIOD_DAYS_MAX)),
  REVIEW_TIMER_INTERVAL_MS: optional(integerSetting(1_000, 60 * 60 * 1_000)),
  CORS_ORIGINS: optional(originListSetting()),
  JWT_MAX_AGE: optional(integerSetting(60, 365 * 24 * 60 * 60)),
  HTTP_HEADERS_TIMEOUT_MS: optional(integerSetting(1_000, 10 * 60 * 1_000)),
  HTTP_REQUEST_TIMEOUT_MS: optional(integerSetting(1_000, 60 * 60 * 1_000)),
  HTTP_KEEP_ALIVE_TIMEOUT_MS: optional(integerSetting(1_000, 10 * 60 * 1_000)),
  UPLOADS_PER_HOUR: optional(integerSetting(1, 1_000_000)),
  UPLOAD_BYTES_PER_HOUR: optional(byteCount),
  METRICS_TOKEN: optional(
    z
      .string()
      .regex(/^[\x21-\x7e]+$/, 'must be printable ASCII without spaces')
      .min(METRICS_TOKEN_LENGTH_MIN, `must be at least ${METRICS_TOKEN_LENGTH_MIN} characters`),
  ),
  METRICS_PORT: optional(integerSetting(1, 65_535)),
  RATE_LIMIT_USER_POINTS: optional(integerSetting(0, 1_000_000)),
  RATE_LIMIT_ANONYMOUS_POINTS: optional(integerSetting(0, 1_000_000)),
  RATE_LIMIT_WINDOW_SECONDS: optional(integerSetting(1, 24 * 60 * 60)),
  TRUST_PROXY: optional(
    z
      .string()
      .regex(/^(true|false|\d{1,2})$/, 'must be false, true (one proxy) or the number of proxies in front')
      .transform((value) => (value === 'true' ? 1 : value === 'false' ? 0 : Number(value))),
  ),
  EVENTS_CONNECTIONS_PER_USER: optional(integerSetting(1, 100)),
  EVENTS_HEARTBEAT_MS: optional(integerSetting(1_000, 10 * 60_000)),
  EVENTS_IDLE_CLOSE_MS: optional(integerSetting(1_000, 24 * 60 * 60_000)),
  EVENTS_POLL_MS: optional(integerSetting(100, 60_000)),
  WITHDRAWAL_MIN_PAISE: optional(integerSetting(1, CHARGE_PAISE_MAX)),
});

type Environment = z.infer<typeof environmentSchema>;

export const SETTING_NAMES: readonly string[] = Object.keys(environmentSchema.shape);

/** A fresh random secret, for the parts that run embedded. */
export type SecretGenerator = () => string;

const randomSecret: SecretGenerator = () => randomBytes(32).toString('hex');

/**
 * Reads the configuration from the environment. Parts left unconfigured run embedded (in memory, on
 * local disk, with generated secrets); in production that is refused. Every problem is reported at once.
 */
export function loadConfig(env: Readonly<Record<string, string | undefined>>, generateSecret: SecretGenerator = randomSecret): AppConfig {
  const parsed = environmentSchema.safeParse(env);
  if (!parsed.success) {
    // The settings between them are checked too, on those that are valid each alone: every problem at once.
    const invalid = new Set(parsed.error.issues.map((issue) => String(issue.path[0])));
    const rest = environmentSchema.partial().safeParse(Object.fromEntries(Object.entries(env).filter(([name]) => !invalid.has(name))));
    const valid = rest.success ? rest.data : {};
    throw new ConfigurationInvalid([
      ...parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`),
      ...crossSettingProblems(valid, invalid),
    ]);
  }
  const values = parsed.data;
  const problems = crossSettingProblems(values, new Set());
  if (problems.length > 0) throw new ConfigurationInvalid(problems);

  const config = configFrom(values, generateSecret);
  if (config.nodeEnv === 'production' && config.embeddedParts.length > 0) {
    throw new ConfigurationInvalid(
      config.embeddedParts.map(
        (part) => `${EMBEDDED_PART_SETTINGS[part]}: required with NODE_ENV=production (the ${part} would run embedded)`,
      ),
    );
  }
  return config;
}

/**
 * Problems between settings. `invalid`: settings refused on their own, left out of `values`; a check
 * involving one is skipped (it is set, just not readable), so no problem is reported twice or wrongly.
 */
function crossSettingProblems(values: Partial<Environment>, invalid: ReadonlySet<string>): string[] {
  const problems: string[] = [];
  const readable = (...names: (keyof Environment)[]) => names.every((name) => !invalid.has(name));
  if (values.STRIPE_SECRET_KEY !== undefined && values.STRIPE_WEBHOOK_SECRET === undefined && readable('STRIPE_WEBHOOK_SECRET')) {
    problems.push('STRIPE_WEBHOOK_SECRET: required when STRIPE_SECRET_KEY is set (Stripe webhooks could not be verified)');
  }
  if (values.STRIPE_API_BASE !== undefined && values.STRIPE_SECRET_KEY === undefined && readable('STRIPE_SECRET_KEY')) {
    problems.push('STRIPE_API_BASE: only meaningful with STRIPE_SECRET_KEY set');
  }
  // Node refuses headers that outlast the whole request; say so at start rather than at the first request.
  if (
    readable('HTTP_HEADERS_TIMEOUT_MS', 'HTTP_REQUEST_TIMEOUT_MS') &&
    (values.HTTP_HEADERS_TIMEOUT_MS ?? HTTP_HEADERS_TIMEOUT_MS_DEFAULT) >
      (values.HTTP_REQUEST_TIMEOUT_MS ?? HTTP_REQUEST_TIMEOUT_MS_DEFAULT)
  ) {
    problems.push('HTTP_HEADERS_TIMEOUT_MS: must not be longer than HTTP_REQUEST_TIMEOUT_MS');
  }
  if (values.METRICS_PORT !== undefined && readable('PORT') && values.METRICS_PORT === (values.PORT ?? 3000)) {
    problems.push('METRICS_PORT: must differ from PORT (use METRICS_TOKEN to serve /metrics on the API port)');
  }
  return problems;
}

function configFrom(values: Environment, generateSecret: SecretGenerator): AppConfig {
  const port = values.PORT ?? 3000;
  const publicUrl = `http://localhost:${port}`;
  const embeddedParts: EmbeddedPart[] = [];
  if (values.MONGODB_URI === undefined) embeddedParts.push('database');
  if (values.STRIPE_SECRET_KEY === undefined) embeddedParts.push('payments');
  if (values.CLOUDINARY_URL === undefined) embeddedParts.push('media');
  if (values.JWT_SECRET === undefined) embeddedParts.push('identity');
  if (values.CLIENT_URL === undefined) embeddedParts.push('client-url');

  return {
    port,
    nodeEnv: values.NODE_ENV ?? 'development',
    logLevel: values.LOG_LEVEL ?? 'info',
    publicUrl,
    clientUrl: values.CLIENT_URL ?? publicUrl,
    jwtSecret: values.JWT_SECRET ?? generateSecret(),
    database: databaseFrom(values),
    payments: paymentsFrom(values, generateSecret),
    media: values.CLOUDINARY_URL === undefined ? { kind: 'local' } : { kind: 'cloudinary', url: values.CLOUDINARY_URL },
    policy: {
      ...MARKETPLACE_POLICY_DEFAULT,
      platformFeeBps: values.PLATFORM_FEE_BPS ?? PLATFORM_FEE_BPS_DEFAULT,
      refundSplit: {
        Pending: REFUND_SPLIT_POLICY_DEFAULT.Pending,
        Started: values.REFUND_SHARE_STARTED_BPS ?? REFUND_SPLIT_POLICY_DEFAULT.Started,
        Ongoing: values.REFUND_SHARE_ONGOING_BPS ?? REFUND_SPLIT_POLICY_DEFAULT.Ongoing,
      },
      mediaLimits: {
        imageBytesMax: values.MEDIA_IMAGE_BYTES_MAX ?? MEDIA_LIMITS_DEFAULT.imageBytesMax,
        videoBytesMax: values.MEDIA_VIDEO_BYTES_MAX ?? MEDIA_LIMITS_DEFAULT.videoBytesMax,
      },
      reviewPeriodMs: (values.REVIEW_PERIOD_DAYS ?? REVIEW_PERIOD_DAYS_DEFAULT) * DAY_MS,
      withdrawalMinPaise: values.WITHDRAWAL_MIN_PAISE ?? MARKETPLACE_POLICY_DEFAULT.withdrawalMinPaise,
    },
    reviewTimerIntervalMs: values.REVIEW_TIMER_INTERVAL_MS ?? REVIEW_TIMER_INTERVAL_MS_DEFAULT,
    recoveryIntervalMs: values.RECOVERY_INTERVAL_MS ?? RECOVERY_INTERVAL_MS_DEFAULT,
    recoveryGraceMs: values.RECOVERY_GRACE_MS ?? RECOVERY_GRACE_MS_DEFAULT,
    recoveryRetryDelayMs: values.RECOVERY_RETRY_DELAY_MS ?? RECOVERY_RETRY_DELAY_MS_DEFAULT,
    recoveryStuckAttempts: values.RECOVERY_STUCK_ATTEMPTS ?? RECOVERY_STUCK_ATTEMPTS_DEFAULT,
    embeddedParts,
    edge: edgeFrom(values, new URL(values.CLIENT_URL ?? publicUrl).origin),
    rateLimits: {
      userPoints: values.RATE_LIMIT_USER_POINTS ?? RATE_LIMIT_DEFAULT.userPoints,
      anonymousPoints: values.RATE_LIMIT_ANONYMOUS_POINTS ?? RATE_LIMIT_DEFAULT.anonymousPoints,
      windowSeconds: values.RATE_LIMIT_WINDOW_SECONDS ?? RATE_LIMIT_DEFAULT.windowSeconds,
    },
    trustProxyHops: values.TRUST_PROXY ?? 0,
    events: {
      connectionsPerUser: values.EVENTS_CONNECTIONS_PER_USER ?? EVENT_STREAM_DEFAULT.connectionsPerUser,
      heartbeatMs: values.EVENTS_HEARTBEAT_MS ?? EVENT_STREAM_DEFAULT.heartbeatMs,
      idleCloseMs: values.EVENTS_IDLE_CLOSE_MS ?? EVENT_STREAM_DEFAULT.idleCloseMs,
      pollMs: values.EVENTS_POLL_MS ?? EVENT_STREAM_DEFAULT.pollMs,
    },
  };
}

function edgeFrom(values: Environment, clientOrigin: string): EdgeConfig {
  return {
    corsOrigins: values.CORS_ORIGINS ?? [clientOrigin],
    jwtMaxAgeSeconds: values.JWT_MAX_AGE ?? JWT_MAX_AGE_SECONDS_DEFAULT,
    headersTimeoutMs: values.HTTP_HEADERS_TIMEOUT_MS ?? HTTP_HEADERS_TIMEOUT_MS_DEFAULT,
    requestTimeoutMs: values.HTTP_REQUEST_TIMEOUT_MS ?? HTTP_REQUEST_TIMEOUT_MS_DEFAULT,
    keepAliveTimeoutMs: values.HTTP_KEEP_ALIVE_TIMEOUT_MS ?? HTTP_KEEP_ALIVE_TIMEOUT_MS_DEFAULT,
    uploadQuota: {
      uploadsPerHour: values.UPLOADS_PER_HOUR ?? UPLOADS_PER_HOUR_DEFAULT,
      bytesPerHour: values.UPLOAD_BYTES_PER_HOUR ?? UPLOAD_BYTES_PER_HOUR_DEFAULT,
    },
    metrics: { token: values.METRICS_TOKEN ?? null, port: values.METRICS_PORT ?? null },
  };
}

function databaseFrom(values: Environment): DatabaseConfig {
  if (values.MONGODB_URI === undefined) return { kind: 'memory' };
  return {
    kind: 'mongo',
    uri: values.MONGODB_URI,
    timeouts: {
      serverSelectionTimeoutMS: values.MONGODB_SERVER_SELECTION_TIMEOUT_MS ?? MONGODB_SERVER_SELECTION_TIMEOUT_MS_DEFAULT,
      connectTimeoutMS: values.MONGODB_CONNECT_TIMEOUT_MS ?? MONGODB_CONNECT_TIMEOUT_MS_DEFAULT,
      socketTimeoutMS: values.MONGODB_SOCKET_TIMEOUT_MS ?? MONGODB_SOCKET_TIMEOUT_MS_DEFAULT,
    },
  };
}

function paymentsFrom(values: Environment, generateSecret: SecretGenerator): PaymentsConfig {
  if (values.STRIPE_SECRET_KEY === undefined) {
    return { kind: 'local', webhookSecret: values.STRIPE_WEBHOOK_SECRET ?? `whsec_${generateSecret()}` };
  }
  return {
    kind: 'stripe',
    secretKey: values.STRIPE_SECRET_KEY,
    // crossSettingProblems refused a key without a webhook secret.
    webhookSecret: values.STRIPE_WEBHOOK_SECRET ?? '',
    apiBase: values.STRIPE_API_BASE === undefined ? null : new URL(values.STRIPE_API_BASE),
    timeoutMs: values.STRIPE_TIMEOUT_MS ?? STRIPE_TIMEOUT_MS_DEFAULT,
  };
}
