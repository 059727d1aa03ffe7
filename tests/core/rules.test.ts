import { expect } from '@open-wc/testing';
import {
  DESCRIPTION_MAX_LENGTH,
  NAME_MAX_LENGTH,
  compilePattern,
  validateDescription,
  validateName,
  validateSettingValue,
  validateSettings,
} from '../../src/core/rules.js';
import type { ProviderSettingField, SettingValue } from '../../src/core/types.js';

const field = (overrides: Partial<ProviderSettingField> = {}): ProviderSettingField => ({
  key: 'k',
  label: 'Key',
  type: 'string',
  ...overrides,
});
const ruleOf = (f: ProviderSettingField, value: SettingValue | undefined) => validateSettingValue(f, value)?.rule;

describe('setting rules', () => {
  describe('required', () => {
    it('a required value without a default must be given; empty text and null count as missing', () => {
      const required = field({ required: true });
      for (const missing of [undefined, null, '', '   ']) {
        expect(validateSettingValue(required, missing), JSON.stringify(missing)).to.deep.equal({ key: 'k', rule: 'required' });
      }
      expect(ruleOf(required, 'x')).to.equal(undefined);
      expect(ruleOf(field(), undefined), 'optional').to.equal(undefined);
    });

    it('a required value with a default may be left out: the default is stored', () => {
      expect(ruleOf(field({ required: true, default: 'd' }), undefined)).to.equal(undefined);
      expect(ruleOf(field({ required: true, default: 'd' }), '')).to.equal(undefined);
      expect(ruleOf(field({ type: 'number', required: true, default: 0 }), null), 'a falsy default is a default').to.equal(undefined);
      expect(ruleOf(field({ required: true, default: null }), undefined), 'a null default is none').to.equal('required');
    });

    it('a boolean is never missing, but must be a boolean', () => {
      const flag = field({ type: 'boolean', required: true });
      expect(ruleOf(flag, undefined)).to.equal(undefined);
      expect(ruleOf(flag, null)).to.equal(undefined);
      expect(ruleOf(flag, false)).to.equal(undefined);
      expect(validateSettingValue(flag, 'yes')).to.deep.equal({ key: 'k', rule: 'type', expected: 'boolean' });
      expect(ruleOf(flag, ''), 'empty text is not a boolean').to.equal('type');
    });
  });

  describe('number', () => {
    const number = field({ type: 'number', min: 1, max: 5 });

    it('takes finite numbers only', () => {
      for (const bad of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, '3', true]) {
        expect(validateSettingValue(number, bad), String(bad)).to.deep.equal({ key: 'k', rule: 'type', expected: 'number' });
      }
    });

    it('min and max are inclusive', () => {
      expect(validateSettingValue(number, 0.999)).to.deep.equal({ key: 'k', rule: 'min', limit: 1 });
      expect(ruleOf(number, 1)).to.equal(undefined);
      expect(ruleOf(number, 5)).to.equal(undefined);
      expect(validateSettingValue(number, 5.001)).to.deep.equal({ key: 'k', rule: 'max', limit: 5 });
      expect(ruleOf(field({ type: 'number', min: 0 }), 0), 'a zero bound is a bound').to.equal(undefined);
      expect(ruleOf(field({ type: 'number', min: 0 }), -1)).to.equal('min');
    });
  });

  describe('select', () => {
    const select = field({ type: 'select', options: ['eu', 'us'] });

    it('must be one of the options', () => {
      expect(ruleOf(select, 'eu')).to.equal(undefined);
      expect(validateSettingValue(select, 'EU')).to.deep.equal({ key: 'k', rule: 'option' });
      expect(ruleOf(select, 'e'), 'no prefix match').to.equal('option');
      expect(ruleOf(field({ type: 'select' }), 'eu'), 'a select without options accepts no value').to.equal('option');
      expect(ruleOf(select, 1 as unknown as string), 'text only').to.equal('type');
    });
  });

  describe('text', () => {
    it('min and max bound the length, inclusive', () => {
      const text = field({ min: 2, max: 3 });
      expect(validateSettingValue(text, 'a')).to.deep.equal({ key: 'k', rule: 'minLength', limit: 2 });
      expect(ruleOf(text, 'ab')).to.equal(undefined);
      expect(ruleOf(text, 'abc')).to.equal(undefined);
      expect(validateSettingValue(text, 'abcd')).to.deep.equal({ key: 'k', rule: 'maxLength', limit: 3 });
      expect(ruleOf(text, 42)).to.equal('type');
    });

    it('pattern must match the whole value', () => {
      const pattern = field({ pattern: '[a-z]+' });
      expect(ruleOf(pattern, 'abc')).to.equal(undefined);
      expect(validateSettingValue(pattern, 'abc1')).to.deep.equal({ key: 'k', rule: 'pattern' });
      expect(ruleOf(pattern, '1abc')).to.equal('pattern');
      expect(ruleOf(field({ pattern: 'a|b' }), 'ab'), 'alternatives are grouped before anchoring').to.equal('pattern');
      expect(ruleOf(field({ pattern: '^[a-z]+$' }), 'abc'), 'anchors already in the pattern are harmless').to.equal(undefined);
    });

    it('pattern is read with the u flag', () => {
      const letters = field({ pattern: '\\p{L}+' });
      expect(ruleOf(letters, 'Grüße')).to.equal(undefined);
      expect(ruleOf(letters, 'Grüße!')).to.equal('pattern');
      expect(ruleOf(field({ pattern: '.' }), '😀'), 'one astral character is one character').to.equal(undefined);
    });

    it('a pattern that does not compile matches (the server refuses it at start-up)', () => {
      expect(compilePattern('(')).to.equal(undefined);
      expect(compilePattern('\\-'), 'an identity escape is an error with u').to.equal(undefined);
      expect(ruleOf(field({ pattern: '(' }), 'anything')).to.equal(undefined);
      expect(compilePattern('[a-z]+')?.test('abc')).to.equal(true);
    });
  });

  it('validateSettings reports unknown keys and one problem per bad field', () => {
    const fields = [field({ key: 'a', required: true }), field({ key: 'b', type: 'number', max: 2 }), field({ key: 'c' })];
    expect(validateSettings(fields, { b: 3, c: 'ok', extra: 1 })).to.deep.equal([
      { key: 'extra', rule: 'unknown' },
      { key: 'a', rule: 'required' },
      { key: 'b', rule: 'max', limit: 2 },
    ]);
    expect(validateSettings(fields, { a: 'x' })).to.deep.equal([]);
    expect(validateSettings([])).to.deep.equal([]);
  });
});

