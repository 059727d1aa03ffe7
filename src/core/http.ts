/**
 * One HTTP exchange with the host API: auth headers, JSON, status → error code, and retries for
 * idempotent requests. Nothing here knows about endpoints; api.ts does.
 */
import type { ResolvedConfig } from './config.js';
import { defaultMessage, IntegrationError, type IntegrationErrorCode } from './errors.js';
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

export class HttpClient {
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

  async #headers(req: HttpRequest<unknown>): Promise<Headers> {
    const headers = new Headers({ Accept: 'application/json' });
    const extra = typeof this.config.headers === 'function' ? await this.config.headers() : this.config.headers;
    for (const [name, value] of Object.entries({ ...extra, ...req.headers })) headers.set(name, value);
    if (req.body !== undefined) headers.set('Content-Type', 'application/json');
    const token = await this.config.getAccessToken?.();
    if (token) headers.set('Authorization', `Bearer ${token}`);
    return headers;
  }

  async #attempt<T>(req: HttpRequest<T>): Promise<HttpResponse<T>> {
    if (req.signal?.aborted) throw abortError(req.signal);
    let response: Response;
    try {
      response = await this.config.fetch(this.#url(req.path, req.query), {
        method: req.method,
        headers: await this.#headers(req),
        body: req.body === undefined ? null : JSON.stringify(req.body),
        credentials: this.config.credentials,
        signal: req.signal ?? null,
      });
    } catch (cause) {
      if (req.signal?.aborted) throw abortError(req.signal);
      if (cause instanceof IntegrationError) throw cause;
      throw new IntegrationError('network_error', defaultMessage('network_error'), { cause });
    }
    if (!response.ok) throw await errorFromResponse(response);
    if (response.status === 204 || !req.schema) return { data: undefined as T, headers: response.headers };
    const body = await readJson(response, req.what);
    return { data: parseResponse(req.schema, body, req.what), headers: response.headers };
  }
}

async function readJson(response: Response, what: string): Promise<unknown> {
  const text = await response.text();
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
