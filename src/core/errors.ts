/**
 * The one error type of the library. Every failure a host or an element can see — HTTP, OAuth,
 * popup, validation — is an `IntegrationError` with a `code` from a closed set, a human `message`
 * and a `recovery` that says who must act next (DESIGN §4).
 */

/** Who must act for the operation to succeed. */
export type Recovery = 'retry' | 'user' | 'host' | 'provider' | 'none';

/** Field-level validation messages, keyed by field name (`settings.region`, `name`, …). */
export type FieldErrors = Readonly<Record<string, string>>;

export interface IntegrationErrorOptions {
  recovery?: Recovery;
  status?: number;
  retryAfterMs?: number;
  fields?: FieldErrors;
  cause?: unknown;
}

/** Every code, with who must act next by default. */
const DEFAULT_RECOVERY = {
  authorization_denied: 'user',
  invalid_state: 'retry',
  expired_state: 'retry',
  token_exchange_failed: 'provider',
  popup_blocked: 'user',
  popup_closed: 'retry',
  popup_timeout: 'retry',
  connection_failed: 'provider',
  token_expired: 'user',
  rate_limited: 'retry',
  permission_denied: 'host',
  unauthenticated: 'host',
  not_found: 'none',
  conflict: 'user',
  validation_failed: 'user',
  invalid_response: 'host',
  invalid_config: 'host',
  network_error: 'retry',
  server_error: 'retry',
  aborted: 'none',
} as const satisfies Record<string, Recovery>;

export type IntegrationErrorCode = keyof typeof DEFAULT_RECOVERY;

/** The closed set of codes (DESIGN §3). */
export const ERROR_CODES = Object.keys(DEFAULT_RECOVERY) as readonly IntegrationErrorCode[];

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

  constructor(code: IntegrationErrorCode, message: string, options: IntegrationErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.recovery = options.recovery ?? DEFAULT_RECOVERY[code];
    this.status = options.status;
    this.retryAfterMs = options.retryAfterMs;
    this.fields = options.fields;
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

/** Wraps anything thrown into an IntegrationError, keeping the original as `cause`. */
export function toIntegrationError(error: unknown): IntegrationError {
  if (error instanceof IntegrationError) return error;
  if (error instanceof DOMException && error.name === 'AbortError') {
    return new IntegrationError('aborted', 'The operation was cancelled.', { cause: error });
  }
  const message = error instanceof Error ? error.message : String(error);
  return new IntegrationError('server_error', message || 'Something went wrong.', { cause: error });
}
