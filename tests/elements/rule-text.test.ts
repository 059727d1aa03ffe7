// The wizard's Details step and the details' settings editor word the same bad input the same way.
import { expect } from '@open-wc/testing';
import type { ProviderSettingField } from '../../src/core/types.js';
import { checkSetting } from '../../src/elements/integration-wizard/draft.js';
import { nameError as checkName } from '../../src/internal/form-rules.js';
import { parseInput, validateSetting } from '../../src/elements/integration-details/settings-validation.js';
import { withoutIsolates } from '../support/bidi.js';

const fields: Record<string, ProviderSettingField> = {
  slug: { key: 'slug', label: 'Slug', type: 'string', pattern: '[a-z]+', min: 2, max: 8 },
  region: { key: 'region', label: 'Region', type: 'select', required: true, options: ['eu', 'us'] },
  env: { key: 'env', label: 'Environment', type: 'select', required: true, options: ['prod', 'dev'], default: 'prod' },
  workers: { key: 'workers', label: 'Workers', type: 'number', min: 1, max: 8 },
};

/** What each form shows for the same typed text. */
function sentences(field: ProviderSettingField, typed: string) {
  const read = (sentence: string | undefined) => sentence && withoutIsolates(sentence);
  return { wizard: read(checkSetting(field, typed)), details: read(validateSetting(field, parseInput(field, typed))) };
}

describe('rule sentences', () => {
  const cases: Array<[keyof typeof fields, string, string | undefined]> = [
    ['slug', 'abc1', 'Slug is not in the expected format.'],
    ['slug', 'a', 'Slug must be at least 2 characters.'],
    ['slug', 'abcdefghi', 'Slug must be at most 8 characters.'],
    ['slug', 'abc', undefined],
    ['region', '', 'Region is required.'],
    ['region', 'mars', 'Choose one of the listed values for Region.'],
    ['env', '', undefined],
    ['workers', '9', 'Workers must be at most 8.'],
    ['workers', '0', 'Workers must be at least 1.'],
    ['workers', 'many', 'Workers must be a number.'],
    ['workers', '8', undefined],
  ];
  for (const [key, typed, expected] of cases) {
    it(`${key} = ${JSON.stringify(typed)}: the wizard and the settings editor say the same`, () => {
      expect(sentences(fields[key]!, typed)).to.deep.equal({ wizard: expected, details: expected });
    });
  }

  it('a name over the limit reads like any other field', () => {
    expect(withoutIsolates(checkName('x'.repeat(201))!)).to.equal('Name must be at most 200 characters.');
    expect(checkName('x'.repeat(200))).to.equal(undefined);
    expect(checkName('  ')).to.equal('Enter a name.');
  });
});
