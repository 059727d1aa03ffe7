/**
 * The rules an integration's values must follow, in one place: the elements check them as the user
 * types and the reference server checks them before it stores anything, so the two cannot disagree.
 * Problems are data (`{ key, rule, limit }`), not sentences: the elements word them in the user's
 * language, the server in English.
 *
 * Semantics, as the REST contract states them:
 * - A value is missing when it is `undefined`, `null` or text that is empty after trimming.
 * - A required field with a default may be left missing: the default is stored. Without a default
 *   it is a `required` problem. A boolean is never missing (nothing sent means false).
 * - `pattern` must match the whole value, read with the `u` flag, as the HTML `pattern` attribute
 *   does: `new RegExp('^(?:' + pattern + ')$', 'u')`.
 * - Number fields take finite numbers only; `min`/`max` are inclusive. On text fields they bound the
 *   length in UTF-16 code units, as `minlength`/`maxlength` count.
 * - A select's value must be one of its `options`.
 */
import type { IntegrationSettings, ProviderSettingField, SettingValue } from './types.js';

/** The longest integration name, after trimming. */
export const NAME_MAX_LENGTH = 200;
/** The longest integration description, after trimming. */
export const DESCRIPTION_MAX_LENGTH = 2000;
/** The longest search text the list endpoint accepts (`q`). */
export const SEARCH_MAX_LENGTH = 200;

/**
 * Why a text cannot be stored as a person wrote it (see {@link textProblem}).
 * - `control`: a C0 control (U+0000–U+001F; tab and line feed are allowed in multiline text), DEL
 *   or a C1 control (U+007F–U+009F). They are invisible, NUL cannot be stored in PostgreSQL at all,
 *   and the others break logs, terminals and CSV exports that show the text later.
 * - `surrogate`: half of a UTF-16 surrogate pair with no other half, which no encoding can store
 *   (UTF-8 would silently turn it into U+FFFD, so what is read back would not be what was sent).
 */
export type TextProblem = 'control' | 'surrogate';

export interface TextOptions {
  /** Text that may span lines (a description): tab and line feed are allowed, carriage return is not. */
  multiline?: boolean | undefined;
}

/**
 * The first reason `value` is not text that may be stored, or `undefined` when it may. Apply it to
 * the value as it would be stored (trimmed), after the type and length checks.
 */
export function textProblem(value: string, options: TextOptions = {}): TextProblem | undefined {
  for (let i = 0; i < value.length; i++) {
    const unit = value.charCodeAt(i);
    if (unit <= 0x1f || (unit >= 0x7f && unit <= 0x9f)) {
      if (options.multiline && (unit === 0x09 || unit === 0x0a)) continue;
      return 'control';
    }
    if (unit >= 0xd800 && unit <= 0xdbff) {
      const next = value.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        i++;
        continue;
      }
      return 'surrogate';
    }
    if (unit >= 0xdc00 && unit <= 0xdfff) return 'surrogate';
  }
  return undefined;
}

export type Rule = 'required' | 'type' | 'min' | 'max' | 'minLength' | 'maxLength' | 'pattern' | 'option' | 'unknown';

/** One broken rule. `key` is the setting's key, or `name` / `description` for those fields. */
export interface RuleProblem {
  key: string;
  rule: Rule;
  /** The bound that was crossed (`min`, `max`, `minLength`, `maxLength`). */
  limit?: number | undefined;
  /** What a `type` problem wanted. */
  expected?: 'string' | 'number' | 'boolean' | undefined;
}

export function isMissing(value: unknown): boolean {
  return value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
}

/** A `null` default is no default: there would be nothing to store. */
export function hasDefault(field: ProviderSettingField): boolean {
  return field.default !== undefined && field.default !== null;
}

/** The pattern as it is matched, or `undefined` when it does not compile (with the `u` flag). */
export function compilePattern(pattern: string): RegExp | undefined {
  try {
    return new RegExp(`^(?:${pattern})$`, 'u');
  } catch {
    return undefined;
  }
}

function matchesPattern(pattern: string, value: string): boolean {
  // A pattern that does not compile matches everything here: the reference server refuses such a
  // catalogue entry at start-up, so a client meets one only from another server, and refusing
  // every value would leave the user with a form that cannot be sent.
  return compilePattern(pattern)?.test(value) ?? true;
}

/** The first rule `value` breaks for `field`, or `undefined` when it may be stored. */
export function validateSettingValue(field: ProviderSettingField, value: SettingValue | undefined): RuleProblem | undefined {
  const { key } = field;
  if (field.type === 'boolean') {
    return value === undefined || value === null || typeof value === 'boolean' ? undefined : { key, rule: 'type', expected: 'boolean' };
  }
  if (isMissing(value)) return field.required && !hasDefault(field) ? { key, rule: 'required' } : undefined;
  switch (field.type) {
    case 'number':
      if (typeof value !== 'number' || !Number.isFinite(value)) return { key, rule: 'type', expected: 'number' };
      if (field.min !== undefined && value < field.min) return { key, rule: 'min', limit: field.min };
      if (field.max !== undefined && value > field.max) return { key, rule: 'max', limit: field.max };
      return undefined;
    case 'select':
      if (typeof value !== 'string') return { key, rule: 'type', expected: 'string' };
      return (field.options ?? []).includes(value) ? undefined : { key, rule: 'option' };
    case 'string':
      if (typeof value !== 'string') return { key, rule: 'type', expected: 'string' };
      if (field.min !== undefined && value.length < field.min) return { key, rule: 'minLength', limit: field.min };
      if (field.max !== undefined && value.length > field.max) return { key, rule: 'maxLength', limit: field.max };
      if (field.pattern !== undefined && !matchesPattern(field.pattern, value)) return { key, rule: 'pattern' };
      return undefined;
    default:
      return undefined;
  }
}

/** Every problem of a settings object: keys the schema does not know, then one per bad field. */
export function validateSettings(fields: readonly ProviderSettingField[], settings: IntegrationSettings = {}): RuleProblem[] {
  const known = new Set(fields.map((field) => field.key));
  const problems: RuleProblem[] = Object.keys(settings)
    .filter((key) => !known.has(key))
    .map((key) => ({ key, rule: 'unknown' }));
  for (const field of fields) {
    const problem = validateSettingValue(field, settings[field.key]);
    if (problem) problems.push(problem);
  }
  return problems;
}

function validateText(key: string, value: unknown, required: boolean, maxLength: number): RuleProblem | undefined {
  if (value === undefined || value === null) return required ? { key, rule: 'required' } : undefined;
  if (typeof value !== 'string') return { key, rule: 'type', expected: 'string' };
  const text = value.trim();
  if (required && text === '') return { key, rule: 'required' };
  return text.length > maxLength ? { key, rule: 'maxLength', limit: maxLength } : undefined;
}

/** An integration's name: required, at most {@link NAME_MAX_LENGTH} characters once trimmed. */
export function validateName(name: unknown): RuleProblem | undefined {
  return validateText('name', name, true, NAME_MAX_LENGTH);
}

/** An integration's description: optional, at most {@link DESCRIPTION_MAX_LENGTH} characters once trimmed. */
export function validateDescription(description: unknown): RuleProblem | undefined {
  return validateText('description', description, false, DESCRIPTION_MAX_LENGTH);
}
