/**
 * What the Details step edits, and how it becomes a request. Pure functions, so the rules can be
 * read (and tested) apart from the element. The checks mirror the reference server's
 * (server/validation.ts): the user sees a message before the round trip, and the server's own
 * `validation_failed` answer lands on the same fields.
 */
import { msg, str } from '@lit/localize';
import type { IntegrationCreateRequest, IntegrationSettings, ProviderSettingField } from '../../core/types.js';

/** Raw form values: text as typed (numbers too), checkboxes as booleans. */
export type DraftValue = string | boolean;

export interface DetailsDraft {
  name: string;
  description: string;
  settings: Record<string, DraftValue>;
}

/** Messages keyed by field path: `name`, `description`, `settings.<key>` (the server's keys). */
export type FieldMessages = Record<string, string>;

export const NAME_MAX = 200;
export const DESCRIPTION_MAX = 2000;

export const settingPath = (field: ProviderSettingField) => `settings.${field.key}`;

export function emptyDraft(): DetailsDraft {
  return { name: '', description: '', settings: {} };
}

/** The schema's defaults as form values. */
export function defaultSettings(schema: readonly ProviderSettingField[]): Record<string, DraftValue> {
  const values: Record<string, DraftValue> = {};
  for (const field of schema) {
    if (field.type === 'boolean') values[field.key] = field.default === true;
    else values[field.key] = field.default === undefined || field.default === null ? '' : String(field.default);
  }
  return values;
}

/** True when the user typed or changed something. */
export function draftHasInput(draft: DetailsDraft, schema: readonly ProviderSettingField[]): boolean {
  if (draft.name.trim() || draft.description.trim()) return true;
  const defaults = defaultSettings(schema);
  return Object.entries(draft.settings).some(([key, value]) => value !== (defaults[key] ?? ''));
}

function isEmpty(value: DraftValue | undefined): boolean {
  return value === undefined || (typeof value === 'string' && value.trim() === '');
}

function matches(pattern: string, value: string): boolean {
  try {
    return new RegExp(pattern).test(value);
  } catch {
    return true; // A pattern the browser cannot read is the server's to enforce.
  }
}

export function checkName(name: string): string | undefined {
  const trimmed = name.trim();
  if (!trimmed) return msg('Enter a name.');
  if (trimmed.length > NAME_MAX) return msg(str`Use at most ${NAME_MAX} characters.`);
  return undefined;
}

export function checkDescription(description: string): string | undefined {
  return description.trim().length > DESCRIPTION_MAX ? msg(str`Use at most ${DESCRIPTION_MAX} characters.`) : undefined;
}

export function checkSetting(field: ProviderSettingField, value: DraftValue | undefined): string | undefined {
  const { label } = field;
  if (isEmpty(value)) {
    return field.required && field.default === undefined ? msg(str`${label} is required.`) : undefined;
  }
  const text = String(value).trim();
  switch (field.type) {
    case 'select':
      if (field.options && !field.options.includes(text)) return msg(str`Choose one of the options for ${label}.`);
      return undefined;
    case 'string':
      if (field.pattern && !matches(field.pattern, text)) return msg(str`${label} is not in the expected format.`);
      if (field.min !== undefined && text.length < field.min) return msg(str`${label} must be at least ${field.min} characters.`);
      if (field.max !== undefined && text.length > field.max) return msg(str`${label} must be at most ${field.max} characters.`);
      return undefined;
    case 'number': {
      const number = Number(text);
      if (!Number.isFinite(number)) return msg(str`${label} must be a number.`);
      if (field.min !== undefined && number < field.min) return msg(str`${label} must be at least ${field.min}.`);
      if (field.max !== undefined && number > field.max) return msg(str`${label} must be at most ${field.max}.`);
      return undefined;
    }
    default:
      return undefined;
  }
}

/** Every problem of the draft, keyed by field path; empty when it can be sent. */
export function validateDraft(draft: DetailsDraft, schema: readonly ProviderSettingField[]): FieldMessages {
  const errors: FieldMessages = {};
  const name = checkName(draft.name);
  if (name) errors.name = name;
  const description = checkDescription(draft.description);
  if (description) errors.description = description;
  for (const field of schema) {
    const error = checkSetting(field, draft.settings[field.key]);
    if (error) errors[settingPath(field)] = error;
  }
  return errors;
}

/** Typed settings for the API; empty optional values are left out (the server applies defaults). */
export function settingsFromDraft(draft: DetailsDraft, schema: readonly ProviderSettingField[]): IntegrationSettings {
  const settings: IntegrationSettings = {};
  for (const field of schema) {
    const value = draft.settings[field.key];
    if (field.type === 'boolean') settings[field.key] = value === true;
    else if (!isEmpty(value)) settings[field.key] = field.type === 'number' ? Number(String(value).trim()) : String(value).trim();
  }
  return settings;
}

export function createRequest(draft: DetailsDraft, providerId: string, schema: readonly ProviderSettingField[]): IntegrationCreateRequest {
  const description = draft.description.trim();
  return {
    name: draft.name.trim(),
    cloudProviderId: providerId,
    ...(description ? { description } : {}),
    settings: settingsFromDraft(draft, schema),
  };
}

/** Whether two requests would store the same thing (the order of settings keys aside). */
export function sameRequest(a: IntegrationCreateRequest, b: IntegrationCreateRequest): boolean {
  const canonical = (r: IntegrationCreateRequest) =>
    JSON.stringify([r.cloudProviderId, r.name, r.description ?? '', Object.entries(r.settings ?? {}).sort(([x], [y]) => x.localeCompare(y))]);
  return canonical(a) === canonical(b);
}
