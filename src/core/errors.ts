/**
 * The one error type of the library. Every failure a host or an element can see — HTTP, OAuth,
 * popup, validation — is an `IntegrationError` with a `code` from a closed set, a human `message`
 * and a `recovery` that says who must act next.
 */

/** Who must act for the operation to succeed. */
export type Recovery = 'retry' | 'user' | 'host' | 'provider' | 'none';

/**
 * For a `network_error`, what is known of why no answer came: the browser is `offline`; the API
 * is up but refused this page's origin (`cors`: only its administrator can fix that); it could
 * not be reached at all (`unreachable`); or the answer was cut off while it arrived
 * (`interrupted`: for a write, the server may have acted).
 */
export type NetworkReason = 'offline' | 'cors' | 'unreachable' | 'interrupted';

/** Field-level validation messages, keyed by field name (`settings.region`, `name`, …). */
export type FieldErrors = Readonly<Record<string, string>>;

export interface IntegrationErrorOptions {
  recovery?: Recovery;
  status?: number;
  retryAfterMs?: number;
  fields?: FieldErrors;
  /** A write whose answer was lost and whose result could not be read back. */
  unconfirmed?: boolean;
  reason?: NetworkReason | undefined;
  cause?: unknown;
}

/**
 * Every code, once: who must act next by default, and the English message used when nothing more
 * specific is known (an error body without a message, say). These messages are for developers and
 * logs; the elements show their own translated words for each code.
 */
const CODES = {
  authorization_denied: ['user', 'Access was not granted at the provider.'],
  invalid_state: ['retry', 'The sign-in response could not be verified.'],
  expired_state: ['retry', 'The sign-in expired.'],
  token_exchange_failed: ['provider', 'The provider could not complete the sign-in.'],
  popup_blocked: ['user', 'The sign-in window was blocked.'],
  popup_closed: ['retry', 'The sign-in window was closed.'],
  popup_timeout: ['retry', 'The sign-in took too long.'],
  connection_failed: ['provider', 'The provider refused the connection.'],
  token_expired: ['user', 'The token expired. Reconnect.'],
  rate_limited: ['retry', 'Too many requests. Wait a moment and try again.'],
  permission_denied: ['host', 'You do not have permission to do this.'],
  unauthenticated: ['host', 'Your session has ended. Sign in again.'],
  not_found: ['none', 'This item no longer exists.'],
  conflict: ['user', 'Someone else changed this item. Reload it and try again.'],
  validation_failed: ['user', 'Some values were not accepted.'],
  invalid_response: ['host', 'The server sent an unexpected answer.'],
  invalid_config: ['host', 'The client is not configured correctly.'],
  network_error: ['retry', 'Could not reach the server. Check your connection.'],
  server_error: ['retry', 'The server had a problem. Try again in a moment.'],
  aborted: ['none', 'The operation was cancelled.'],
} as const satisfies Record<string, readonly [Recovery, string]>;

export type IntegrationErrorCode = keyof typeof CODES;

/** The closed set of codes. */
export const ERROR_CODES = Object.keys(CODES) as readonly IntegrationErrorCode[];

export class IntegrationError extends Error {
  override readonly name = 'IntegrationError';
  readonly code: IntegrationErrorCode;
  readonly recovery: Recovery;
  /** HTTP status when the error came from the API. */
  readonly status: number | undefined;
  /** For `rate_limited`: how long the server asked us to wait. */
  readonly retryAfterMs: number | undefined;
  /** For `validation_failed`: messages per field. */
  readonly fields: FieldErrors | undefined;
  /**
   * For a write: its answer was lost (network, 5xx, a cut-off body) and reading the integration
   * back failed too, so whether the server applied it is not known. It is reloaded when it can be.
   */
  readonly unconfirmed: boolean;
  /** For `network_error`: offline, refused by CORS, or unreachable, when known. */
  readonly reason: NetworkReason | undefined;

  constructor(code: IntegrationErrorCode, message: string, options: IntegrationErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.recovery = options.recovery ?? CODES[code][0];
    this.status = options.status;
    this.retryAfterMs = options.retryAfterMs;
    this.fields = options.fields;
    this.unconfirmed = options.unconfirmed === true;
    this.reason = options.reason;
  }

  /** True when trying the same thing again later may succeed. */
  get retryable(): boolean {
    return this.recovery === 'retry';
  }
}

export function isIntegrationError(value: unknown): value is IntegrationError {
  return value instanceof IntegrationError;
}

export function isErrorCode(value: unknown): value is IntegrationErrorCode {
  return typeof value === 'string' && (ERROR_CODES as readonly string[]).includes(value);
}

/** The English developer message for a code, when nothing more specific is known. */
export function defaultMessage(code: IntegrationErrorCode): string {
  return CODES[code][1];
}

/** Wraps anything thrown into an IntegrationError, keeping the original as `cause`. */
export function toIntegrationError(error: unknown): IntegrationError {
  if (error instanceof IntegrationError) return error;
  if (error instanceof DOMException && error.name === 'AbortError') {
    return new IntegrationError('aborted', CODES.aborted[1], { cause: error });
  }
  const message = error instanceof Error ? error.message : String(error);
  return new IntegrationError('server_error', message || 'Something went wrong.', { cause: error });
}
