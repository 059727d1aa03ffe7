/**
 * The ESM entries, as a host's bundler sees them: importing one element's entry defines that tag
 * and the parts it renders, nothing else; `./core` and `./callback` define nothing and carry no
 * Lit. Each entry of dist/ is bundled alone (esbuild, as a host's bundler would) and loaded into
 * its own page of Debian's Chromium. Needs dist/ (npm test builds it first).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { after, before, test } from 'node:test';
import { build } from 'esbuild';
import { launchChromium } from '../support/chromium.mjs';

const ROOT = resolve(import.meta.dirname, '../..');

/** The internal parts' tags carry the release (src/internal/tags.ts): `…-v0-1-0`. */
const { version } = JSON.parse(readFileSync(resolve(ROOT, 'package.json'), 'utf8'));
const part = (name) => `mwap-integration-${name}-v${version.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`;

/** What each entry may define: the tag itself and what it renders. */
const EXPECTED = {
  'integrations-provider': ['integrations-provider'],
  'token-status-badge': ['token-status-badge'],
  'oauth-button': ['oauth-button'],
  'provider-selector': ['provider-selector'],
  'integration-card': ['integration-card', 'token-status-badge', 'mwap-toast-region'],
  'integration-list': ['integration-list', 'integration-card', 'token-status-badge', 'mwap-confirm-dialog', 'mwap-toast-region'],
  'integration-wizard': ['integration-wizard', 'provider-selector', 'oauth-button', 'token-status-badge', 'mwap-confirm-dialog'],
  'integration-details': [
    'integration-details',
    part('details-header'),
    part('token-panel'),
    part('health-panel'),
    part('usage-panel'),
    part('settings-editor'),
    part('activity-panel'),
    'token-status-badge',
    'mwap-confirm-dialog',
    'mwap-toast-region',
  ],
  core: [],
  callback: [],
};

let browser;
before(async () => {
  browser = await launchChromium();
});
after(() => browser?.close());

async function bundle(entry) {
  const result = await build({
    entryPoints: [resolve(ROOT, 'dist', `${entry}.js`)],
    bundle: true,
    format: 'esm',
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  return { code: result.outputFiles[0].text, inputs: Object.keys(result.metafile.inputs) };
}

/** Every custom element a page defines after running `code` (recorded as it happens). */
async function definedBy(code) {
  const page = await browser.newPage();
  try {
    const errors = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.setContent('<!doctype html><title>entry</title>');
    await page.evaluate(() => {
      window.__defined = [];
      const define = customElements.define.bind(customElements);
      customElements.define = (name, ...rest) => (window.__defined.push(name), define(name, ...rest));
    });
    // An inline module runs after addScriptTag returns: wait for its last statement.
    await page.addScriptTag({ type: 'module', content: `${code}\nwindow.__entryRan = true;` });
    await page.waitForFunction(() => window.__entryRan === true);
    assert.deepEqual(errors, []);
    return await page.evaluate(() => window.__defined);
  } finally {
    await page.close();
  }
}

for (const [entry, expected] of Object.entries(EXPECTED)) {
  test(`@mwap/integrations/${entry} defines ${expected.length ? expected[0] + ' and only what it renders' : 'no element'}`, async () => {
    const { code, inputs } = await bundle(entry);
    assert.deepEqual((await definedBy(code)).sort(), [...expected].sort());
    if (expected.length === 0) {
      assert.deepEqual(
        inputs.filter((input) => /node_modules\/(lit|lit-html|@lit\/reactive-element)\//.test(input)),
        [],
        'no Lit',
      );
    }
  });
}

test('two copies of the library on one page (the script tag twice, and after an ESM bundle) do not throw', async () => {
  const page = await browser.newPage();
  try {
    const errors = [];
    const warnings = [];
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('console', (message) => message.type() === 'warning' && warnings.push(message.text()));
    await page.setContent('<!doctype html><title>two copies</title><integration-list></integration-list>');
    const { code } = await bundle('index');
    await page.addScriptTag({ type: 'module', content: `${code}\nwindow.__esmRan = true;` });
    await page.waitForFunction(() => window.__esmRan === true);
    const iife = resolve(ROOT, 'dist/mwap-integrations.iife.js');
    await page.addScriptTag({ path: iife });
    await page.addScriptTag({ path: iife });
    assert.deepEqual(errors, []);
    assert.ok(
      warnings.some((text) => /integration-list/.test(text)),
      `a warning names the skipped tag (${warnings.length} warnings)`,
    );
    const state = await page.evaluate(() => ({
      api: typeof window.MwapIntegrations?.configure,
      list: customElements.get('integration-list') !== undefined,
      upgraded: document.querySelector('integration-list').shadowRoot !== null,
    }));
    assert.deepEqual(state, { api: 'function', list: true, upgraded: true });
  } finally {
    await page.close();
  }
});
