/**
 * Every public element, in its main states, in German against an API that answers in German:
 * whatever a person reads or hears (text, aria-label, title, placeholder …) must not be English.
 * A failure lists the English strings per state, for the translator.
 *
 * "English" is decided without a dictionary: a string identical to an English `msg()` source
 * (from xliff/de.xlf, unless its German is the same), a common English word (a short stop-word
 * list), a hand-built duration ("1m 59s") or a raw ISO timestamp. Names from the fixtures, ids and
 * product names are allowed. A string added since the last translation round has no German yet
 * and shows up here, which is the point.
 */
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { msg } from '@lit/localize';
import '../../src/elements.js';
import { showToast, type ConfirmDialogElement, type IntegrationWizardElement } from '../../src/elements.js';
import { createClient, type IntegrationsClient } from '../../src/core/index.js';
import type { ConnectionTestResult, Integration, TokenHealth, UsageRange, UsageStats } from '../../src/core/types.js';
import type { Me } from '../../src/core/permissions.js';
import { setLocale } from '../../src/localization.js';
import { formatDuration } from '../../src/internal/format.js';
import { jsonResponse } from '../support/fake-fetch.js';
import { fakeServer, gate } from '../support/fake-server.js';
import { makeIntegration, makeProviders } from '../support/fixtures.js';

const BASE = 'https://api.example.com/api';
const OWNER: Me = {
  tenant: { id: 'tenant-a' },
  user: { id: 'u-1' },
  role: 'owner',
  permissions: ['read', 'create', 'update', 'delete', 'connect', 'refresh', 'test'],
};
const MEMBER: Me = { tenant: { id: 'tenant-a' }, user: { id: 'u-2' }, role: 'member', permissions: ['read'] };

// ── Deciding what is English ────────────────────────────────────────────────────────────────────

/** Data, not UI text: names the fixtures give, product names, ids and values shown as they are. */
const ALLOWED = new Set([
  'Dev Cloud',
  'Dev Analytics',
  'OAuth',
  'PKCE',
  'API',
  'ID',
  'OK',
  'eu-west-1',
  'us-east-1',
  'openid',
  'offline_access',
]);
const ALLOWED_PATTERNS = [/^[a-z]+(\.[a-z]+)+$/, /^int-\d+$/, /^[\d\s.,:%/–-]+$/];

/** Common English words that German UI text does not contain (compared in lower case). */
const STOP_WORDS = new Set(
  `the and of to is not are with for your you this that no yet has have could will be been from more loading save saved cancel
  delete deleted connect connected disconnect reconnect expires expired expiring valid invalid settings search retry try again close
  error failed integrations ago days hours minutes seconds providers on at by or it its can cannot please sign here there were what
  when which who any each than then next back done usage health never show hide select choose new add edit open last checked
  calls errors latency resets tested works only owner member role read write access until about into out just now`
    .split(/\s+/)
    .filter(Boolean),
);
/** English only when written in lower case: German capitalizes them as nouns ("Token", "Integration"). */
const LOWER_CASE_STOP_WORDS = new Set(['token', 'integration', 'provider', 'name', 'test', 'refresh', 'status']);
const HAND_BUILT = [
  // The old English "1m 59s", "3h 5m", "52m", "4s" (Intl's German puts commas and "Min."/"Sek." in).
  { pattern: /\b\d+[dhm] \d+[hms]\b|(^|\s)\d+[ms](\s|$)/, why: 'hand-built duration' },
  { pattern: /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/, why: 'raw ISO timestamp' },
];

let englishSources: RegExp[] | undefined;
/** The English `msg()` sources whose German differs, as whole-string patterns (placeholders match anything). */
async function sources(): Promise<RegExp[]> {
  if (englishSources) return englishSources;
  const xliff = new DOMParser().parseFromString(await (await fetch('/xliff/de.xlf')).text(), 'application/xml');
  const pattern = (node: Element) =>
    [...node.childNodes]
      .map((child) => (child.nodeType === Node.TEXT_NODE ? child.textContent!.replace(/[.*+?^${}()|[\]\\]/g, '\\$&') : '.+?'))
      .join('')
      .replace(/\s+/g, '\\s+');
  englishSources = [...xliff.querySelectorAll('trans-unit')].flatMap((unit) => {
    const source = unit.querySelector('source');
    const target = unit.querySelector('target');
    if (!source || (target && target.textContent === source.textContent)) return [];
    if ((source.textContent ?? '').replace(/[^\p{L}]/gu, '').length < 4) return [];
    return [new RegExp(`^${pattern(source).trim()}$`, 'u')];
  });
  return englishSources;
}

