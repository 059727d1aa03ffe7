// The React 18 wrappers (src/react) in a real React 18 tree in Chromium: props reach the
// elements as properties (a client object, booleans, numbers), and `on…` props receive the
// elements' events. Node-side (esbuild bundles React, which ships CommonJS only).
//   node --test tests/react/
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { cli } from '@custom-elements-manifest/analyzer/cli.js';
import { resolve } from 'node:path';
import { build } from 'esbuild';
import { launchChromium, serve } from '../stories/harness.mjs';

const root = resolve(import.meta.dirname, '../..');

const entry = `
import * as React from 'react';
import { createRoot } from 'react-dom/client';
import { createClient } from './src/core/index.ts';
import * as wrappers from './src/react/index.ts';
import { makeIntegration, makeProviders } from './tests/support/fixtures.js';

const json = (body) => new Response(JSON.stringify(body), { status: 200, headers: { 'Content-Type': 'application/json' } });
const fetch = async (input) => {
  const url = new URL(input instanceof Request ? input.url : String(input));
  if (url.pathname.endsWith('/cloud-providers')) return json(makeProviders());
  if (url.pathname.endsWith('/integrations')) return json({ items: [], nextCursor: null, total: 0 });
  return new Response('{}', { status: 404 });
};

const { IntegrationCard, IntegrationList, IntegrationsProvider } = wrappers;

// Renders every wrapper with an on… prop for each event of \`events[tag]\`, fires each event on
// the element and reports which props heard theirs: { tag: [event names heard] }.
window.probe = async (events) => {
  const prop = (name) => 'on' + name.split('-').map((w) => w[0].toUpperCase() + w.slice(1)).join('');
  const heard = {};
  for (const Wrapper of Object.values(wrappers)) {
    const container = document.createElement('div');
    document.body.append(container);
    const root = createRoot(container);
    const got = [];
    const props = {};
    for (const names of Object.values(events)) for (const name of names) props[prop(name)] = (e) => e.detail === 'probe' && got.push(e.type);
    root.render(React.createElement(Wrapper, props));
    for (let i = 0; i < 100 && !container.firstElementChild; i++) await new Promise((r) => setTimeout(r, 10));
    await new Promise((r) => setTimeout(r, 0));
    const element = container.firstElementChild;
    for (const name of new Set(Object.values(events).flat())) element.dispatchEvent(new CustomEvent(name, { detail: 'probe' }));
    heard[element.localName] = got.sort();
    root.unmount();
    container.remove();
  }
  return heard;
};

window.run = async () => {
  const client = createClient({ apiBaseUrl: 'https://api.example/api', fetch, autoRefresh: false, retry: { attempts: 1 } });
  const events = [];
  const container = document.getElementById('root');
  const h = React.createElement;
  createRoot(container).render(
    h(IntegrationsProvider, { client },
      h(IntegrationList, { view: 'list', noSelect: true, pageSize: 20, onIntegrationCreateRequest: (e) => events.push(e.type) }),
      h(IntegrationCard, { integration: makeIntegration(), selectable: true, onIntegrationSelect: (e) => events.push(e.type + ':' + e.detail.integration.id) }),
    ),
  );
  const wait = async (probe) => { for (let i = 0; i < 200; i++) { const v = probe(); if (v) return v; await new Promise((r) => setTimeout(r, 20)); } throw new Error('timed out'); };
  const list = await wait(() => document.querySelector('integration-list'));
  const add = await wait(() => [...(list.shadowRoot?.querySelectorAll('button') ?? [])].find((b) => b.textContent.includes('Add integration'))).catch(() => {
    throw new Error(list.shadowRoot?.textContent.split(String.fromCharCode(10)).map((s) => s.trim()).filter(Boolean).join('|').slice(-400));
  });
  add.click();
  const card = document.querySelector('integration-card');
  await card.updateComplete;
  card.shadowRoot.querySelector('[role=heading] button').click();
  const provider = document.querySelector('integrations-provider');
  return {
    providerGotClientObject: provider.client === client,
    view: list.view,
    noSelect: list.noSelect,
    pageSize: list.pageSize,
    cardHasIntegration: card.integration?.id,
    events,
  };
};
`;

let browser;
let site;

before(async () => {
  const bundle = await build({
    stdin: { contents: entry, resolveDir: root, sourcefile: 'react-entry.js', loader: 'js' },
    bundle: true,
    format: 'esm',
    write: false,
    tsconfig: resolve(root, 'tsconfig.json'),
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'silent',
  });
  const script = bundle.outputFiles[0].text;
  site = await serve({
    mounts: {},
    handle: (req, res, url) => {
      if (url.pathname === '/app.js') res.writeHead(200, { 'Content-Type': 'text/javascript' }).end(script);
      else
        res
          .writeHead(200, { 'Content-Type': 'text/html' })
          .end('<!doctype html><div id="root"></div><script type="module" src="/app.js"></script>');
      return true;
    },
  });
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await site?.close();
});

test('React 18 wrappers pass properties and deliver events', async () => {
  const page = await browser.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  await page.goto(site.origin);
  await page.waitForFunction(() => typeof window.run === 'function');
  const result = await page.evaluate(() => window.run());
  assert.deepEqual(result, {
    providerGotClientObject: true,
    view: 'list',
    noSelect: true,
    pageSize: 20,
    cardHasIntegration: 'int-1',
    events: ['integration-create-request', 'integration-select:int-1'],
  });
  assert.deepEqual(errors, []);
});

test('every wrapper has an on… prop for each event its element documents (custom-elements.json)', async () => {
  // The manifest as the build writes it, from src/ (no dist/ needed).
  const manifest = await cli({ argv: ['analyze', '--config', 'custom-elements-manifest.config.mjs', '--quiet'], cwd: root, noWrite: true });
  const documented = {};
  for (const mod of manifest.modules) {
    for (const decl of mod.declarations ?? []) {
      if (decl.tagName && !decl.tagName.startsWith('mwap-')) documented[decl.tagName] = (decl.events ?? []).map((e) => e.name).sort();
    }
  }
  const page = await browser.newPage();
  try {
    await page.goto(site.origin);
    await page.waitForFunction(() => typeof window.probe === 'function');
    // Each wrapper is offered a prop for every event of every element: it must take exactly its own.
    const heard = await page.evaluate((events) => window.probe(events), documented);
    assert.deepEqual(Object.keys(heard).sort(), Object.keys(documented).sort(), 'one wrapper per public element');
    for (const [tag, events] of Object.entries(documented)) assert.deepEqual(heard[tag], events, `<${tag}>`);
  } finally {
    await page.close();
  }
});
