/**
 * Everything the server reads from the environment, in one place, checked at start-up so a bad
 * production configuration stops the process with a message instead of failing on a request.
 */
import { resolve } from 'node:path';
import type { LogLevel } from './logger.js';

export interface RateLimitConfig {
  /** Requests per tenant per window. */
  max: number;
  windowSeconds: number;
  /** The limiter's clock, ms since the epoch; default Date.now. Tests pass their own to fix the window. */
  now?: (() => number) | undefined;
}

export interface JwtConfig {
  /** HS256 shared secret (JWT_SECRET). */
  secret?: string | undefined;
  /** PEM public key (JWT_PUBLIC_KEY) for RS256/ES256/EdDSA tokens. */
  publicKey?: string | undefined;
  algorithm: string;
  issuer?: string | undefined;
  audience?: string | undefined;
}

export interface ServerConfig {
  production: boolean;
  host: string;
  /** Main port: API, demo and redirect page. 0 picks a free one. */
  port: number;
  /** The dev OAuth provider's port. 0 picks a free one. */
  providerPort: number;
  /** Origin the browser uses for this server; defaults to http://127.0.0.1:PORT. */
  publicUrl?: string | undefined;
  /**
   * Host names answered besides the loopback ones and PUBLIC_URL's (ALLOWED_HOSTS), e.g. the name a
   * proxy forwards in Host. Any other Host is refused (421), which is what stops DNS rebinding.
   */
  allowedHosts?: string[] | undefined;
  dataDir: string;
  databaseUrl?: string | undefined;
  /** base64 of 32 bytes; required in production. */
  tokenEncryptionKey?: string | undefined;
  jwt: JwtConfig;
  /** Exact redirect URIs the OAuth flow may use; default: the server's own /oauth-callback.html. */
  allowedRedirectUris?: string[] | undefined;
  rateLimit: RateLimitConfig;
  /** Provider calls per integration per day (the quota reported by /usage; enforced on /test). */
  dailyCallQuota: number;
  /** Access-token lifetime of the dev provider, seconds. */
  devAccessTokenTtl: number;
  /** JSON catalogue of real providers (see README); without it the dev OAuth provider is started. */
  providersFile?: string | undefined;
  /** Origins allowed to call /api from a browser on another origin (CORS). */
  corsOrigins?: string[] | undefined;
  /** Serve demo/, dist/ and the redirect page from the main port. */
  serveDemo: boolean;
  /** Repository root (for demo/ and dist/). */
  rootDir: string;
  logLevel: LogLevel;
  /**
   * The server refreshes provider tokens ahead of expiry and runs scheduled health checks itself
   * (server/lifecycle/); `GET /api/me` says so in `features.serverRefresh`. SERVER_REFRESH, on by
   * default; a config object without it (the tests') leaves it off.
   */
  serverRefresh?: boolean | undefined;
  lifecycle?: Partial<LifecycleConfig> | undefined;
  webhooks?: Partial<WebhookConfig> | undefined;
  /**
   * Dev provider only: how long a rotated-away refresh token is still accepted (seconds, 0 = never).
   * A process killed after the provider rotated but before it stored the answer leaves the old token;
   * within this window the next process can still use it.
   */
  devRefreshTokenReuseSeconds?: number | undefined;
}

export interface LifecycleConfig {
  /** How often the worker looks for due refreshes and health checks, seconds. */
  tickSeconds: number;
  /** How long a claimed refresh is ours before another process may take the row, seconds. */
  leaseSeconds: number;
  /** Scheduled connection tests: every this many seconds per integration; 0 turns them off. */
  healthCheckIntervalSeconds: number;
  /** Backoff after a transient refresh failure: base and cap, seconds. */
  retryBaseSeconds: number;
  retryMaxSeconds: number;
  /** Rows claimed at once. */
  batchSize: number;
  /** Provider calls in flight at once per process. */
  concurrency: number;
}

export interface WebhookConfig {
  /** Where events are POSTed; no URL, no deliveries. */
  url: string | undefined;
  /** Standard Webhooks secret, `whsec_` + base64. */
  secret: string | undefined;
  /** Attempts per delivery before it is given up. */
  maxAttempts: number;
  retryBaseSeconds: number;
  retryMaxSeconds: number;
  /** How long one attempt may take, seconds. */
  timeoutSeconds: number;
}

