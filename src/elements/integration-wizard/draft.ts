/**
 * What the Details step edits, and how it becomes a request. Pure functions, so the rules can be
 * read (and tested) apart from the element. The rules are the reference server's own
 * (core/rules.ts and its text rule, through internal/form-rules.ts): the user sees a message
 * before the round trip, and the server's own `validation_failed` answer lands on the same fields.
 */
import type { Integration, IntegrationCreateRequest, IntegrationSettings, ProviderSettingField, SettingValue } from '../../core/types.js';
import { ruleText } from '../../internal/rule-text.js';
import { descriptionError, nameError, settingProblem } from '../../internal/form-rules.js';
import type { FormValue } from '../../internal/settings-form.js';

/** Raw form values: text as typed (numbers too), checkboxes as booleans. */
export type DraftValue = FormValue;

export interface DetailsDraft {
  name: string;
  description: string;
  settings: Record<string, DraftValue>;
}

/** Messages keyed by field path: `name`, `description`, `settings.<key>` (the server's keys). */
export type FieldMessages = Record<string, string>;

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

/** What an existing integration holds, as form values. */
export function draftFromIntegration(integration: Integration, schema: readonly ProviderSettingField[]): DetailsDraft {
  const settings: Record<string, DraftValue> = {};
  for (const field of schema) {
    const value = integration.settings[field.key];
    if (field.type === 'boolean') settings[field.key] = value === true;
    else settings[field.key] = value === undefined || value === null ? '' : String(value);
  }
  return { name: integration.name, description: integration.description ?? '', settings };
}

/** Whether two drafts hold the same values. */
export function sameDraft(a: DetailsDraft, b: DetailsDraft): boolean {
  if (a.name !== b.name || a.description !== b.description) return false;
  const keys = new Set([...Object.keys(a.settings), ...Object.keys(b.settings)]);
  return [...keys].every((key) => a.settings[key] === b.settings[key]);
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

/** The value the request would carry for a form value: trimmed text, a number, `undefined` when empty. */
function settingValue(field: ProviderSettingField, value: DraftValue | undefined): SettingValue | undefined {
  if (field.type === 'boolean') return value === true;
  if (isEmpty(value)) return undefined;
  const text = String(value).trim();
  return field.type === 'number' ? Number(text) : text;
}

/** Checks the value that would be sent, so the rules are the server's own. */
export function checkSetting(field: ProviderSettingField, value: DraftValue | undefined): string | undefined {
  const problem = settingProblem(field, settingValue(field, value));
  return problem && ruleText(problem, field.label);
}

/** Every problem of the draft, keyed by field path; empty when it can be sent. */
export function validateDraft(draft: DetailsDraft, schema: readonly ProviderSettingField[]): FieldMessages {
  const errors: FieldMessages = {};
  const name = nameError(draft.name);
  if (name) errors.name = name;
  const description = descriptionError(draft.description);
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
    const value = settingValue(field, draft.settings[field.key]);
    if (value !== undefined) settings[field.key] = value;
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
    JSON.stringify([
      r.cloudProviderId,
      r.name,
      r.description ?? '',
      Object.entries(r.settings ?? {}).sort(([x], [y]) => x.localeCompare(y)),
    ]);
  return canonical(a) === canonical(b);
}
