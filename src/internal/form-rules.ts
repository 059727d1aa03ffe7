/**
 * The rules a form checks before it sends a value: the shared ones of core/rules.ts, then the text
 * rule the server applies (no control characters, no lone surrogates), so a value the server would
 * refuse gets its field error here and is never sent. The wizard, the details header and the
 * settings editor all check through these.
 * @internal
 */
import { msg } from '@lit/localize';
import { textProblem, validateDescription, validateName, validateSettingValue } from '../core/rules.js';
import type { ProviderSettingField, SettingValue } from '../core/types.js';
import { ruleText, type FormProblem, type TextRuleProblem } from './rule-text.js';

function textRule(key: string, value: string, multiline = false): TextRuleProblem | undefined {
  const rule = textProblem(value, { multiline });
  return rule && { key, rule, multiline };
}

/** The name as it would be sent (trimmed). */
export function nameProblem(name: string): FormProblem | undefined {
  return validateName(name) ?? textRule('name', name.trim());
}

/** The description as it would be sent (trimmed); it may span lines. */
export function descriptionProblem(description: string): FormProblem | undefined {
  return validateDescription(description) ?? textRule('description', description.trim(), true);
}

/** A setting's value as it would be sent. */
export function settingProblem(field: ProviderSettingField, value: SettingValue | undefined): FormProblem | undefined {
  return validateSettingValue(field, value) ?? (typeof value === 'string' ? textRule(field.key, value) : undefined);
}

/** The name field's error, `undefined` when the name may be sent. */
export function nameError(name: string): string | undefined {
  const problem = nameProblem(name);
  if (!problem) return undefined;
  return problem.rule === 'required' ? msg('Enter a name.') : ruleText(problem, msg('Name'));
}

/** The description field's error, `undefined` when the description may be sent. */
export function descriptionError(description: string): string | undefined {
  const problem = descriptionProblem(description);
  return problem && ruleText(problem, msg('Description'));
}