export const LIFECYCLE_DEFAULTS: LifecycleConfig = {
  tickSeconds: 5,
  // Shorter than the lead time of the dev provider's 2-minute tokens (30 s), so a claim a killed
  // process left is taken over before the token expires; longer than a provider call (10 s).
  leaseSeconds: 20,
  healthCheckIntervalSeconds: 15 * 60,
  retryBaseSeconds: 15,
  retryMaxSeconds: 5 * 60,
  batchSize: 20,
  concurrency: 4,
};

export const WEBHOOK_DEFAULTS: WebhookConfig = {
  url: undefined,
  secret: undefined,
  maxAttempts: 8,
  retryBaseSeconds: 10,
  retryMaxSeconds: 60 * 60,
  timeoutSeconds: 10,
};

export class ConfigError extends Error {
  override name = 'ConfigError';
}

type Env = Record<string, string | undefined>;

function integer(env: Env, name: string, fallback: number, min = 0): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) throw new ConfigError(`${name} must be an integer ≥ ${min}, got "${raw}".`);
  return value;
}

function list(raw: string | undefined): string[] | undefined {
  const items = raw
    ?.split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  return items && items.length > 0 ? items : undefined;
}

export function configFromEnv(env: Env = process.env, rootDir = resolve(import.meta.dirname, '..')): ServerConfig {
  const production = env.NODE_ENV === 'production';
  const port = integer(env, 'PORT', 5173);
  const config: ServerConfig = {
    production,
    host: '127.0.0.1',
    port,
    providerPort: integer(env, 'PROVIDER_PORT', port === 0 ? 0 : port + 1),
    publicUrl: env.PUBLIC_URL || undefined,
    allowedHosts: list(env.ALLOWED_HOSTS),
    dataDir: resolve(rootDir, env.DATA_DIR || '.data'),
    databaseUrl: env.DATABASE_URL || undefined,
    tokenEncryptionKey: env.TOKEN_ENCRYPTION_KEY || undefined,
    jwt: {
      secret: env.JWT_SECRET || undefined,
      publicKey: env.JWT_PUBLIC_KEY?.replace(/\\n/g, '\n') || undefined,
      algorithm: env.JWT_ALGORITHM || (env.JWT_PUBLIC_KEY ? 'ES256' : 'HS256'),
      issuer: env.JWT_ISSUER || undefined,
      audience: env.JWT_AUDIENCE || undefined,
    },
    allowedRedirectUris: list(env.ALLOWED_REDIRECT_URIS),
    rateLimit: {
      max: integer(env, 'RATE_LIMIT_MAX', 600, 1),
      windowSeconds: integer(env, 'RATE_LIMIT_WINDOW_SECONDS', 60, 1),
    },
    dailyCallQuota: integer(env, 'DAILY_CALL_QUOTA', 1000, 1),
    devAccessTokenTtl: integer(env, 'DEV_ACCESS_TOKEN_TTL', 120, 10),
    providersFile: env.PROVIDERS_FILE ? resolve(rootDir, env.PROVIDERS_FILE) : undefined,
    corsOrigins: list(env.CORS_ORIGINS),
    serveDemo: env.SERVE_DEMO === '1' || env.SERVE_DEMO === 'true',
    rootDir,
    logLevel: (env.LOG_LEVEL as LogLevel | undefined) ?? 'info',
    serverRefresh: !['0', 'false', 'off'].includes((env.SERVER_REFRESH ?? '').toLowerCase()),
    lifecycle: {
      tickSeconds: integer(env, 'LIFECYCLE_TICK_SECONDS', LIFECYCLE_DEFAULTS.tickSeconds, 1),
      leaseSeconds: integer(env, 'REFRESH_LEASE_SECONDS', LIFECYCLE_DEFAULTS.leaseSeconds, 15),
      healthCheckIntervalSeconds: integer(env, 'HEALTH_CHECK_INTERVAL_SECONDS', LIFECYCLE_DEFAULTS.healthCheckIntervalSeconds, 0),
      retryBaseSeconds: integer(env, 'REFRESH_RETRY_BASE_SECONDS', LIFECYCLE_DEFAULTS.retryBaseSeconds, 1),
      retryMaxSeconds: integer(env, 'REFRESH_RETRY_MAX_SECONDS', LIFECYCLE_DEFAULTS.retryMaxSeconds, 1),
      batchSize: integer(env, 'REFRESH_BATCH_SIZE', LIFECYCLE_DEFAULTS.batchSize, 1),
      concurrency: integer(env, 'REFRESH_CONCURRENCY', LIFECYCLE_DEFAULTS.concurrency, 1),
    },
    webhooks: {
      url: env.WEBHOOK_URL || undefined,
      secret: env.WEBHOOK_SECRET || undefined,
      maxAttempts: integer(env, 'WEBHOOK_MAX_ATTEMPTS', WEBHOOK_DEFAULTS.maxAttempts, 1),
      retryBaseSeconds: integer(env, 'WEBHOOK_RETRY_BASE_SECONDS', WEBHOOK_DEFAULTS.retryBaseSeconds, 1),
      retryMaxSeconds: integer(env, 'WEBHOOK_RETRY_MAX_SECONDS', WEBHOOK_DEFAULTS.retryMaxSeconds, 1),
      timeoutSeconds: integer(env, 'WEBHOOK_TIMEOUT_SECONDS', WEBHOOK_DEFAULTS.timeoutSeconds, 1),
    },
    devRefreshTokenReuseSeconds: integer(env, 'DEV_REFRESH_TOKEN_REUSE_SECONDS', 120, 0),
  };
  checkConfig(config);
  return config;
}

