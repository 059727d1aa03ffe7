/**
 * Response validation at the boundary: a body that does not match becomes an IntegrationError
 * `invalid_response` here, never an `undefined` deep in a template. Each schema is annotated with
 * the type it must produce, so types.ts and these checks cannot drift apart.
 */
import * as v from 'valibot';
import { IntegrationError, isErrorCode, type FieldErrors, type IntegrationErrorCode } from './errors.js';
import type {
  CloudProvider,
  ConnectionTestResult,
  Integration,
  OAuthInitiateResponse,
  Page,
  TokenHealth,
  UsageStats,
} from './types.js';

type Schema<T> = v.GenericSchema<unknown, T>;

const dateTime = v.pipe(
  v.string(),
  v.check((s) => !Number.isNaN(Date.parse(s)), 'must be an ISO 8601 date-time'),
);
const settingValue = v.union([v.string(), v.number(), v.boolean(), v.null()]);
const tokenStatus = v.picklist(['valid', 'expiring', 'expired', 'error', 'none']);

export const IntegrationSchema: Schema<Integration> = v.object({
  id: v.pipe(v.string(), v.minLength(1)),
  tenantId: v.string(),
  cloudProviderId: v.string(),
  name: v.string(),
  description: v.optional(v.nullable(v.string()), null),
  status: v.picklist(['pending', 'active', 'disabled', 'error']),
  tokenStatus,
  tokenExpiresAt: v.optional(v.nullable(dateTime), null),
  lastHealthCheck: v.optional(v.nullable(dateTime), null),
  settings: v.optional(v.record(v.string(), settingValue), {}),
  createdAt: dateTime,
  updatedAt: dateTime,
  etag: v.optional(v.string()),
});

export const IntegrationPageSchema: Schema<Page<Integration>> = v.object({
  items: v.array(IntegrationSchema),
  nextCursor: v.nullable(v.string()),
  total: v.pipe(v.number(), v.integer(), v.minValue(0)),
});

const settingFieldSchema = v.object({
  key: v.string(),
  label: v.string(),
  type: v.picklist(['string', 'number', 'boolean', 'select']),
  required: v.optional(v.boolean()),
  description: v.optional(v.string()),
  options: v.optional(v.array(v.string())),
  pattern: v.optional(v.string()),
  min: v.optional(v.number()),
  max: v.optional(v.number()),
  default: v.optional(settingValue),
});

export const CloudProviderSchema: Schema<CloudProvider> = v.object({
  id: v.string(),
  name: v.string(),
  description: v.optional(v.string(), ''),
  iconUrl: v.optional(v.nullable(v.string()), null),
  scopes: v.optional(v.array(v.string()), []),
  settingsSchema: v.optional(v.array(settingFieldSchema), []),
});

export const CloudProviderListSchema: Schema<CloudProvider[]> = v.union([
  v.array(CloudProviderSchema),
  // Accept the list envelope too, so a server may page the catalogue later.
  v.pipe(
    v.object({ items: v.array(CloudProviderSchema) }),
    v.transform((page) => page.items),
  ),
]);

export const TokenHealthSchema: Schema<TokenHealth> = v.object({
  integrationId: v.string(),
  tokenStatus,
  expiresAt: v.nullable(dateTime),
  scopes: v.array(v.string()),
  lastRefreshAt: v.nullable(dateTime),
  failureCount: v.pipe(v.number(), v.integer(), v.minValue(0)),
  refreshHistory: v.optional(
    v.array(v.object({ at: dateTime, ok: v.boolean(), error: v.optional(v.string()) })),
    [],
  ),
});

export const ConnectionTestResultSchema: Schema<ConnectionTestResult> = v.object({
  integrationId: v.string(),
  ok: v.boolean(),
  testedAt: dateTime,
  latencyMs: v.number(),
  checks: v.array(
    v.object({
      name: v.string(),
      ok: v.boolean(),
      latencyMs: v.number(),
      message: v.string(),
      errorCode: v.optional(v.string()),
    }),
  ),
});

const nullableNumber = v.nullable(v.number());

export const UsageStatsSchema: Schema<UsageStats> = v.object({
  integrationId: v.string(),
  range: v.picklist(['24h', '7d', '30d']),
  interval: v.picklist(['hour', 'day']),
  points: v.array(
    v.object({
      at: dateTime,
      calls: v.number(),
      errors: v.number(),
      latencyP50Ms: nullableNumber,
      latencyP95Ms: nullableNumber,
    }),
  ),
  totals: v.object({ calls: v.number(), errors: v.number() }),
  quota: v.nullable(
    v.object({
      limit: v.number(),
      used: v.number(),
      period: v.picklist(['day', 'month']),
      resetsAt: dateTime,
    }),
  ),
});

export const OAuthInitiateResponseSchema: Schema<OAuthInitiateResponse> = v.object({
  authorizationUrl: v.pipe(v.string(), v.url()),
  expiresAt: dateTime,
});

/** The `{ error: { code, message, fields? } }` body every failing endpoint answers. */
const ErrorBodySchema = v.object({
  error: v.object({
    code: v.string(),
    message: v.optional(v.string()),
    fields: v.optional(v.record(v.string(), v.string())),
  }),
});

export interface ParsedErrorBody {
  code: IntegrationErrorCode | undefined;
  message: string | undefined;
  fields: FieldErrors | undefined;
}

export function parseErrorBody(body: unknown): ParsedErrorBody | undefined {
  const result = v.safeParse(ErrorBodySchema, body);
  if (!result.success) return undefined;
  const { code, message, fields } = result.output.error;
  return { code: isErrorCode(code) ? code : undefined, message, fields };
}

/** Validates `body` against `schema` or throws `invalid_response` naming the first bad path. */
export function parseResponse<T>(schema: Schema<T>, body: unknown, what: string): T {
  const result = v.safeParse(schema, body);
  if (result.success) return result.output;
  const issue = result.issues[0];
  const path = issue ? v.getDotPath(issue) : null;
  throw new IntegrationError(
    'invalid_response',
    `The server sent an unexpected ${what}${path ? ` (at "${path}": ${issue?.message})` : ''}.`,
    { cause: result.issues },
  );
}
