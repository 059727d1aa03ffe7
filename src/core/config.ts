import { IntegrationError } from './errors.js';
import { currentLanguage } from './language.js';

type MaybePromise<T> = T | Promise<T>;

/** What the client tells `getAccessToken`; a function that takes no argument still fits. */
export interface AccessTokenContext {
  /**
   * The API answered 401 to the last token: return a fresh one (refresh the session), not a
   * cached one. The request is then retried once with it.
   */
  forceRefresh?: boolean | undefined;
}

export type GetAccessToken = (context?: AccessTokenContext) => MaybePromise<string | null | undefined>;

/** What a host tells the client. The same shape from ESM and from the script tag (README.md, "Configuration"). */
export interface ClientConfig {
  /** Where the REST API lives, e.g. `https://host.example/api`. Relative URLs resolve against the page. */
  apiBaseUrl: string;
  /** The page running `handleOAuthCallback()`. Defaults to `oauth-callback.html` beside the page. */
  redirectUri?: string | undefined;
  /**
   * Sent as `Authorization: Bearer <token>`; called before every request so it may rotate. After
   * a 401 it is called once more with `{ forceRefresh: true }`, and the request retried once if
   * the token changed.
   */
  getAccessToken?: GetAccessToken | undefined;
  /** For cookie-authenticated hosts: `'include'`. Default `'same-origin'`. */
  credentials?: RequestCredentials | undefined;
  /** Extra headers on every request (a CSRF header, a tenant header …). */
  headers?: Record<string, string> | (() => MaybePromise<Record<string, string>>) | undefined;
  /** A custom fetch (tests, instrumentation, a proxying host). */
  fetch?: typeof fetch | undefined;
  /**
   * Allow `http:` URLs that are not loopback. Tokens and codes then cross the network in clear
   * text: only for closed networks the host controls.
   */
  allowInsecureHttp?: boolean | undefined;
  /** How idempotent requests (GET) retry on network errors, 5xx and 429. */
  retry?: Partial<RetryPolicy> | undefined;
  /** Milliseconds a cached answer counts as fresh. Default 30 s. */
  staleTimeMs?: number | undefined;
  /** Offer no action that writes, whatever the API allows (a host's read-only view). */
  readonly?: boolean | undefined;
  /**
   * The language asked for in `Accept-Language`. Default: the elements' locale (`setLanguage`),
   * else the page's `<html lang>`, else no header.
   */
  language?: string | (() => string | undefined) | undefined;
}

export interface RetryPolicy {
  /** Total attempts, the first included. Default 3; 1 turns retrying off. */
  attempts: number;
  /** First backoff delay; doubles each attempt, with full jitter. Default 300 ms. */
  baseDelayMs: number;
  /** Cap for one backoff delay and for an honoured Retry-After. Default 30 s. */
  maxDelayMs: number;
}

export interface ResolvedConfig {
  apiBaseUrl: URL;
  redirectUri: URL;
  getAccessToken: GetAccessToken | undefined;
  credentials: RequestCredentials;
  headers: ClientConfig['headers'];
  fetch: typeof fetch;
  /** `fetch` is the browser's own, not the host's (so its failures mean what the browser's mean). */
  browserFetch: boolean;
  retry: RetryPolicy;
  staleTimeMs: number;
  readonly: boolean;
  /** The language of the next request; undefined sends no Accept-Language. */
  language: () => string | undefined;
  /** Whether `language` follows `setLanguage` (so a change there should reload localized data). */
  followsPageLanguage: boolean;
}

const DEFAULT_RETRY: RetryPolicy = { attempts: 3, baseDelayMs: 300, maxDelayMs: 30_000 };

export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return host === 'localhost' || host.endsWith('.localhost') || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);
}

function pageUrl(): string | undefined {
  return typeof location === 'undefined' ? undefined : location.href;
}

/** Parses a URL the host gave us and refuses anything that would send secrets in clear text. */
export function secureUrl(value: string, what: string, allowInsecureHttp: boolean): URL {
  let url: URL;
  try {
    url = new URL(value, pageUrl());
  } catch (cause) {
    throw new IntegrationError('invalid_config', `${what} "${value}" is not a valid URL.`, { cause });
  }
  if (url.protocol === 'https:') return url;
  if (url.protocol === 'http:' && (isLoopbackHost(url.hostname) || allowInsecureHttp)) return url;
  throw new IntegrationError(
    'invalid_config',
    url.protocol === 'http:'
      ? `${what} "${url.href}" uses http: on a non-loopback host. Use https:, or set allowInsecureHttp for a closed network.`
      : `${what} "${url.href}" must use https:.`,
  );
}

export function resolveConfig(config: ClientConfig): ResolvedConfig {
  if (!config || typeof config.apiBaseUrl !== 'string' || config.apiBaseUrl.trim() === '') {
    throw new IntegrationError('invalid_config', 'apiBaseUrl is required, e.g. "https://host.example/api".');
  }
  const insecure = config.allowInsecureHttp === true;
  const apiBaseUrl = secureUrl(config.apiBaseUrl, 'apiBaseUrl', insecure);
  // A trailing slash makes `new URL('integrations', base)` append instead of replacing the last segment.
  if (!apiBaseUrl.pathname.endsWith('/')) apiBaseUrl.pathname += '/';
  const redirectUri = secureUrl(config.redirectUri ?? 'oauth-callback.html', 'redirectUri', insecure);
  const fetchImpl = config.fetch ?? globalThis.fetch?.bind(globalThis);
  if (typeof fetchImpl !== 'function') {
    throw new IntegrationError('invalid_config', 'No fetch implementation is available; pass one as `fetch`.');
  }
  const retry = { ...DEFAULT_RETRY, ...config.retry };
  retry.attempts = Math.max(1, Math.floor(retry.attempts));
  return {
    apiBaseUrl,
    redirectUri,
    getAccessToken: config.getAccessToken,
    credentials: config.credentials ?? 'same-origin',
    headers: config.headers,
    fetch: fetchImpl,
    browserFetch: config.fetch === undefined,
    retry,
    staleTimeMs: config.staleTimeMs ?? 30_000,
    readonly: config.readonly === true,
    ...resolveLanguage(config.language),
  };
}

function resolveLanguage(language: ClientConfig['language']): Pick<ResolvedConfig, 'language' | 'followsPageLanguage'> {
  if (typeof language === 'function') return { language: () => language()?.trim() || undefined, followsPageLanguage: false };
  if (typeof language === 'string' && language.trim() !== '') {
    const fixed = language.trim();
    return { language: () => fixed, followsPageLanguage: false };
  }
  return { language: currentLanguage, followsPageLanguage: true };
}
