// The React 18 wrappers (src/react) in a real React 18 tree in Chromium: props reach the
// elements as properties (a client object, booleans, numbers), and `on…` props receive the
// elements' events. Node-side (esbuild bundles React, which ships CommonJS only).
//   node --test tests/react/
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { build } from 'esbuild';
import { launchChromium, serve } from '../stories/harness.mjs';

const root = resolve(import.meta.dirname, '../..');

const entry = `
import * as React from 'react';
import { createRoot } from 'react-dom/client';
import { createClient } from './src/core/index.ts';
import { IntegrationCard, IntegrationList, IntegrationsProvider } from './src/react/index.ts';
import { makeIntegration, makeProviders } from './tests/support/fixtures.js';

const json = (body) => new Response(JSON.stringify(body), { status: 200, headers: { 'Content-Type': 'application/json' } });
const fetch = async (input) => {
  const url = new URL(input instanceof Request ? input.url : String(input));
  if (url.pathname.endsWith('/cloud-providers')) return json(makeProviders());
  if (url.pathname.endsWith('/integrations')) return json({ items: [], nextCursor: null, total: 0 });
  return new Response('{}', { status: 404 });
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
  card.shadowRoot.querySelector('h3 button').click();
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
      else res.writeHead(200, { 'Content-Type': 'text/html' }).end('<!doctype html><div id="root"></div><script type="module" src="/app.js"></script>');
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

test('every wrapper has an on… prop for each event its element documents (custom-elements.json)', () => {
  const manifest = JSON.parse(readFileSync(resolve(root, 'dist/custom-elements.json'), 'utf8'));
  const documented = new Map();
  for (const mod of manifest.modules) {
    for (const decl of mod.declarations ?? []) {
      if (decl.tagName && decl.tagName.startsWith('mwap-') === false) documented.set(decl.tagName, (decl.events ?? []).map((e) => e.name).sort());
    }
  }
  const source = readFileSync(resolve(root, 'src/react/index.ts'), 'utf8');
  const shared = { '...onError': 'integration-error' };
  const wrapped = new Map();
  for (const block of source.split('createComponent({').slice(1)) {
    const tag = /tagName: '([a-z-]+)'/.exec(block)[1];
    const events = block.slice(block.indexOf('events:'), block.indexOf('displayName'));
    const names = [...events.matchAll(/'([a-z-]+)' as EventName/g)].map((m) => m[1]);
    for (const [, className] of events.matchAll(/(\w+)\.eventName/g)) names.push(className.replace(/Event$/, '').replace(/[A-Z]/g, (c, i) => (i ? '-' : '') + c.toLowerCase()));
    for (const [spread, name] of Object.entries(shared)) if (events.includes(spread)) names.push(name);
    wrapped.set(tag, names.sort());
  }
  assert.deepEqual([...wrapped.keys()].sort(), [...documented.keys()].sort(), 'one wrapper per public element');
  for (const [tag, events] of documented) assert.deepEqual(wrapped.get(tag), events, `<${tag}>`);
});