describe('name and description limits', () => {
  it('are the server’s: 200 and 2000 characters', () => {
    expect(NAME_MAX_LENGTH).to.equal(200);
    expect(DESCRIPTION_MAX_LENGTH).to.equal(2000);
  });

  it('a name is required and at most NAME_MAX_LENGTH characters once trimmed', () => {
    expect(validateName('  ')).to.deep.equal({ key: 'name', rule: 'required' });
    expect(validateName(undefined)).to.deep.equal({ key: 'name', rule: 'required' });
    expect(validateName('x'.repeat(NAME_MAX_LENGTH))).to.equal(undefined);
    expect(validateName(` ${'x'.repeat(NAME_MAX_LENGTH)} `), 'spaces around do not count').to.equal(undefined);
    expect(validateName('x'.repeat(NAME_MAX_LENGTH + 1))).to.deep.equal({ key: 'name', rule: 'maxLength', limit: NAME_MAX_LENGTH });
    expect(validateName(3)).to.deep.equal({ key: 'name', rule: 'type', expected: 'string' });
  });

  it('a description is optional and at most DESCRIPTION_MAX_LENGTH characters once trimmed', () => {
    expect(validateDescription('')).to.equal(undefined);
    expect(validateDescription(null)).to.equal(undefined);
    expect(validateDescription('x'.repeat(DESCRIPTION_MAX_LENGTH))).to.equal(undefined);
    expect(validateDescription('x'.repeat(DESCRIPTION_MAX_LENGTH + 1))).to.deep.equal({
      key: 'description',
      rule: 'maxLength',
      limit: DESCRIPTION_MAX_LENGTH,
    });
  });
});
