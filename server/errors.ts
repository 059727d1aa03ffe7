/**
 * The `{ error: { code, message, fields? } }` answers. Codes are the client's closed set
 * (src/core/errors.ts), so the client maps every failure to the right IntegrationError.
 */
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { requestLanguage, type Language } from './i18n/language.js';
import { translateMessage } from './i18n/messages.js';
import { say } from './i18n/text.js';

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

  /** The answer's body, its messages in the request's language (routes throw in English). */
  toBody(language: Language = requestLanguage()) {
    const message = translateMessage(this.message, language);
    const fields = this.extra.fields
      ? Object.fromEntries(Object.entries(this.extra.fields).map(([key, text]) => [key, translateMessage(text, language)]))
      : undefined;
    return { error: { code: this.code, message, ...(fields ? { fields } : {}) } };
  }
}

export const notFound = () => new ApiError(404, 'not_found', say({ en: 'Integration not found.', de: 'Integration nicht gefunden.' }));

export const validationFailed = (
  fields: FieldErrors,
  message = say({ en: 'Some values were not accepted.', de: 'Einige Werte wurden nicht angenommen.' }),
  status: 400 | 422 = 422,
) => new ApiError(status, 'validation_failed', message, { fields });
