// The plain rules behind <integration-details>: settings validation, tab keys, chart scales.
import { expect } from '@open-wc/testing';
import type { ProviderSettingField } from '../../src/core/types.js';
import {
  displayValue,
  parseInput,
  sameValue,
  savedValue,
  validateSetting as settingProblem,
} from '../../src/elements/integration-details/settings-validation.js';
import { nextTabIndex } from '../../src/elements/integration-details/tabs.js';
import { troubleshootingHint } from '../../src/elements/integration-details/troubleshooting.js';
import { niceMax } from '../../src/elements/integration-details/usage-charts.js';
import { withoutIsolates } from '../support/bidi.js';

/** The sentence a field shows for `value`, as read. */
const validateSetting = (field: ProviderSettingField, value: Parameters<typeof settingProblem>[1]) => {
  const sentence = settingProblem(field, value);
  return sentence && withoutIsolates(sentence);
};

const text = (overrides: Partial<ProviderSettingField> = {}): ProviderSettingField => ({
  key: 'k',
  label: 'Key',
  type: 'string',
  ...overrides,
});

describe('settings rules', () => {
  it('shows the saved value, else the schema default, else empty', () => {
    expect(savedValue(text({ default: 'd' }), { k: 'saved' })).to.equal('saved');
    expect(savedValue(text({ default: 'd' }), {})).to.equal('d');
    expect(savedValue(text(), {})).to.equal(null);
    expect(savedValue(text({ type: 'boolean' }), {})).to.equal(false);
    expect(savedValue(text(), { k: null })).to.equal(null);
  });

  it('turns control input into values', () => {
    expect(parseInput(text(), '  ')).to.equal(null);
    expect(parseInput(text(), 'abc')).to.equal('abc');
    expect(parseInput(text({ type: 'number' }), '4.5')).to.equal(4.5);
    expect(parseInput(text({ type: 'number' }), '1e')).to.equal('1e');
    expect(parseInput(text({ type: 'boolean' }), true)).to.equal(true);
    expect(displayValue(null)).to.equal('');
    expect(displayValue(3)).to.equal('3');
    expect(sameValue(undefined, null)).to.equal(true);
    expect(sameValue('1', 1)).to.equal(false);
  });

  it('validates required, number range, options, length and pattern', () => {
    expect(validateSetting(text({ required: true }), null)).to.equal('Key is required.');
    expect(validateSetting(text(), null)).to.equal(undefined);
    expect(validateSetting(text({ type: 'boolean', required: true }), null)).to.equal(undefined);
    const number = text({ type: 'number', min: 1, max: 5 });
    expect(validateSetting(number, 'x')).to.equal('Key must be a number.');
    expect(validateSetting(number, 0)).to.equal('Key must be at least 1.');
    expect(validateSetting(number, 6)).to.equal('Key must be at most 5.');
    expect(validateSetting(number, 5)).to.equal(undefined);
    const select = text({ type: 'select', options: ['a', 'b'] });
    expect(validateSetting(select, 'c')).to.equal('Choose one of the listed values for Key.');
    expect(validateSetting(select, 'a')).to.equal(undefined);
    const short = text({ min: 2, max: 3 });
    expect(validateSetting(short, 'a')).to.equal('Key must be at least 2 characters.');
    expect(validateSetting(short, 'abcd')).to.equal('Key must be at most 3 characters.');
    const pattern = text({ pattern: '[a-z]+' });
    expect(validateSetting(pattern, 'abc')).to.equal(undefined);
    expect(validateSetting(pattern, 'abc1'), 'the whole value must match').to.equal('Key is not in the expected format.');
    expect(validateSetting(text({ pattern: '(' }), 'anything'), 'a broken pattern accepts').to.equal(undefined);
  });
});

describe('tab keys', () => {
  it('moves, wraps and jumps; swaps arrows right to left', () => {
    expect(nextTabIndex('ArrowRight', 0, 4)).to.equal(1);
    expect(nextTabIndex('ArrowRight', 3, 4)).to.equal(0);
    expect(nextTabIndex('ArrowLeft', 0, 4)).to.equal(3);
    expect(nextTabIndex('Home', 2, 4)).to.equal(0);
    expect(nextTabIndex('End', 0, 4)).to.equal(3);
    expect(nextTabIndex('ArrowLeft', 0, 4, true)).to.equal(1);
    expect(nextTabIndex('ArrowRight', 0, 4, true)).to.equal(3);
    expect(nextTabIndex('Enter', 0, 4)).to.equal(undefined);
    expect(nextTabIndex('ArrowRight', 0, 0)).to.equal(undefined);
  });
});

describe('chart scale and hints', () => {
  it('rounds the axis up to 1, 2 or 5 × 10ⁿ', () => {
    expect(niceMax(0)).to.equal(1);
    expect(niceMax(3)).to.equal(5);
    expect(niceMax(180)).to.equal(200);
    expect(niceMax(1000)).to.equal(1000);
    expect(niceMax(5001)).to.equal(10_000);
  });

  it('has a specific hint for known check codes and a generic one otherwise', () => {
    const generic = troubleshootingHint(undefined);
    for (const code of [
      'token_expired',
      'permission_denied',
      'rate_limited',
      'not_found',
      'network_error',
      'dns_failed',
      'tls_failed',
      'server_error',
      'validation_failed',
      'unauthenticated',
    ]) {
      expect(troubleshootingHint(code), code).to.not.equal(generic);
    }
    expect(troubleshootingHint('something_new')).to.equal(generic);
  });
});
