/**
 * Request validation with valibot. A failure answers validation_failed with one message per field
 * (`name`, `settings.region`, `codeChallenge` …), the shape the client shows next to form fields.
 */
import * as v from 'valibot';
import type { Context } from 'hono';
import {
  DESCRIPTION_MAX_LENGTH,
  NAME_MAX_LENGTH,
  SEARCH_MAX_LENGTH,
  hasDefault,
  isMissing,
  validateSettings as validateSettingRules,
  type RuleProblem,
} from '../src/core/rules.js';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../src/core/contract.js';
import type { IntegrationSettings, ProviderSettingField } from '../src/core/types.js';
import { ApiError, validationFailed, type FieldErrors } from './errors.js';

const settingValue = v.union([v.string(), v.number(), v.boolean(), v.null()], 'Must be a string, number, boolean or null.');
const settingsRecord = v.record(v.string(), settingValue, 'Must be an object of setting values.');
const trimmed = (label: string, max: number) =>
  v.pipe(
    v.string(`${label} must be text.`),
    v.trim(),
    v.nonEmpty(`${label} is required.`),
    v.maxLength(max, `${label} must be at most ${max} characters.`),
  );
const description = v.nullish(
  v.pipe(
    v.string('Description must be text.'),
    v.trim(),
    v.maxLength(DESCRIPTION_MAX_LENGTH, `Description must be at most ${DESCRIPTION_MAX_LENGTH} characters.`),
  ),
);

export const CreateIntegrationBody = v.strictObject({
  name: trimmed('Name', NAME_MAX_LENGTH),
  cloudProviderId: v.pipe(v.string('Choose a provider.'), v.nonEmpty('Choose a provider.')),
  description,
  settings: v.optional(settingsRecord),
});

export const UpdateIntegrationBody = v.strictObject({
  name: v.optional(trimmed('Name', NAME_MAX_LENGTH)),
  description,
  status: v.optional(v.picklist(['active', 'disabled'], 'Status can be set to active or disabled.')),
  settings: v.optional(settingsRecord),
});

// RFC 7636 §4.2: BASE64URL(SHA-256(verifier)) is always 43 characters.
const codeChallenge = v.pipe(
  v.string('codeChallenge is required.'),
  v.regex(/^[A-Za-z0-9_-]{43}$/, 'codeChallenge must be a base64url S256 challenge (43 characters).'),
);
// RFC 7636 §4.1: 43–128 characters of the unreserved set.
const codeVerifier = v.pipe(
  v.string('codeVerifier is required.'),
  v.regex(/^[A-Za-z0-9._~-]{43,128}$/, 'codeVerifier must be 43–128 characters of [A-Za-z0-9._~-].'),
);
const state = v.pipe(v.string('state is required.'), v.regex(/^[\x21-\x7e]{16,512}$/, 'state must be 16–512 visible ASCII characters.'));
const url = (label: string) => v.pipe(v.string(`${label} is required.`), v.url(`${label} must be an absolute URL.`));

export const InitiateBody = v.object({
  codeChallenge,
  codeChallengeMethod: v.literal('S256', 'codeChallengeMethod must be S256.'),
  state,
  redirectUri: url('redirectUri'),
});

export const CallbackBody = v.object({
  state,
  code: v.pipe(v.string('code is required.'), v.nonEmpty('code is required.'), v.maxLength(2048)),
  codeVerifier,
  redirectUri: url('redirectUri'),
  iss: v.optional(v.nullable(v.pipe(v.string(), v.url('iss must be an absolute URL.')))),
});

const sorts = ['name', '-name', 'createdAt', '-createdAt', 'updatedAt', '-updatedAt'] as const;
export const ListQuery = v.object({
  q: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(SEARCH_MAX_LENGTH, `q must be at most ${SEARCH_MAX_LENGTH} characters.`))),
  status: v.optional(v.picklist(['pending', 'active', 'disabled', 'error'], 'status must be pending, active, disabled or error.')),
  providerId: v.optional(v.string()),
  tokenStatus: v.optional(
    v.picklist(['valid', 'expiring', 'expired', 'error', 'none'], 'tokenStatus must be valid, expiring, expired, error or none.'),
  ),
  sort: v.optional(v.picklist(sorts, `sort must be one of ${sorts.join(', ')}.`), '-createdAt'),
  cursor: v.optional(v.string()),
  limit: v.optional(
    v.pipe(
      v.string(),
      v.regex(/^\d+$/, 'limit must be a whole number.'),
      v.transform(Number),
      v.minValue(1, 'limit must be at least 1.'),
      v.maxValue(MAX_PAGE_SIZE, `limit must be at most ${MAX_PAGE_SIZE}.`),
    ),
    String(DEFAULT_PAGE_SIZE),
  ),
});

