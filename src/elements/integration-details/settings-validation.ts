import { msg, str } from '@lit/localize';
import type { IntegrationSettings, ProviderSettingField, SettingValue } from '../../core/types.js';

/**
 * The settings form's rules, kept apart from the element so they read (and test) as plain
 * functions: what a field shows, how input becomes a value, and what makes a value invalid.
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
  const label = field.label;
  if (value === null || value === '') {
    return field.required && field.type !== 'boolean' ? msg(str`${label} is required.`) : undefined;
  }
  switch (field.type) {
    case 'number': {
      if (typeof value !== 'number' || !Number.isFinite(value)) return msg(str`${label} must be a number.`);
      if (field.min !== undefined && value < field.min) return msg(str`${label} must be at least ${field.min}.`);
      if (field.max !== undefined && value > field.max) return msg(str`${label} must be at most ${field.max}.`);
      return undefined;
    }
    case 'select':
      return field.options && !field.options.includes(String(value)) ? msg(str`Choose one of the listed values for ${label}.`) : undefined;
    case 'string': {
      const text = String(value);
      if (field.min !== undefined && text.length < field.min) return msg(str`${label} must be at least ${field.min} characters.`);
      if (field.max !== undefined && text.length > field.max) return msg(str`${label} must be at most ${field.max} characters.`);
      if (field.pattern && !matchesPattern(field.pattern, text)) return msg(str`${label} has an invalid format.`);
      return undefined;
    }
    default:
      return undefined;
  }
}

/** Whole-value match, like the `pattern` attribute; a broken pattern from the server accepts. */
function matchesPattern(pattern: string, text: string): boolean {
  try {
    return new RegExp(`^(?:${pattern})$`, 'u').test(text);
  } catch {
    return true;
  }
}

/** True when two setting values are the same for saving purposes. */
export function sameValue(a: SettingValue | undefined, b: SettingValue | undefined): boolean {
  return (a ?? null) === (b ?? null);
}
