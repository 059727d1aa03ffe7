/**
 * Request validation with valibot. A failure answers validation_failed with one message per field
 * (`name`, `settings.region`, `codeChallenge` …), the shape the client shows next to form fields.
 * Every value is checked here before it reaches SQL: text a person wrote follows the text rule of
 * src/core/rules.ts (no control characters, no lone surrogates), and every query and path
 * parameter has a shape, so a hostile one is a field error and never a database error.
 */
import * as v from 'valibot';
import type { Context } from 'hono';
import {
  DESCRIPTION_MAX_LENGTH,
  NAME_MAX_LENGTH,
  SEARCH_MAX_LENGTH,
  hasDefault,
  isMissing,
  textProblem,
  validateSettings as validateSettingRules,
  type RuleProblem,
} from '../src/core/rules.js';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../src/core/contract.js';
import type { IntegrationSettings, ProviderSettingField } from '../src/core/types.js';
import { ApiError, validationFailed, type FieldErrors } from './errors.js';
import { say } from './i18n/text.js';
import { isJsonContentType } from './media-type.js';
import { INTEGRATION_ID_PATTERN } from './site.js';

/** A message valibot reads when the issue arises, so it is worded in the request's language. */
const m = (en: string, de: string) => () => say({ en, de });

type Message = () => string;

/** The text rule (rules.ts) as valibot checks, one message for each way it can be broken. */
function storableText(multiline: boolean, messages: { control: Message; surrogate: Message }) {
  return [
    v.check((text: string) => textProblem(text, { multiline }) !== 'control', messages.control),
    v.check((text: string) => textProblem(text, { multiline }) !== 'surrogate', messages.surrogate),
  ] as const;
}

const loneSurrogate = m(
  'Contains an incomplete character (a lone UTF-16 surrogate).',
  'Enthält ein unvollständiges Zeichen (ein einzelnes UTF-16-Surrogat).',
);
const singleLineText = storableText(false, {
  control: m(
    'Must not contain control characters (such as NUL or line breaks).',
    'Darf keine Steuerzeichen (wie NUL oder Zeilenumbrüche) enthalten.',
  ),
  surrogate: loneSurrogate,
});