export const UsageQuery = v.object({
  range: v.optional(v.picklist(['24h', '7d', '30d'], 'range must be 24h, 7d or 30d.'), '7d'),
});

export const DevTokenBody = v.object({
  tenantId: v.pipe(
    v.string('tenantId is required.'),
    v.regex(/^[A-Za-z0-9._-]{1,64}$/, 'tenantId must be 1–64 letters, digits, dots, dashes or underscores.'),
  ),
  role: v.pipe(v.string('role is required.'), v.nonEmpty('role is required.'), v.maxLength(32)),
  sub: v.optional(v.pipe(v.string(), v.maxLength(200))),
});

export function fieldErrors(issues: v.BaseIssue<unknown>[]): FieldErrors {
  const fields: FieldErrors = {};
  for (const issue of issues) {
    const key = v.getDotPath(issue) || 'body';
    // strict_object reports a field the API does not know (tenantId, id, status on create …).
    fields[key] ??= issue.type === 'strict_object' ? `Unknown field "${key}".` : issue.message;
  }
  return fields;
}

/** Validates `input` or throws validation_failed (400 for malformed requests, 422 for bad values). */
export function parseOrThrow<T extends v.GenericSchema>(schema: T, input: unknown, status: 400 | 422 = 422): v.InferOutput<T> {
  const result = v.safeParse(schema, input);
  if (result.success) return result.output;
  throw validationFailed(fieldErrors(result.issues), 'Some values were not accepted.', status);
}

export async function readJsonBody(c: Context): Promise<unknown> {
  const type = c.req.header('Content-Type') ?? '';
  if (!type.includes('application/json')) {
    throw new ApiError(400, 'validation_failed', 'Send a JSON body with Content-Type: application/json.', {
      fields: { body: 'Expected JSON.' },
    });
  }
  try {
    return await c.req.json();
  } catch {
    throw new ApiError(400, 'validation_failed', 'The request body is not valid JSON.', { fields: { body: 'Invalid JSON.' } });
  }
}

/**
 * Checks settings against a provider's settingsSchema with the rules the elements use
 * (src/core/rules.ts). A missing value takes the schema's default, required or not; errors are
 * keyed `settings.<key>`.
 */
export function validateSettings(schema: ProviderSettingField[], input: IntegrationSettings = {}): IntegrationSettings {
  const problems = validateSettingRules(schema, input);
  if (problems.length > 0) {
    const byKey = new Map(schema.map((field) => [field.key, field]));
    const fields: FieldErrors = {};
    for (const problem of problems) fields[`settings.${problem.key}`] ??= ruleMessage(problem, byKey.get(problem.key));
    throw validationFailed(fields, 'Some settings were not accepted.');
  }
  const out: IntegrationSettings = {};
  for (const field of schema) {
    const value = input[field.key];
    if (!isMissing(value)) out[field.key] = value!;
    else if (hasDefault(field)) out[field.key] = field.default!;
  }
  return out;
}

/** The server's English wording of a broken rule (the elements word the same problems themselves). */
function ruleMessage(problem: RuleProblem, field: ProviderSettingField | undefined): string {
  const label = field?.label ?? problem.key;
  switch (problem.rule) {
    case 'unknown':
      return `Unknown setting "${problem.key}" for this provider.`;
    case 'required':
      return `${label} is required.`;
    case 'type':
      return problem.expected === 'number'
        ? `${label} must be a number.`
        : problem.expected === 'boolean'
          ? `${label} must be true or false.`
          : `${label} must be text.`;
    case 'min':
      return `${label} must be at least ${problem.limit}.`;
    case 'max':
      return `${label} must be at most ${problem.limit}.`;
    case 'minLength':
      return `${label} must be at least ${problem.limit} characters.`;
    case 'maxLength':
      return `${label} must be at most ${problem.limit} characters.`;
    case 'pattern':
      return field?.description ? `${label}: ${field.description}` : `${label} has the wrong format.`;
    case 'option':
      return `${label} must be one of: ${(field?.options ?? []).join(', ')}.`;
  }
}
