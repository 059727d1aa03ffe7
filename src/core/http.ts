/**
 * One HTTP exchange with the host API: auth headers, JSON, status → error code, and retries for
 * idempotent requests. Nothing here knows about endpoints; api.ts does.
 */
import type { ResolvedConfig } from './config.js';
import { defaultMessage, IntegrationError, type IntegrationErrorCode, type NetworkReason } from './errors.js';
import { parseErrorBody, parseResponse } from './schemas.js';
import { abortError, backoffDelay, delay } from './timing.js';
import type { Schema } from './validate.js';

export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
export type QueryParams = Record<string, string | number | boolean | undefined | null>;

export interface RequestOptions {
  signal?: AbortSignal | undefined;
  headers?: Record<string, string> | undefined;
}

export interface HttpRequest<T> extends RequestOptions {
  method: HttpMethod;
  path: string;
  query?: QueryParams | undefined;
  body?: unknown;
  /** Validates the success body. Omit for endpoints that answer 204. */
  schema?: Schema<T> | undefined;
  /** Names the resource in messages: "integration", "provider list" … */
  what: string;
}

export interface HttpResponse<T> {
  data: T;
  headers: Headers;
}

const IDEMPOTENT: ReadonlySet<HttpMethod> = new Set(['GET']);
const RETRYABLE: ReadonlySet<IntegrationErrorCode> = new Set(['network_error', 'server_error', 'rate_limited']);

/** The code of each status the API answers; any other status is a `server_error`. */
const STATUS_CODES: Readonly<Record<number, IntegrationErrorCode>> = {
  400: 'validation_failed',
  401: 'unauthenticated',
  403: 'permission_denied',
  404: 'not_found',
  409: 'conflict',
  410: 'not_found',
  412: 'conflict',
  422: 'validation_failed',
  429: 'rate_limited',
};

export function statusToCode(status: number): IntegrationErrorCode {
  return STATUS_CODES[status] ?? 'server_error';
}

/** RFC 9110 §10.2.3: delta-seconds or an HTTP-date. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** A 401 to `token`, and the forced refresh it started: later 401s to the same token share it. */
interface ForcedRefresh {
  staleToken: string | null | undefined;
  fresh: Promise<string | null | undefined>;
}

export class HttpClient {
  #forced: ForcedRefresh | undefined;

  constructor(private readonly config: ResolvedConfig) {}

  get baseUrl(): URL {
    return this.config.apiBaseUrl;
  }

