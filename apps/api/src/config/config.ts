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

export type DatabaseConfig = { readonly kind: 'memory' } | { readonly kind: 'mongo'; readonly uri: string };

export type PaymentsConfig =
  | { readonly kind: 'local'; readonly webhookSecret: string }
  | { readonly kind: 'stripe'; readonly secretKey: string; readonly webhookSecret: string; readonly apiBase: URL | null };

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
  readonly reviewTimerIntervalMs: number;
  readonly embeddedParts: readonly EmbeddedPart[];
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
/** How often each process looks for lapsed review periods; any process may release, the escrow's stream lets one. */
export const REVIEW_TIMER_INTERVAL_MS_DEFAULT = 60_000;
export const REVIEW_PERIOD_DAYS_MIN = 1;
export const REVIEW_PERIOD_DAYS_MAX = 60;

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

const basisPoints = integerSetting(0, BASIS_POINTS_WHOLE);
const byteCount = integerSetting(1, Number.MAX_SAFE_INTEGER);

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
  RECOVERY_INTERVAL_MS: optional(integerSetting(RECOVERY_INTERVAL_MS_MIN, 24 * 60 * 60 * 1_000)),
  REVIEW_PERIOD_DAYS: optional(integerSetting(REVIEW_PERIOD_DAYS_MIN, REVIEW_PERIOD_DAYS_MAX)),
  REVIEW_TIMER_INTERVAL_MS: optional(integerSetting(1_000, 60 * 60 * 1_000)),
  WITHDRAWAL_MIN_PAISE: optional(integerSetting(1, CHARGE_PAISE_MAX)),
});

type Environment = z.infer<typeof environmentSchema>;

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
    throw new ConfigurationInvalid(parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`));
  }
  const values = parsed.data;
  const problems = crossSettingProblems(values);
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

function crossSettingProblems(values: Environment): string[] {
  const problems: string[] = [];
  if (values.STRIPE_SECRET_KEY !== undefined && values.STRIPE_WEBHOOK_SECRET === undefined) {
    problems.push('STRIPE_WEBHOOK_SECRET: required when STRIPE_SECRET_KEY is set (Stripe webhooks could not be verified)');
  }
  if (values.STRIPE_API_BASE !== undefined && values.STRIPE_SECRET_KEY === undefined) {
    problems.push('STRIPE_API_BASE: only meaningful with STRIPE_SECRET_KEY set');
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
    database: values.MONGODB_URI === undefined ? { kind: 'memory' } : { kind: 'mongo', uri: values.MONGODB_URI },
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
    embeddedParts,
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
  };
}
