/**
 * The `{ error: { code, message, fields? } }` answers. Codes are the client's closed set
 * (src/core/errors.ts), so the client maps every failure to the right IntegrationError.
 */
import type { ContentfulStatusCode } from 'hono/utils/http-status';

export type ApiErrorCode =
  | 'invalid_state'
  | 'expired_state'
  | 'token_exchange_failed'
  | 'connection_failed'
  | 'token_expired'
  | 'rate_limited'
  | 'permission_denied'
  | 'unauthenticated'
  | 'not_found'
  | 'conflict'
  | 'validation_failed'
  | 'server_error';

export type FieldErrors = Record<string, string>;

export class ApiError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: ApiErrorCode,
    message: string,
    readonly extra: { fields?: FieldErrors; retryAfterSeconds?: number } = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }

  toBody() {
    return { error: { code: this.code, message: this.message, ...(this.extra.fields ? { fields: this.extra.fields } : {}) } };
  }
}

export const notFound = (what = 'Integration') => new ApiError(404, 'not_found', `${what} not found.`);

export const validationFailed = (fields: FieldErrors, message = 'Some values were not accepted.', status: 400 | 422 = 422) =>
  new ApiError(status, 'validation_failed', message, { fields });