  async request<T>(req: HttpRequest<T>): Promise<HttpResponse<T>> {
    const { attempts, baseDelayMs, maxDelayMs } = this.config.retry;
    const maxAttempts = IDEMPOTENT.has(req.method) ? attempts : 1;
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.#attempt(req);
      } catch (error) {
        if (!(error instanceof IntegrationError) || attempt >= maxAttempts || !RETRYABLE.has(error.code)) throw error;
        // A refused origin stays refused: asking again only delays saying so.
        if (error.reason === 'cors') throw error;
        // A Retry-After longer than we are willing to wait is the caller's decision, not ours.
        if (error.retryAfterMs !== undefined && error.retryAfterMs > maxDelayMs) throw error;
        const wait = error.retryAfterMs ?? backoffDelay(attempt - 1, baseDelayMs, maxDelayMs);
        await delay(wait, req.signal);
      }
    }
  }

  #url(path: string, query: QueryParams | undefined): URL {
    const url = new URL(path.replace(/^\//, ''), this.config.apiBaseUrl);
    for (const [key, value] of Object.entries(query ?? {})) {
      if (value !== undefined && value !== null && value !== '') url.searchParams.set(key, String(value));
    }
    return url;
  }

  async #headers(req: HttpRequest<unknown>, token: string | null | undefined): Promise<Headers> {
    const headers = new Headers({ Accept: 'application/json' });
    const extra = typeof this.config.headers === 'function' ? await this.config.headers() : this.config.headers;
    const language = this.config.language();
    if (language) headers.set('Accept-Language', language);
    // After the language: a host's own Accept-Language header wins.
    for (const [name, value] of Object.entries({ ...extra, ...req.headers })) headers.set(name, value);
    if (req.body !== undefined) headers.set('Content-Type', 'application/json');
    if (token) headers.set('Authorization', `Bearer ${token}`);
    return headers;
  }

  /**
   * The host's token after a 401 to `staleToken`. Requests that fail together ask once: the
   * first starts the forced refresh, the others (401s to the same token) wait for it.
   */
  #forcedToken(staleToken: string | null | undefined): Promise<string | null | undefined> {
    const current = this.#forced;
    if (current && current.staleToken === staleToken) return current.fresh;
    const getAccessToken = this.config.getAccessToken!;
    const forced: ForcedRefresh = { staleToken, fresh: Promise.resolve().then(() => getAccessToken({ forceRefresh: true })) };
    this.#forced = forced;
    // A refresh that failed or gave nothing new is not remembered: the next 401 may ask again.
    const forget = () => {
      if (this.#forced === forced) this.#forced = undefined;
    };
    forced.fresh.then((fresh) => (fresh && fresh !== staleToken ? undefined : forget()), forget);
    return forced.fresh;
  }

  /**
   * Opens a request whose body the caller reads as it arrives (the event stream): the same
   * headers and 401 handling as `request`, no retries (the caller reconnects on its own terms).
   * Rejects with the error of a failing status; the body of a 2xx is left unread.
   */
  async open(req: HttpRequest<unknown>): Promise<Response> {
    const response = await this.#exchange(req);
    if (!response.ok) throw await errorFromResponse(response);
    return response;
  }

  async #attempt<T>(req: HttpRequest<T>): Promise<HttpResponse<T>> {
    const response = await this.#exchange(req);
    if (!response.ok) throw await errorFromResponse(response);
    if (response.status === 204 || !req.schema) return { data: undefined as T, headers: response.headers };
    const body = await readJson(response, req.what, req.signal);
    return { data: parseResponse(req.schema, body, req.what), headers: response.headers };
  }

  /** One request, sent again once with a fresher token after a 401. */
  async #exchange(req: HttpRequest<unknown>): Promise<Response> {
    let token = await this.config.getAccessToken?.();
    let response = await this.#send(req, token);
    // A 401 means the server did not act, so any method may go again: once, with a fresher token.
    if (response.status === 401 && this.config.getAccessToken) {
      const fresh = await this.#forcedToken(token).catch(() => token);
      if (req.signal?.aborted) throw abortError(req.signal);
      if (fresh && fresh !== token) {
        await response.body?.cancel().catch(() => {});
        token = fresh;
        response = await this.#send(req, token);
      }
    }
    return response;
  }

  async #send(req: HttpRequest<unknown>, token: string | null | undefined): Promise<Response> {
    if (req.signal?.aborted) throw abortError(req.signal);
    const url = this.#url(req.path, req.query);
    try {
      return await this.config.fetch(url, {
        method: req.method,
        headers: await this.#headers(req, token),
        body: req.body === undefined ? null : JSON.stringify(req.body),
        credentials: this.config.credentials,
        signal: req.signal ?? null,
      });
    } catch (cause) {
      if (req.signal?.aborted) throw abortError(req.signal);
      if (cause instanceof IntegrationError) throw cause;
      const reason = await this.#whyNoAnswer(url, cause, req.signal);
      if (req.signal?.aborted) throw abortError(req.signal);
      throw networkError(reason, cause);
    }
  }

  /**
   * A failed fetch looks the same to a page whether the browser is offline, the API is down or
   * the API refused this page's origin (CORS). For another origin, one `no-cors` request tells
   * the last two apart: it gets an (opaque) answer from any server that is up. Only the browser's
   * own fetch fails that way; what a host's fetch throws is its own business.
   */
  async #whyNoAnswer(url: URL, cause: unknown, signal: AbortSignal | undefined): Promise<NetworkReason> {
    if (typeof navigator !== 'undefined' && navigator.onLine === false) return 'offline';
    const page = typeof location === 'undefined' ? undefined : location.origin;
    if (!this.config.browserFetch || !(cause instanceof TypeError) || !page || page === url.origin) return 'unreachable';
    try {
      await this.config.fetch(url, { method: 'HEAD', mode: 'no-cors', credentials: 'omit', cache: 'no-store', signal: signal ?? null });
      return 'cors';
    } catch {
      return 'unreachable';
    }
  }
}

const NETWORK_MESSAGES: Readonly<Record<NetworkReason, string>> = {
  offline: 'The browser is offline.',
  interrupted: 'The connection was lost while the answer was arriving.',
  cors: 'The API answered but refused this page (CORS): allow this origin in its CORS settings.',
  unreachable: defaultMessage('network_error'),
};

function networkError(reason: NetworkReason, cause: unknown): IntegrationError {
  // Only the API's administrator can change what it allows; trying again does not help.
  return new IntegrationError('network_error', NETWORK_MESSAGES[reason], {
    cause,
    reason,
    ...(reason === 'cors' ? { recovery: 'host' } : {}),
  });
}

/**
 * The body as JSON. A body cut off on the way (the connection dropped mid-answer) is a network
 * failure, not a bad answer: the server may have acted, so a write whose body is lost takes the
 * same path as one whose answer never came. A body that arrived whole but is not JSON is the
 * server's fault: `invalid_response`.
 */
async function readJson(response: Response, what: string, signal: AbortSignal | undefined): Promise<unknown> {
  let text: string;
  try {
    text = await response.text();
  } catch (cause) {
    if (signal?.aborted) throw abortError(signal);
    throw networkError('interrupted', cause);
  }
  try {
    return JSON.parse(text);
  } catch (cause) {
    throw new IntegrationError('invalid_response', `The server sent a ${what} that is not JSON.`, { cause });
  }
}

async function errorFromResponse(response: Response): Promise<IntegrationError> {
  let body: unknown;
  try {
    body = JSON.parse(await response.text());
  } catch {
    body = undefined; // A non-JSON error page still maps by status.
  }
  const parsed = parseErrorBody(body);
  const code = parsed?.code ?? statusToCode(response.status);
  const retryAfterMs = code === 'rate_limited' ? parseRetryAfter(response.headers.get('Retry-After')) : undefined;
  return new IntegrationError(code, parsed?.message || defaultMessage(code), {
    status: response.status,
    retryAfterMs,
    fields: parsed?.fields,
  });
}
