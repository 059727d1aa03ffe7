import type { IntegrationSettings, ProviderSettingField, SettingValue } from '../../core/types.js';
import { ruleText } from '../../internal/rule-text.js';
import { settingProblem } from '../../internal/form-rules.js';

/**
 * The settings form's rules, kept apart from the element so they read (and test) as plain
 * functions: what a field shows and how input becomes a value. What makes a value invalid is
 * core/rules.ts, shared with the wizard and the reference server.
 * @internal
 */

/** The value a field shows: the saved one, else the schema default, else empty. */
export function savedValue(field: ProviderSettingField, settings: IntegrationSettings): SettingValue {
  if (Object.prototype.hasOwnProperty.call(settings, field.key)) return settings[field.key] ?? null;
  if (field.default !== undefined) return field.default;
  return field.type === 'boolean' ? false : null;
}

/** Turns what the control holds into the value to save (empty text is `null`). */
export function parseInput(field: ProviderSettingField, raw: string | boolean): SettingValue {
  if (field.type === 'boolean') return raw === true;
  const text = String(raw);
  if (text.trim() === '') return null;
  if (field.type === 'number') {
    const value = Number(text);
    return Number.isFinite(value) ? value : text; // keep the text: validation reports it
  }
  return text;
}

/** The control's text for a value. */
export function displayValue(value: SettingValue): string {
  return value === null || value === undefined ? '' : String(value);
}

/** A message for an invalid value, `undefined` when the value may be saved. */
export function validateSetting(field: ProviderSettingField, value: SettingValue): string | undefined {
  const problem = settingProblem(field, value);
  return problem && ruleText(problem, field.label);
}

/** True when two setting values are the same for saving purposes. */
export function sameValue(a: SettingValue | undefined, b: SettingValue | undefined): boolean {
  return (a ?? null) === (b ?? null);
}
