/** The setting rules as the server applies them: the same as the elements' (src/core/rules.ts). */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import type { ProviderSettingField } from '../../src/core/types.js';
import { loadCatalogueFile } from '../catalogue.js';
import { ApiError } from '../errors.js';
import { validateSettings } from '../validation.js';

/** The field errors validateSettings throws, or `undefined` when it accepts. */
function refusal(schema: ProviderSettingField[], settings: Record<string, unknown>): Record<string, string> | undefined {
  try {
    validateSettings(schema, settings as never);
    return undefined;
  } catch (error) {
    assert.ok(error instanceof ApiError);
    assert.equal(error.status, 422);
    assert.equal(error.code, 'validation_failed');
    return error.extra.fields;
  }
}

describe('settings rules on the server', () => {
  const slug: ProviderSettingField = { key: 'slug', label: 'Slug', type: 'string', pattern: '[a-z]+' };

  it('a pattern must match the whole value, not a part of it', () => {
    assert.deepEqual(Object.keys(refusal([slug], { slug: 'abc1' }) ?? {}), ['settings.slug']);
    assert.ok(refusal([slug], { slug: '1abc' }));
    assert.equal(refusal([slug], { slug: 'abc' }), undefined);
  });

  it('a pattern is read with the u flag', () => {
    const word: ProviderSettingField = { key: 'word', label: 'Word', type: 'string', pattern: '\\p{L}+' };
    assert.equal(refusal([word], { word: 'Grüße' }), undefined);
    assert.ok(refusal([word], { word: 'Grüße!' }));
  });

  it('a required setting with a default may be left out, and the default is stored', () => {
    const region: ProviderSettingField = {
      key: 'region',
      label: 'Region',
      type: 'select',
      required: true,
      options: ['eu', 'us'],
      default: 'eu',
    };
    assert.deepEqual(validateSettings([region], {}), { region: 'eu' });
    assert.deepEqual(validateSettings([region], { region: null }), { region: 'eu' });
    assert.deepEqual(validateSettings([region], { region: 'us' }), { region: 'us' });
  });

  it('a required setting without a default must be given; blank text counts as not given', () => {
    const region: ProviderSettingField = { key: 'region', label: 'Region', type: 'string', required: true };
    for (const missing of [{}, { region: null }, { region: '' }, { region: '  ' }]) {
      assert.match(refusal([region], missing)?.['settings.region'] ?? '', /required/, JSON.stringify(missing));
    }
  });

  it('a required boolean is never missing', () => {
    const flag: ProviderSettingField = { key: 'flag', label: 'Flag', type: 'boolean', required: true };
    assert.deepEqual(validateSettings([flag], {}), {});
    assert.deepEqual(validateSettings([flag], { flag: false }), { flag: false });
    assert.ok(refusal([flag], { flag: 'yes' }));
  });

  it('numbers are finite, min and max inclusive; unknown keys are refused', () => {
    const count: ProviderSettingField = { key: 'count', label: 'Count', type: 'number', min: 1, max: 5 };
    assert.deepEqual(validateSettings([count], { count: 5 }), { count: 5 });
    assert.deepEqual(validateSettings([count], { count: 1 }), { count: 1 });
    assert.match(refusal([count], { count: 6 })?.['settings.count'] ?? '', /at most 5/);
    assert.ok(refusal([count], { count: '3' }));
    assert.deepEqual(Object.keys(refusal([count], { other: 1 }) ?? {}), ['settings.other']);
  });
});

describe('catalogue file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mwap-rules-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  const load = (settingsSchema: unknown[]) => {
    const path = join(dir, `providers-${Math.random().toString(36).slice(2)}.json`);
    const entry = {
      id: 'acme',
      name: 'Acme',
      scopes: [],
      issuer: 'https://login.acme.example',
      clientId: 'c',
      clientSecret: 's',
      settingsSchema,
    };
    writeFileSync(path, JSON.stringify([entry]));
    return () => loadCatalogueFile(path, {});
  };

  it('refuses a pattern that does not compile with the u flag, at load', () => {
    assert.throws(load([{ key: 'a', label: 'A', type: 'string', pattern: '(' }]), /regular expression/);
    assert.throws(load([{ key: 'a', label: 'A', type: 'string', pattern: '\\-' }]), /regular expression/);
    assert.equal(load([{ key: 'a', label: 'A', type: 'string', pattern: '[a-z-]+' }])().length, 1);
  });

  it('refuses a default that breaks its own setting', () => {
    assert.throws(load([{ key: 'a', label: 'A', type: 'select', options: ['x'], default: 'y' }]), /default/);
    assert.equal(load([{ key: 'a', label: 'A', type: 'select', options: ['x'], default: 'x' }])().length, 1);
  });
});
