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
}

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