/** Why `text` reads as English, or undefined. */
async function englishIn(text: string): Promise<string | undefined> {
  if (ALLOWED.has(text) || ALLOWED_PATTERNS.some((p) => p.test(text))) return undefined;
  for (const { pattern, why } of HAND_BUILT) if (pattern.test(text)) return why;
  // Hyphenated and dotted words are one word: "Refresh-Token", "integrations-provider", "storage.read".
  if ((await sources()).some((source) => source.test(text))) return 'an English msg() source';
  const words = text.match(/[\p{L}\p{N}'’._-]+/gu) ?? [];
  const stop = words.find((word) => {
    const bare = word.replace(/[.’']+$/u, '');
    return STOP_WORDS.has(bare.toLowerCase()) || LOWER_CASE_STOP_WORDS.has(bare);
  });
  if (stop) return `English word “${stop}”`;
  return undefined;
}

const ATTRIBUTES = ['aria-label', 'aria-description', 'aria-roledescription', 'aria-valuetext', 'title', 'placeholder', 'alt'];

/** What a person reads or hears in `root`: visible text nodes and the labelling attributes, through shadow roots. */
function readableStrings(root: Node): string[] {
  const out: string[] = [];
  const walk = (node: Node) => {
    if (node.nodeType === Node.TEXT_NODE) {
      const parent = node.parentElement;
      const text = node.textContent!.replace(/\s+/g, ' ').trim();
      // checkVisibility: display:none and closed content are not read; visually hidden text is.
      if (text && parent && !['STYLE', 'SCRIPT'].includes(parent.tagName) && parent.checkVisibility()) out.push(text);
      return;
    }
    if (node instanceof Element) {
      if (node.localName === 'template' || node.localName === 'style') return;
      for (const name of ATTRIBUTES) {
        const value = node.getAttribute(name)?.replace(/\s+/g, ' ').trim();
        if (value) out.push(value);
      }
      if (node.shadowRoot) walk(node.shadowRoot);
    }
    for (const child of node.childNodes) walk(child);
  };
  walk(root);
  return [...new Set(out)];
}

async function englishStrings(root: Node): Promise<string[]> {
  const found: string[] = [];
  for (const text of readableStrings(root)) {
    const why = await englishIn(text);
    if (why) found.push(`“${text}” (${why})`);
  }
  return found;
}

/** Fails listing every English string `root` shows in `state`. */
async function expectGerman(state: string, root: Node): Promise<void> {
  const found = await englishStrings(root);
  if (found.length) throw new Error(`English left in ${state}:\n  ${found.join('\n  ')}`);
}

// ── A German API ────────────────────────────────────────────────────────────────────────────────

const integrations = (): Integration[] => [
  makeIntegration({ id: 'int-1', name: 'Produktionsspeicher', description: 'Nächtliche Sicherungen' }),
  makeIntegration({ id: 'int-2', name: 'Archiv', description: null, status: 'disabled' }),
  makeIntegration({ id: 'int-3', name: 'Neu', description: null, status: 'pending', tokenStatus: 'none', tokenExpiresAt: null }),
  makeIntegration({
    id: 'int-4',
    name: 'Ereignisse',
    cloudProviderId: 'dev-analytics',
    status: 'error',
    tokenStatus: 'expired',
    tokenExpiresAt: new Date(Date.now() - 119_000).toISOString(),
    settings: { projectId: 'web-shop' },
  }),
];

const health = (): TokenHealth => ({
  integrationId: 'int-1',
  tokenStatus: 'valid',
  expiresAt: new Date(Date.now() + 119_000).toISOString(),
  scopes: ['openid', 'offline_access', 'storage.read'],
  lastRefreshAt: new Date(Date.now() - 20 * 60_000).toISOString(),
  failureCount: 1,
  refreshHistory: [
    { at: new Date(Date.now() - 20 * 60_000).toISOString(), ok: true },
    { at: new Date(Date.now() - 80 * 60_000).toISOString(), ok: false, error: 'Der Anbieter hat das Refresh-Token widerrufen.' },
  ],
});

const testResult = (): ConnectionTestResult => ({
  integrationId: 'int-1',
  ok: false,
  testedAt: new Date().toISOString(),
  latencyMs: 412,
  checks: [
    { name: 'Token vorhanden', ok: true, latencyMs: 3, message: 'Ein Zugriffstoken ist gespeichert (verschlüsselt).' },
    {
      name: 'Anbieter erreichbar',
      ok: false,
      latencyMs: 220,
      message: 'Der Anbieter war nicht erreichbar.',
      errorCode: 'connection_failed',
    },
  ],
});

const usage = (range: UsageRange): UsageStats => {
  const count = range === '24h' ? 24 : range === '7d' ? 7 : 30;
  const step = range === '24h' ? 3_600_000 : 86_400_000;
  const points = Array.from({ length: count }, (_, i) => ({
    at: new Date(Date.UTC(2026, 10, 1) + i * step).toISOString(),
    calls: 100 + i,
    errors: i % 3,
    latencyP50Ms: 110 + i,
    latencyP95Ms: 300 + i,
  }));
  return {
    integrationId: 'int-1',
    range,
    interval: range === '24h' ? 'hour' : 'day',
    points,
    totals: { calls: points.reduce((s, p) => s + p.calls, 0), errors: points.reduce((s, p) => s + p.errors, 0) },
    quota: { limit: 10_000, used: 9_300, period: 'month', resetsAt: '2026-12-01T00:00:00.000Z' },
  };
};

function germanApi(options: { me?: Me; initial?: Integration[]; readonly?: boolean } = {}) {
  const server = fakeServer(options.initial ?? integrations(), { me: options.me ?? OWNER });
  server.intercept((request) => {
    const path = request.url.pathname;
    if (path.endsWith('/tokens/health')) return jsonResponse(200, { ...health(), integrationId: path.split('/').at(-3)! });
    if (path.endsWith('/usage')) return jsonResponse(200, usage((request.url.searchParams.get('range') as UsageRange) ?? '7d'));
    if (path.endsWith('/test') && request.method === 'POST') return jsonResponse(200, testResult());
    if (path.endsWith('/integrations') && request.method === 'POST') {
      return jsonResponse(
        422,
        {
          error: {
            code: 'validation_failed',
            message: 'Einige Werte wurden nicht angenommen.',
            fields: { name: 'Dieser Name ist schon vergeben.', 'settings.region': 'Region ist erforderlich.' },
          },
        },
        {},
      );
    }
    return undefined;
  });
  const client = createClient({
    apiBaseUrl: BASE,
    fetch: server.fetch,
    autoRefresh: false,
    retry: { attempts: 1 },
    readonly: options.readonly,
  });
  return { client, server };
}

const failingClient = () =>
  createClient({
    apiBaseUrl: BASE,
    autoRefresh: false,
    retry: { attempts: 1 },
    fetch: async () => jsonResponse(500, { error: { code: 'server_error', message: 'Der Server hatte ein Problem.' } }),
  });

/** A client whose every request waits: the loading state. */
function loadingClient(): { client: IntegrationsClient; release: () => void } {
  const held = gate();
  const { server } = germanApi();
  const fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    await held.opened;
    return server.fetch(input, init);
  };
  return { client: createClient({ apiBaseUrl: BASE, fetch, autoRefresh: false }), release: held.open };
}

/** Every element matching `selector` in `root`, its shadow root and theirs. */
function deepAll(root: Element | ShadowRoot | Document, selector: string): Element[] {
  const found = [...root.querySelectorAll(selector)];
  if (root instanceof Element && root.shadowRoot) found.push(...deepAll(root.shadowRoot, selector));
  for (const child of root.querySelectorAll('*')) if (child.shadowRoot) found.push(...deepAll(child.shadowRoot, selector));
  return found;
}
const deep = (root: Element, selector: string): Element | undefined => deepAll(root, selector)[0];

/** Loaded: something rendered, and nothing says it is still busy. */
const settled = (el: Element, what: string) =>
  waitUntil(() => readableStrings(el).length > 0 && !deep(el, '[aria-busy="true"], .skeleton, .state.loading'), `${what}: still loading`, {
    timeout: 3000,
  });

// ── The walk ────────────────────────────────────────────────────────────────────────────────────

describe('German walk: no English left in any element state', () => {
  before(() => setLocale('de'));
  after(() => setLocale('en'));

  describe('the detector', () => {
    it('finds English: msg() sources, stop words, hand-built durations, raw timestamps', async () => {
      await setLocale('en');
      const badge = await fixture(html`<token-status-badge .integration=${makeIntegration()}></token-status-badge>`);
      expect(await englishStrings(badge), 'the English badge').to.not.be.empty;
      await setLocale('de');
      expect(await englishIn('Token valid')).to.equal('an English msg() source');
      expect(await englishIn('Waiting for the provider')).to.equal('English word “for”');
      expect(await englishIn('1m 59s')).to.equal('hand-built duration');
      expect(await englishIn('bis 2026-12-01T00:00:00.000Z')).to.equal('raw ISO timestamp');
      expect(await englishIn('Object storage and compute'), 'the English catalogue').to.match(/English word “and”/);
      for (const german of ['Token gültig', 'Refresh-Token widerrufen', 'Produktionsspeicher', 'Dev Cloud', 'storage.read', '412 ms']) {
        expect(await englishIn(german), german).to.equal(undefined);
      }
      expect(await englishIn(formatDuration(119_000)), 'a German duration').to.equal(undefined);
    });
  });

  describe('<token-status-badge>', () => {
    for (const integration of integrations()) {
      it(`${integration.status} / ${integration.tokenStatus}`, async () => {
        const badge = await fixture(html`<token-status-badge .integration=${integration}></token-status-badge>`);
        await expectGerman(`token-status-badge (${integration.tokenStatus})`, badge);
      });
    }
    it('expiring soon', async () => {
      const integration = makeIntegration({ tokenStatus: 'expiring', tokenExpiresAt: new Date(Date.now() + 119_000).toISOString() });
      const badge = await fixture(html`<token-status-badge .integration=${integration}></token-status-badge>`);
      await expectGerman('token-status-badge (expiring)', badge);
    });
  });

  describe('<integration-card>', () => {
    for (const integration of integrations()) {
      it(`${integration.status}, as owner`, async () => {
        const { client } = germanApi();
        const card = await fixture(html`<integration-card .client=${client} .integration=${integration}></integration-card>`);
        await settled(card, 'card');
        await expectGerman(`integration-card (${integration.status}, owner)`, card);
      });
    }
    it('as a member (read only)', async () => {
      const { client } = germanApi({ me: MEMBER });
      const card = await fixture(html`<integration-card .client=${client} .integration=${integrations()[0]}></integration-card>`);
      await settled(card, 'card');
      await expectGerman('integration-card (member)', card);
    });
    it('read-only by the host', async () => {
      const { client } = germanApi();
      const card = await fixture(html`<integration-card readonly .client=${client} .integration=${integrations()[0]}></integration-card>`);
      await settled(card, 'card');
      await expectGerman('integration-card (readonly)', card);
    });
  });

  describe('<integration-list>', () => {
    it('loading', async () => {
      const { client, release } = loadingClient();
      const list = await fixture(html`<integration-list .client=${client}></integration-list>`);
      await waitUntil(() => readableStrings(list).length > 0, 'loading state');
      await expectGerman('integration-list (loading)', list);
      release();
    });
    it('empty', async () => {
      const { client } = germanApi({ initial: [] });
      const list = await fixture(html`<integration-list .client=${client}></integration-list>`);
      await settled(list, 'list');
      await expectGerman('integration-list (empty)', list);
    });
    it('error', async () => {
      const list = await fixture(html`<integration-list .client=${failingClient()}></integration-list>`);
      await waitUntil(() => deep(list, '[role="alert"]'), 'error state', { timeout: 5000 });
      await expectGerman('integration-list (error)', list);
    });
    it('data, as owner', async () => {
      const { client } = germanApi();
      const list = await fixture(html`<integration-list .client=${client}></integration-list>`);
      await settled(list, 'list');
      await waitUntil(() => readableStrings(list).includes('Produktionsspeicher'), 'the rows');
      await expectGerman('integration-list (data, owner)', list);
    });
    it('data, as a member', async () => {
      const { client } = germanApi({ me: MEMBER });
      const list = await fixture(html`<integration-list .client=${client}></integration-list>`);
      await settled(list, 'list');
      await waitUntil(() => readableStrings(list).includes('Produktionsspeicher'), 'the rows');
      await expectGerman('integration-list (member)', list);
    });
  });

  describe('<integration-details>', () => {
    for (const tab of ['token', 'health', 'usage', 'settings'] as const) {
      it(`the ${tab} tab, as owner`, async () => {
        const { client } = germanApi();
        const details = await fixture(
          html`<integration-details integration-id="int-1" tab=${tab} .client=${client}></integration-details>`,
        );
        await settled(details, `details ${tab}`);
        await expectGerman(`integration-details (${tab} tab)`, details);
      });
    }
    it('the health tab after a connection test', async () => {
      const { client } = germanApi();
      const details = await fixture(
        html`<integration-details integration-id="int-1" tab="health" .client=${client}></integration-details>`,
      );
      await settled(details, 'details health');
      const run = deepAll(details, 'button').find((b) => b.textContent!.includes(msg('Test connection'))) as HTMLButtonElement;
      expect(run, 'the Test connection button').to.exist;
      run.click();
      await waitUntil(() => readableStrings(details).includes('Token vorhanden'), 'the test result', { timeout: 3000 });
      await expectGerman('integration-details (health, tested)', details);
    });
    it('loading', async () => {
      const { client, release } = loadingClient();
      const details = await fixture(html`<integration-details integration-id="int-1" .client=${client}></integration-details>`);
      await waitUntil(() => readableStrings(details).length > 0, 'loading state');
      await expectGerman('integration-details (loading)', details);
      release();
    });
    it('error (not found)', async () => {
      const { client } = germanApi({ initial: [] });
      const details = await fixture(html`<integration-details integration-id="int-1" .client=${client}></integration-details>`);
      await settled(details, 'details not found');
      await expectGerman('integration-details (not found)', details);
    });
    it('a disabled, expired integration as a member', async () => {
      const { client } = germanApi({ me: MEMBER });
      const details = await fixture(html`<integration-details integration-id="int-4" .client=${client}></integration-details>`);
      await settled(details, 'details member');
      await expectGerman('integration-details (member, expired)', details);
    });
    it('a paused integration on the token tab, as owner', async () => {
      const { client } = germanApi();
      const details = await fixture(html`<integration-details integration-id="int-2" .client=${client}></integration-details>`);
      await settled(details, 'details paused');
      await expectGerman('integration-details (disabled, token tab)', details);
    });
    it('a never connected integration on the token tab, as owner', async () => {
      const { client } = germanApi();
      const details = await fixture(html`<integration-details integration-id="int-3" .client=${client}></integration-details>`);
      await settled(details, 'details never connected');
      await expectGerman('integration-details (never connected, token tab)', details);
    });
    it('a paused integration, read-only', async () => {
      const { client } = germanApi({ readonly: true });
      const details = await fixture(
        html`<integration-details integration-id="int-2" tab="settings" .client=${client}></integration-details>`,
      );
      await settled(details, 'details readonly');
      await expectGerman('integration-details (disabled, readonly)', details);
    });
  });

  describe('<integration-wizard>', () => {
    const next = (el: IntegrationWizardElement) =>
      [...el.shadowRoot!.querySelectorAll<HTMLButtonElement>('.footer button')].find((b) => b.textContent!.trim() === msg('Next'));

    it('the Provider step, and its "choose one" error', async () => {
      const { client } = germanApi();
      const el = await fixture<IntegrationWizardElement>(html`<integration-wizard .client=${client}></integration-wizard>`);
      await settled(el, 'wizard');
      await expectGerman('integration-wizard (provider step)', el);
      next(el)?.click();
      await el.updateComplete;
      await expectGerman('integration-wizard (provider step, nothing chosen)', el);
    });
    it('the Details step, with local and server validation errors', async () => {
      const { client } = germanApi();
      const el = await fixture<IntegrationWizardElement>(
        html`<integration-wizard provider-id="dev-cloud" .client=${client}></integration-wizard>`,
      );
      await waitUntil(() => el.currentStep === 'details', 'details step', { timeout: 3000 });
      await settled(el, 'wizard details');
      await expectGerman('integration-wizard (details step)', el);
      next(el)?.click();
      await el.updateComplete;
      await expectGerman('integration-wizard (details, local errors)', el);
      const name = el.shadowRoot!.querySelector<HTMLInputElement>('[data-path="name"]')!;
      name.value = 'Sicherungen';
      name.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
      const region = el.shadowRoot!.querySelector<HTMLSelectElement>('[data-path="settings.region"]');
      if (region) {
        region.value = 'eu-west-1';
        region.dispatchEvent(new Event('change', { bubbles: true, composed: true }));
        region.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
      }
      await el.updateComplete;
      next(el)?.click();
      await waitUntil(() => readableStrings(el).includes('Dieser Name ist schon vergeben.'), 'the server’s errors', { timeout: 3000 });
      await expectGerman('integration-wizard (details, server errors)', el);
    });
    it('as a member, who may not create', async () => {
      const { client } = germanApi({ me: MEMBER });
      const el = await fixture<IntegrationWizardElement>(html`<integration-wizard .client=${client}></integration-wizard>`);
      await settled(el, 'wizard member');
      await expectGerman('integration-wizard (member)', el);
    });
  });

  describe('the smaller elements', () => {
    it('<provider-selector> with the German catalogue', async () => {
      const { client } = germanApi();
      const el = await fixture(html`<provider-selector .client=${client} required></provider-selector>`);
      await settled(el, 'selector');
      await waitUntil(() => readableStrings(el).includes('Objektspeicher und Rechenleistung'), 'the German catalogue');
      await expectGerman('provider-selector (data)', el);
    });
    it('<provider-selector> failing, and empty', async () => {
      const failing = await fixture(html`<provider-selector .client=${failingClient()}></provider-selector>`);
      await waitUntil(() => deep(failing, '[role="alert"]'), 'error state', { timeout: 3000 });
      await expectGerman('provider-selector (error)', failing);
      const empty = await fixture(html`<provider-selector .providers=${[]}></provider-selector>`);
      await expectGerman('provider-selector (empty)', empty);
    });
    it('<oauth-button>: ready, disabled, and for a member', async () => {
      const { client } = germanApi();
      const ready = await fixture(html`<oauth-button integration-id="int-3" .client=${client}></oauth-button>`);
      await expectGerman('oauth-button (idle)', ready);
      const disabled = await fixture(html`<oauth-button integration-id="int-3" disabled .client=${client}></oauth-button>`);
      await expectGerman('oauth-button (disabled)', disabled);
      const { client: memberClient } = germanApi({ me: MEMBER });
      await memberClient.loadPermissions();
      const member = await fixture(html`<oauth-button integration-id="int-3" .client=${memberClient}></oauth-button>`);
      await expectGerman('oauth-button (member)', member);
    });
    it('<mwap-confirm-dialog> open, with its own button labels', async () => {
      const dialog = await fixture<ConfirmDialogElement>(
        html`<mwap-confirm-dialog heading="Integration löschen?"><p>Das lässt sich nicht rückgängig machen.</p></mwap-confirm-dialog>`,
      );
      void dialog.show();
      await waitUntil(() => dialog.open, 'open');
      await expectGerman('confirm-dialog (open)', dialog);
      dialog.shadowRoot!.querySelector('dialog')?.close();
    });
    it('<mwap-toast-region> with a toast and an action', async () => {
      const dismiss = showToast({ message: 'Gespeichert.', variant: 'success', action: { label: 'Rückgängig', run: () => {} } });
      const region = document.querySelector('mwap-toast-region')!;
      await waitUntil(() => readableStrings(region).includes('Gespeichert.'), 'the toast');
      await expectGerman('toast-region', region);
      dismiss();
    });
  });

  describe('the German API’s own texts', () => {
    it('the catalogue the fake API answers in German is German (the fixture the walk relies on)', async () => {
      const { client } = germanApi();
      const providers = await client.api.listProviders();
      for (const provider of providers) {
        expect(await englishIn(provider.description), provider.description).to.equal(undefined);
      }
      expect(providers[0]!.description).to.equal(makeProviders('de')[0]!.description);
    });
  });
});
