import { msg, str } from '@lit/localize';
import type { RuleProblem } from '../core/rules.js';
import { isolate } from './bidi.js';

/**
 * The sentence for a broken rule, in the user's language; `fieldLabel` is the field's visible name. The
 * wizard and the settings editor both word problems here, so the same bad value reads the same.
 * @internal
 */
export function ruleText(problem: RuleProblem, fieldLabel: string): string {
  // Setting labels come from the provider's schema: isolated, as any API text in a sentence.
  const label = isolate(fieldLabel);
  const limit = problem.limit;
  switch (problem.rule) {
    case 'required':
      return msg(str`${label} is required.`);
    case 'type':
      if (problem.expected === 'number') return msg(str`${label} must be a number.`);
      if (problem.expected === 'boolean') return msg(str`${label} must be on or off.`);
      return msg(str`${label} must be text.`);
    case 'min':
      return msg(str`${label} must be at least ${limit}.`);
    case 'max':
      return msg(str`${label} must be at most ${limit}.`);
    case 'minLength':
      return msg(str`${label} must be at least ${limit} characters.`);
    case 'maxLength':
      return msg(str`${label} must be at most ${limit} characters.`);
    case 'pattern':
      return msg(str`${label} is not in the expected format.`);
    case 'option':
      return msg(str`Choose one of the listed values for ${label}.`);
    case 'unknown':
      return msg(str`${label} is not a setting of this provider.`);
  }
}
