import { msg, str } from '@lit/localize';
import type { RuleProblem, TextProblem } from '../core/rules.js';
import { isolate } from './bidi.js';

/**
 * Text the server would refuse as it was written (`textProblem` in core/rules.ts): a control
 * character, or half of a surrogate pair. `multiline` text (a description) may hold line breaks and tabs.
 * @internal
 */
export interface TextRuleProblem {
  key: string;
  rule: TextProblem;
  multiline?: boolean | undefined;
}

/** What a form can find wrong with a value before it sends it. @internal */
export type FormProblem = RuleProblem | TextRuleProblem;

/**
 * The sentence for a broken rule, in the user's language; `fieldLabel` is the field's visible name. The
 * wizard and the settings editor both word problems here, so the same bad value reads the same.
 * @internal
 */
export function ruleText(problem: FormProblem, fieldLabel: string): string {
  // Setting labels come from the provider's schema: isolated, as any API text in a sentence.
  const label = isolate(fieldLabel);
  switch (problem.rule) {
    case 'required':
      return msg(str`${label} is required.`);
    case 'type':
      if (problem.expected === 'number') return msg(str`${label} must be a number.`);
      if (problem.expected === 'boolean') return msg(str`${label} must be on or off.`);
      return msg(str`${label} must be text.`);
    case 'min':
      return msg(str`${label} must be at least ${problem.limit}.`);
    case 'max':
      return msg(str`${label} must be at most ${problem.limit}.`);
    case 'minLength':
      return msg(str`${label} must be at least ${problem.limit} characters.`);
    case 'maxLength':
      return msg(str`${label} must be at most ${problem.limit} characters.`);
    case 'pattern':
      return msg(str`${label} is not in the expected format.`);
    case 'option':
      return msg(str`Choose one of the listed values for ${label}.`);
    case 'unknown':
      return msg(str`${label} is not a setting of this provider.`);
    case 'control':
      return problem.multiline
        ? msg(str`${label} must not contain control characters other than line breaks and tabs.`)
        : msg(str`${label} must not contain control characters (such as NUL, tabs or line breaks).`);
    case 'surrogate':
      return msg(str`${label} contains an incomplete character (a lone UTF-16 surrogate).`);
  }
}
