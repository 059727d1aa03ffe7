// The Custom Elements Manifest that Storybook's controls, docs/elements.md and IDEs read: every
// public tag is there with its API, and nothing marked @internal (or private) leaks into it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { cli } from '@custom-elements-manifest/analyzer/cli.js';

const root = resolve(import.meta.dirname, '../..');
const manifest = await cli({ argv: ['analyze', '--config', 'custom-elements-manifest.config.mjs', '--quiet'], cwd: root, noWrite: true });
const declarations = manifest.modules.flatMap((m) => m.declarations ?? []);
const byTag = new Map(declarations.filter((d) => d.tagName).map((d) => [d.tagName, d]));

const PUBLIC = [
  'integration-list',
  'integration-wizard',
  'integration-details',
  'token-status-badge',
  'integration-card',
  'provider-selector',
  'oauth-button',
  'integrations-provider',
];

test('every public tag is described, with a summary, and defined by its package entry', () => {
  for (const tag of PUBLIC) {
    const element = byTag.get(tag);
    assert.ok(element, `${tag} is missing`);
    assert.ok(element.summary, `${tag} has no @summary`);
    const entry = manifest.modules.find((m) => m.path === `${tag}.js`);
    assert.ok(
      entry?.exports?.some((e) => e.kind === 'custom-element-definition' && e.name === tag),
      `${tag}.js does not define ${tag}`,
    );
  }
});

test('no @internal, private or protected member and no internal part element is in it', () => {
  const leaked = [];
  for (const d of declarations) {
    for (const m of d.members ?? []) {
      if (m.privacy === 'private' || m.privacy === 'protected') leaked.push(`${d.name}.${m.name} (${m.privacy})`);
    }
  }
  assert.deepEqual(leaked, []);
  // Members the sources mark @internal (state, controllers, helpers of the base class).
  const names = (tag) => (byTag.get(tag).members ?? []).map((m) => m.name);
  for (const internal of ['filters', 'searchText', 'bulkRun', 'pendingAction', 'crash', 'clients', 'activeClient', 'emitError']) {
    assert.ok(!names('integration-list').includes(internal), `integration-list.${internal} is @internal`);
  }
  for (const internal of ['step', 'draft', 'saving', 'heading', 'confirmDialog']) {
    assert.ok(!names('integration-wizard').includes(internal), `integration-wizard.${internal} is @internal`);
  }
  const parts = ['IntegrationDetailsHeaderElement', 'IntegrationTokenPanelElement', 'IntegrationSettingsEditorElement'];
  assert.deepEqual(
    declarations.filter((d) => parts.includes(d.name)).map((d) => d.name),
    [],
    'an @internal part element is documented',
  );
  assert.deepEqual(
    [...byTag.keys()].filter((tag) => tag.startsWith('mwap-integration-')),
    [],
    'an @internal part tag is documented',
  );
});

test("events are named integration-* (or the element's own), typed and described", () => {
  for (const tag of PUBLIC) {
    for (const event of byTag.get(tag).events ?? []) {
      assert.match(event.name, /^[a-z]+(-[a-z]+)+$/, `${tag}: event "${event.name}"`);
      assert.ok(event.type?.text?.endsWith('Event'), `${tag}: ${event.name} has no event class`);
      assert.ok(event.description, `${tag}: ${event.name} has no @fires description`);
    }
  }
  const list = byTag.get('integration-list').events.map((e) => e.name);
  assert.deepEqual(list, [
    'integration-select',
    'integration-updated',
    'integration-deleted',
    'integration-error',
    'integration-create-request',
  ]);
});

test('the inherited client property is documented on every element', () => {
  for (const tag of PUBLIC.filter((t) => t !== 'integrations-provider')) {
    assert.ok(
      byTag.get(tag).members.some((m) => m.name === 'client'),
      `${tag}.client`,
    );
  }
});