const settingValue = v.union(
  [v.pipe(v.string(), ...singleLineText), v.number(), v.boolean(), v.null()],
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
  ...storableText(false, {
    control: m(
      'Name must not contain control characters (such as NUL, tabs or line breaks).',
      'Der Name darf keine Steuerzeichen (wie NUL, Tabulatoren oder Zeilenumbrüche) enthalten.',
    ),
    surrogate: m(
      'Name contains an incomplete character (a lone UTF-16 surrogate).',
      'Der Name enthält ein unvollständiges Zeichen (ein einzelnes UTF-16-Surrogat).',
    ),
  }),
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
    ...storableText(true, {
      control: m(
        'Description must not contain control characters other than line breaks and tabs.',
        'Die Beschreibung darf außer Zeilenumbrüchen und Tabulatoren keine Steuerzeichen enthalten.',
      ),
      surrogate: m(
        'Description contains an incomplete character (a lone UTF-16 surrogate).',
        'Die Beschreibung enthält ein unvollständiges Zeichen (ein einzelnes UTF-16-Surrogat).',
      ),
    }),
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
// No controls first: the URL parser would drop some (tab, line feed) and percent-encode others.
const url = (label: string) =>
  v.pipe(
    v.string(`${label} is required.`),
    v.maxLength(2048, `${label} must be at most 2048 characters.`),
    v.regex(/^[\x21-\x7e]+$/, `${label} must be visible ASCII characters (a URL, percent-encoded).`),
    v.url(`${label} must be an absolute URL.`),
  );

export const InitiateBody = v.object({
  codeChallenge,
  codeChallengeMethod: v.literal('S256', 'codeChallengeMethod must be S256.'),
  state,
  redirectUri: url('redirectUri'),
});

export const CallbackBody = v.object({
  state,
  // RFC 6749 §A.11: code = 1*VSCHAR (%x20-7E). Checked before the state is looked up, so a
  // malformed callback does not spend the sign-in.
  code: v.pipe(
    v.string('code is required.'),
    v.nonEmpty('code is required.'),
    v.maxLength(2048, 'code must be at most 2048 characters.'),
    v.regex(/^[\x20-\x7e]+$/, 'code must be visible ASCII characters (RFC 6749).'),
  ),
  codeVerifier,
  redirectUri: url('redirectUri'),
  iss: v.optional(v.nullable(url('iss'))),
});

const sorts = ['name', '-name', 'createdAt', '-createdAt', 'updatedAt', '-updatedAt'] as const;
export const ListQuery = v.object({
  q: v.optional(
    v.pipe(
      v.string(),
      v.trim(),
      v.maxLength(SEARCH_MAX_LENGTH, `q must be at most ${SEARCH_MAX_LENGTH} characters.`),
      ...storableText(false, {
        control: m('q must not contain control characters.', 'q darf keine Steuerzeichen enthalten.'),
        surrogate: m(
          'q contains an incomplete character (a lone UTF-16 surrogate).',
          'q enthält ein unvollständiges Zeichen (ein einzelnes UTF-16-Surrogat).',
        ),
      }),
    ),
  ),
  status: v.optional(v.picklist(['pending', 'active', 'disabled', 'error'], 'status must be pending, active, disabled or error.')),
  // Any well-formed id (an unknown one lists nothing), in the shape of the catalogue's ids.
  providerId: v.optional(
    v.pipe(
      v.string(),
      v.regex(
        /^[A-Za-z0-9._-]{1,100}$/,
        m(
          'providerId must be 1–100 letters, digits, dots, dashes or underscores.',
          'providerId muss aus 1–100 Buchstaben, Ziffern, Punkten, Binde- oder Unterstrichen bestehen.',
        ),
      ),
    ),
  ),
  tokenStatus: v.optional(
    v.picklist(['valid', 'expiring', 'expired', 'error', 'none'], 'tokenStatus must be valid, expiring, expired, error or none.'),
  ),
  sort: v.optional(v.picklist(sorts, `sort must be one of ${sorts.join(', ')}.`), '-createdAt'),
  // Its content is checked against its signature and the sort (server/list-cursor.ts).
  cursor: v.optional(
    v.pipe(
      v.string(),
      v.regex(
        /^[A-Za-z0-9_.-]{1,2048}$/,
        m(
          'This cursor is not one this list gave out; start from the first page.',
          'Dieser Cursor stammt nicht aus dieser Liste; beginnen Sie auf der ersten Seite.',
        ),
      ),
    ),
  ),
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
  role: v.pipe(v.string('role is required.'), v.regex(/^[\x21-\x7e]{1,32}$/, 'role must be 1–32 visible ASCII characters.')),
  sub: v.optional(v.pipe(v.string('sub must be text.'), v.maxLength(200, 'sub must be at most 200 characters.'), ...singleLineText)),
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

/** The 415 for a body that is not `application/json` (see server/media-type.ts for what is). */
export const unsupportedMediaType = () =>
  new ApiError(
    415,
    'validation_failed',
    say({
      en: 'Send a JSON body with Content-Type: application/json.',
      de: 'Senden Sie einen JSON-Inhalt mit Content-Type: application/json.',
    }),
    { fields: { 'Content-Type': say({ en: 'Must be application/json.', de: 'Muss application/json sein.' }) } },
  );

const invalidBody = (en: string, de: string) =>
  new ApiError(
    400,
    'validation_failed',
    say({ en: 'The request body is not valid JSON.', de: 'Der Anfrageinhalt ist kein gültiges JSON.' }),
    { fields: { body: say({ en, de }) } },
  );

/**
 * The request's JSON body: 415 unless its Content-Type is application/json, 400 unless it is
 * well-formed UTF-8 (a decoder that replaced bad bytes with U+FFFD would store something other than
 * what was sent) and well-formed JSON.
 */
export async function readJsonBody(c: Context): Promise<unknown> {
  if (!isJsonContentType(c.req.header('Content-Type'))) throw unsupportedMediaType();
  const bytes = await c.req.arrayBuffer();
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw invalidBody('Not valid UTF-8.', 'Kein gültiges UTF-8.');
  }
  try {
    return JSON.parse(text);
  } catch {
    throw invalidBody('Invalid JSON.', 'Ungültiges JSON.');
  }
}

/** The `:id` of the path, when it has an integration id's shape; otherwise 400 on field `id`. */
export function integrationIdParam(c: Context): string {
  const id = c.req.param('id') ?? '';
  if (!INTEGRATION_ID_PATTERN.test(id)) {
    throw validationFailed(
      { id: say({ en: 'Not an integration id.', de: 'Keine Integrations-ID.' }) },
      say({ en: 'The address names no integration.', de: 'Die Adresse nennt keine Integration.' }),
      400,
    );
  }
  return id;
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