function isHttpUrl(text: string): boolean {
  try {
    return ['http:', 'https:'].includes(new URL(text).protocol);
  } catch {
    return false;
  }
}

/** The rules a configuration must meet; throws ConfigError with what to set. */
export function checkConfig(config: ServerConfig): void {
  if (!['debug', 'info', 'warn', 'error', 'silent'].includes(config.logLevel)) {
    throw new ConfigError(`LOG_LEVEL must be debug, info, warn, error or silent, got "${config.logLevel}".`);
  }
  if (config.publicUrl !== undefined && !isHttpUrl(config.publicUrl)) {
    throw new ConfigError(`PUBLIC_URL must be an http(s) URL such as https://integrations.example.com, got "${config.publicUrl}".`);
  }
  for (const host of config.allowedHosts ?? []) {
    if (!/^(?:\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+)(?::\d{1,5})?$/.test(host)) {
      throw new ConfigError(`ALLOWED_HOSTS takes host names (with an optional port), comma-separated; got "${host}".`);
    }
  }
  const webhooks = config.webhooks;
  if (webhooks?.url !== undefined && !isHttpUrl(webhooks.url)) {
    throw new ConfigError(`WEBHOOK_URL must be an http(s) URL, got "${webhooks.url}".`);
  }
  if (webhooks?.secret !== undefined && !/^whsec_[A-Za-z0-9+/]{22,}={0,2}$/.test(webhooks.secret)) {
    throw new ConfigError('WEBHOOK_SECRET must be a Standard Webhooks secret: "whsec_" followed by base64 of 24–64 random bytes.');
  }
  if (config.production && webhooks?.url !== undefined && webhooks.secret === undefined) {
    throw new ConfigError('NODE_ENV=production with WEBHOOK_URL needs WEBHOOK_SECRET (whsec_…): deliveries are always signed.');
  }
  const lifecycle = config.lifecycle;
  if (
    lifecycle?.retryBaseSeconds !== undefined &&
    lifecycle.retryMaxSeconds !== undefined &&
    lifecycle.retryMaxSeconds < lifecycle.retryBaseSeconds
  ) {
    throw new ConfigError('REFRESH_RETRY_MAX_SECONDS must be at least REFRESH_RETRY_BASE_SECONDS.');
  }
  if (config.jwt.secret && Buffer.byteLength(config.jwt.secret) < 32) {
    throw new ConfigError('JWT_SECRET must be at least 32 bytes long.');
  }
  if (!config.production) return;
  if (!config.jwt.secret && !config.jwt.publicKey) {
    throw new ConfigError(
      'NODE_ENV=production needs the key that verifies bearer tokens: set JWT_SECRET (HS256, ≥ 32 bytes) ' +
        'or JWT_PUBLIC_KEY (PEM; JWT_ALGORITHM defaults to ES256). Dev tokens (/dev/token) do not exist in production.',
    );
  }
  if (!config.tokenEncryptionKey) {
    throw new ConfigError('NODE_ENV=production needs TOKEN_ENCRYPTION_KEY: 32 random bytes in base64 (`openssl rand -base64 32`).');
  }
  // Without them any token the key signs (for another service, another audience) would pass.
  if (!config.jwt.issuer || !config.jwt.audience) {
    throw new ConfigError('NODE_ENV=production needs JWT_ISSUER and JWT_AUDIENCE: the `iss` and `aud` every bearer token must carry.');
  }
}
