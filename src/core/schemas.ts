/**
 * Response validation at the boundary: a body that does not match becomes an IntegrationError
 * `invalid_response` here, never an `undefined` deep in a template. Each schema is annotated with
 * the type it must produce, so types.ts and these checks cannot drift apart.
 */
import {
  array,
  boolean,
  nullable,
  number,
  object,
  optional,
  picklist,
  record,
  refine,
  scalar,
  SchemaIssue,
  string,
  tryParse,
  type Schema,
} from './validate.js';
import { IntegrationError, isErrorCode, type FieldErrors, type IntegrationErrorCode } from './errors.js';
import type { Me } from './permissions.js';
import type { CloudProvider, ConnectionTestResult, Integration, OAuthInitiateResponse, Page, TokenHealth, UsageStats } from './types.js';

const isUrl = (s: string) => {
  try {
    return Boolean(new URL(s));
  } catch {
    return false;
  }
};
/**
 * The form servers write (`toISOString`, "2026-01-01T10:00:00.000Z"), by one regular expression:
 * a page of 10,000 items has 30,000 of them, and V8 matches this about twice as fast as a loop over
 * the characters (0.75 ms against 1.7 ms for 30,000 dates, Node 20). Other forms go to Date.parse.
 */
const ISO_INSTANT = /^\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])T(?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d\.\d{3}Z$/;
const isIsoInstant = (s: string) => s.length === 24 && ISO_INSTANT.test(s);
const dateTime = refine(string, (s) => isIsoInstant(s) || !Number.isNaN(Date.parse(s)), 'must be an ISO 8601 date-time');
const count = refine(number, (n) => Number.isInteger(n) && n >= 0, 'must be a whole number, 0 or more');
const tokenStatus = picklist(['valid', 'expiring', 'expired', 'error', 'none']);

export const IntegrationSchema: Schema<Integration> = object({
  id: refine(string, (s) => s.length > 0, 'must not be empty'),
  tenantId: string,
  cloudProviderId: string,
  name: string,
  description: optional(nullable(string), null),
  status: picklist(['pending', 'active', 'disabled', 'error']),
  tokenStatus,
  tokenExpiresAt: optional(nullable(dateTime), null),
  lastHealthCheck: optional(nullable(dateTime), null),
  settings: optional(record(scalar), {}),
  createdAt: dateTime,
  updatedAt: dateTime,
  etag: optional(string),
});

export const IntegrationPageSchema: Schema<Page<Integration>> = object({
  items: array(IntegrationSchema),
  nextCursor: nullable(string),
  total: count,
});

const settingFieldSchema = object({
  key: string,
  label: string,
  type: picklist(['string', 'number', 'boolean', 'select']),
  required: optional(boolean),
  description: optional(string),
  options: optional(array(string)),
  optionLabels: optional(record(string), {}),
  pattern: optional(string),
  min: optional(number),
  max: optional(number),
  default: optional(scalar),
});

export const CloudProviderSchema: Schema<CloudProvider> = object({
  id: string,
  name: string,
  description: optional(string, ''),
  iconUrl: optional(nullable(string), null),
  scopes: optional(array(string), []),
  scopeDescriptions: optional(record(string), {}),
  settingsSchema: optional(array(settingFieldSchema), []),
});

const providerArray = array(CloudProviderSchema);
const providerPage = object({ items: providerArray });

export const CloudProviderListSchema: Schema<CloudProvider[]> = (input) =>
  // Accept the list envelope too, so a server may page the catalogue later.
  Array.isArray(input) ? providerArray(input) : providerPage(input).items;

export const MeSchema: Schema<Me> = object({
  tenant: object({ id: string, name: optional(string) }),
  user: object({ id: string, name: optional(string) }),
  role: string,
  permissions: array(string),
  features: optional(object({ events: optional(boolean, false), serverRefresh: optional(boolean, false) })),
});

export const TokenHealthSchema: Schema<TokenHealth> = object({
  integrationId: string,
  tokenStatus,
  expiresAt: nullable(dateTime),
  scopes: array(string),
  lastRefreshAt: nullable(dateTime),
  failureCount: count,
  refreshHistory: optional(array(object({ at: dateTime, ok: boolean, error: optional(string) })), []),
});

export const ConnectionTestResultSchema: Schema<ConnectionTestResult> = object({
  integrationId: string,
  ok: boolean,
  testedAt: dateTime,
  latencyMs: number,
  checks: array(
    object({
      name: string,
      ok: boolean,
      latencyMs: number,
      message: string,
      errorCode: optional(string),
    }),
  ),
});

const nullableNumber = nullable(number);

export const UsageStatsSchema: Schema<UsageStats> = object({
  integrationId: string,
  range: picklist(['24h', '7d', '30d']),
  interval: picklist(['hour', 'day']),
  points: array(
    object({
      at: dateTime,
      calls: number,
      errors: number,
      latencyP50Ms: nullableNumber,
      latencyP95Ms: nullableNumber,
    }),
  ),
  totals: object({ calls: number, errors: number }),
  quota: nullable(
    object({
      limit: number,
      used: number,
      period: picklist(['day', 'month']),
      resetsAt: dateTime,
    }),
  ),
});

export const OAuthInitiateResponseSchema: Schema<OAuthInitiateResponse> = object({
  authorizationUrl: refine(string, isUrl, 'must be an absolute URL'),
  expiresAt: dateTime,
});

/** The `{ error: { code, message, fields? } }` body every failing endpoint answers. */
const ErrorBodySchema = object({
  error: object({
    code: string,
    message: optional(string),
    fields: optional(record(string)),
  }),
});

export interface ParsedErrorBody {
  code: IntegrationErrorCode | undefined;
  message: string | undefined;
  fields: FieldErrors | undefined;
}

export function parseErrorBody(body: unknown): ParsedErrorBody | undefined {
  const parsed = tryParse(ErrorBodySchema, body);
  if (!parsed) return undefined;
  const { code, message, fields } = parsed.error;
  return { code: isErrorCode(code) ? code : undefined, message, fields };
}

/** Validates `body` against `schema` or throws `invalid_response` naming the first bad path. */
export function parseResponse<T>(schema: Schema<T>, body: unknown, what: string): T {
  try {
    return schema(body);
  } catch (issue) {
    if (!(issue instanceof SchemaIssue)) throw issue;
    const where = issue.path ? ` (at "${issue.path}": ${issue.message})` : ` (${issue.message})`;
    throw new IntegrationError('invalid_response', `The server sent an unexpected ${what}${where}.`, { cause: issue });
  }
}
