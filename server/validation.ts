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
import { say } from './i18n/text.js';

/** A message valibot reads when the issue arises, so it is worded in the request's language. */
const m = (en: string, de: string) => () => say({ en, de });

const settingValue = v.union(
  [v.string(), v.number(), v.boolean(), v.null()],
  m('Must be a string, number, boolean or null.', 'Muss Text, eine Zahl, ein Wahrheitswert oder null sein.'),
);
const settingsRecord = v.record(
  v.string(),
  settingValue,
  m('Must be an object of setting values.', 'Muss ein Objekt aus Einstellungswerten sein.'),
);
const name = v.pipe(
  v.string(m('Name must be text.', 'Der Name muss Text sein.')),
  v.trim(),
  v.nonEmpty(m('Name is required.', 'Der Name ist erforderlich.')),
  v.maxLength(
    NAME_MAX_LENGTH,
    m(`Name must be at most ${NAME_MAX_LENGTH} characters.`, `Der Name darf höchstens ${NAME_MAX_LENGTH} Zeichen lang sein.`),
  ),
);
const description = v.nullish(
  v.pipe(
    v.string(m('Description must be text.', 'Die Beschreibung muss Text sein.')),
    v.trim(),
    v.maxLength(
      DESCRIPTION_MAX_LENGTH,
      m(
        `Description must be at most ${DESCRIPTION_MAX_LENGTH} characters.`,
        `Die Beschreibung darf höchstens ${DESCRIPTION_MAX_LENGTH} Zeichen lang sein.`,
      ),
    ),
  ),
);
const chooseProvider = m('Choose a provider.', 'Wählen Sie einen Anbieter.');

export const CreateIntegrationBody = v.strictObject({
  name,
  cloudProviderId: v.pipe(v.string(chooseProvider), v.nonEmpty(chooseProvider)),
  description,
  settings: v.optional(settingsRecord),
});

export const UpdateIntegrationBody = v.strictObject({
  name: v.optional(name),
  description,
  status: v.optional(
    v.picklist(
      ['active', 'disabled'],
      m('Status can be set to active or disabled.', 'Der Status kann auf aktiv oder deaktiviert gesetzt werden.'),
    ),
  ),
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
    fields[key] ??=
      issue.type === 'strict_object' ? say({ en: `Unknown field "${key}".`, de: `Unbekanntes Feld „${key}“.` }) : issue.message;
  }
  return fields;
}

/** Validates `input` or throws validation_failed (400 for malformed requests, 422 for bad values). */
export function parseOrThrow<T extends v.GenericSchema>(schema: T, input: unknown, status: 400 | 422 = 422): v.InferOutput<T> {
  const result = v.safeParse(schema, input);
  if (result.success) return result.output;
  throw validationFailed(fieldErrors(result.issues), undefined, status);
}

export async function readJsonBody(c: Context): Promise<unknown> {
  const type = c.req.header('Content-Type') ?? '';
  if (!type.includes('application/json')) {
    throw new ApiError(
      400,
      'validation_failed',
      say({
        en: 'Send a JSON body with Content-Type: application/json.',
        de: 'Senden Sie einen JSON-Inhalt mit Content-Type: application/json.',
      }),
      { fields: { body: say({ en: 'Expected JSON.', de: 'JSON erwartet.' }) } },
    );
  }
  try {
    return await c.req.json();
  } catch {
    throw new ApiError(
      400,
      'validation_failed',
      say({ en: 'The request body is not valid JSON.', de: 'Der Anfrageinhalt ist kein gültiges JSON.' }),
      {
        fields: { body: say({ en: 'Invalid JSON.', de: 'Ungültiges JSON.' }) },
      },
    );
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
    throw validationFailed(fields, say({ en: 'Some settings were not accepted.', de: 'Einige Einstellungen wurden nicht angenommen.' }));
  }
  const out: IntegrationSettings = {};
  for (const field of schema) {
    const value = input[field.key];
    if (!isMissing(value)) out[field.key] = value!;
    else if (hasDefault(field)) out[field.key] = field.default!;
  }
  return out;
}

/**
 * The server's wording of a broken rule, in the request's language (the elements word the same
 * problems themselves). `field` comes from the catalogue already localized, so its label is too.
 */
function ruleMessage(problem: RuleProblem, field: ProviderSettingField | undefined): string {
  const label = field?.label ?? problem.key;
  switch (problem.rule) {
    case 'unknown':
      return say({
        en: `Unknown setting "${problem.key}" for this provider.`,
        de: `Unbekannte Einstellung „${problem.key}“ für diesen Anbieter.`,
      });
    case 'required':
      return say({ en: `${label} is required.`, de: `${label} ist erforderlich.` });
    case 'type':
      return problem.expected === 'number'
        ? say({ en: `${label} must be a number.`, de: `${label} muss eine Zahl sein.` })
        : problem.expected === 'boolean'
          ? say({ en: `${label} must be true or false.`, de: `${label} muss wahr oder falsch sein.` })
          : say({ en: `${label} must be text.`, de: `${label} muss Text sein.` });
    case 'min':
      return say({ en: `${label} must be at least ${problem.limit}.`, de: `${label} muss mindestens ${problem.limit} sein.` });
    case 'max':
      return say({ en: `${label} must be at most ${problem.limit}.`, de: `${label} darf höchstens ${problem.limit} sein.` });
    case 'minLength':
      return say({
        en: `${label} must be at least ${problem.limit} characters.`,
        de: `${label} muss mindestens ${problem.limit} Zeichen lang sein.`,
      });
    case 'maxLength':
      return say({
        en: `${label} must be at most ${problem.limit} characters.`,
        de: `${label} darf höchstens ${problem.limit} Zeichen lang sein.`,
      });
    case 'pattern':
      return field?.description
        ? `${label}: ${field.description}`
        : say({ en: `${label} has the wrong format.`, de: `${label} hat das falsche Format.` });
    case 'option': {
      const options = (field?.options ?? []).map((option) => field?.optionLabels?.[option] ?? option).join(', ');
      return say({ en: `${label} must be one of: ${options}.`, de: `${label} muss eines davon sein: ${options}.` });
    }
  }
}
