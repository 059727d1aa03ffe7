// The script-tag way in (README.md, "3. Third-party portals"): dist/mwap-integrations.iife.js on a third-party page with no
// bundler and no build, a strict Content-Security-Policy and hostile global CSS, against the
// reference server (server/) and its dev OAuth provider, through the real popup.
//
// The page (tests/script-tag/public) is served from its own origin with the CSP below. Its /api
// is proxied to the reference server with the tenant's bearer token added, as a portal's backend
// would do, so the tag needs nothing but its data- attributes. The redirect page is the package's
// own dist/oauth-callback.html, served under the same CSP.
//
//   npm run build && npm run test:script-tag
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { startTestServer } from '../../server/tests/support/harness.ts';
import { answerConsent, authorizeInPopup, fillDetails, requireDist } from '../e2e/support/stack.mjs';
import { launchChromium, serve } from '../stories/harness.mjs';
import { CSP } from './csp.mjs';

const ROOT = resolve(import.meta.dirname, '../..');
const DIST = join(ROOT, 'dist');
const PUBLIC = join(import.meta.dirname, 'public');
const TENANT = 'tenant-script-tag';

// The page's strict CSP (one definition, also used by the browser suite's copy of this page).
export { CSP };

const TAGS = [
  'integrations-provider',
  'integration-list',
  'integration-card',
  'integration-wizard',
  'integration-details',
  'token-status-badge',
  'provider-selector',
  'oauth-button',
  'mwap-confirm-dialog',
  'mwap-toast-region',
];

/** The tags whose code the script tag loads on demand (vite.config.ts, onDemandElements). */
const ON_DEMAND = ['integration-details', 'integration-wizard', 'provider-selector', 'oauth-button'];

/** A file of the script tag's build beside it: `mwap-integrations.<name>.<hash>.js`. */
const fileOf = (name) => new RegExp(`/dist/mwap-integrations\\.${name}\\.[\\w-]+\\.js(\\?|$)`);
const isOnDemandCode = (url) => /\/dist\/mwap-integrations\.(?!iife\.js)[\w-]+\.[\w-]+\.js/.test(url);

/** An accessible name with names inside it, which the elements may isolate for direction (U+2068 … U+2069). */
const withNames = (text) =>
  new RegExp(`^${[...text].map((c) => c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('[\u2068\u2069]?')}[\u2068\u2069]?$`);

const LOOPBACK = /^(?:https?|wss?):\/\/(?:127\.0\.0\.1|localhost|\[::1\])(?::\d+)?\//;

let api;
let site;
let browser;
let context;
let page;
let token;
const violations = [];
const consoleErrors = [];
/** Every URL our pages requested, in order. */
const requested = [];

async function readBody(req) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  return chunks.length ? Buffer.concat(chunks) : undefined;
}

/** /api/* → the reference server, with the portal's credentials added server-side. */
async function proxyApi(req, res, url) {
  if (!url.pathname.startsWith('/api/')) return false;
  const headers = { Authorization: `Bearer ${token}` };
  for (const name of ['content-type', 'accept', 'if-match', 'idempotency-key']) {
    if (req.headers[name]) headers[name] = req.headers[name];
  }
  const body = req.method === 'GET' || req.method === 'HEAD' ? undefined : await readBody(req);
  // A page that closes mid-answer (a long-lived stream, say) ends the upstream request too.
  const upstream = new AbortController();
  res.on('close', () => upstream.abort());
  const answer = await fetch(new URL(url.pathname + url.search, api.url), {
    method: req.method,
    headers,
    body,
    redirect: 'manual',
    signal: upstream.signal,
  });
  const out = {};
  answer.headers.forEach((value, name) => {
    if (!['content-encoding', 'content-length', 'transfer-encoding', 'connection', 'keep-alive'].includes(name)) out[name] = value;
  });
  res.writeHead(answer.status, out);
  try {
    // Passed on as it comes: an event stream has no end to wait for.
    for await (const chunk of answer.body ?? []) res.write(chunk);
  } catch (error) {
    if (!upstream.signal.aborted) throw error;
  }
  res.end();
  return true;
}

before(async () => {
  requireDist();
  site = await serve({
    mounts: [
      ['/dist/', DIST],
      ['/', PUBLIC],
      // The package's ready redirect page and its script.
      ['/', DIST],
    ],
    handle: async (req, res, url) => {
      // A portal that ships the library inside a bundle of its own (concatenated.html).
      if (url.pathname === '/vendor/portal-bundle.js') {
        res.writeHead(200, { 'Content-Type': 'text/javascript', 'Content-Security-Policy': CSP });
        res.end(readFileSync(join(DIST, 'mwap-integrations.iife.js')));
        return true;
      }
      return proxyApi(req, res, url);
    },
    headers: () => ({ 'Content-Security-Policy': CSP }),
  });
  [api, browser] = await Promise.all([
    // Provider tokens that live an hour: the new integration shows as `valid`, not `expiring`.
    startTestServer({ allowedRedirectUris: [`${site.origin}/oauth-callback.html`], devAccessTokenTtl: 3600, logLevel: 'silent' }),
    launchChromium(),
  ]);
  token = await api.token(TENANT, 'owner');
  // Something to list before anyone connects anything.
  for (const name of ['Archive bucket', 'Billing exports']) {
    const created = await api.request('/api/integrations', {
      method: 'POST',
      token,
      body: { name, cloudProviderId: 'dev-cloud', settings: { region: 'eu-west-1' } },
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
  }

  context = await browser.newContext({ viewport: { width: 1280, height: 1000 } });
  // The dev provider's pages load web fonts from the internet: stay on loopback.
  await context.route(
    (u) => /^(https?|wss?):/.test(u.protocol) && !LOOPBACK.test(u.href),
    (route) => route.abort(),
  );
  // Every CSP violation on our origin's pages (the portal and the redirect popup), as it happens.
  await context.exposeBinding('__reportCspViolation', ({ page: from }, violation) => violations.push({ page: from?.url(), ...violation }));
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__reportCspViolation({
        disposition: e.disposition,
        directive: e.effectiveDirective,
        blocked: e.blockedURI,
        sample: e.sample,
        source: `${e.sourceFile}:${e.lineNumber}:${e.columnNumber}`,
      });
    });
  });
  const watch = (p) =>
    p.on('console', (message) => {
      const where = message.location().url || p.url();
      // Only our origin's pages: the provider's own pages are not ours to judge.
      if (message.type() === 'error' && where.startsWith(site.origin)) consoleErrors.push(`${where}: ${message.text()}`);
    });
  context.on('request', (request) => requested.push(request.url()));
  context.on('page', (p) => {
    watch(p);
    p.on('pageerror', (error) => consoleErrors.push(`${p.url()}: uncaught ${error.message}`));
  });
  page = await context.newPage();
  await page.goto(`${site.origin}/`);
});

after(async () => {
  await context?.close();
  await browser?.close();
  await Promise.all([site?.close(), api?.dispose()]);
});

describe('dist/mwap-integrations.iife.js on a strict-CSP page', () => {
  test('the page is served with the strict CSP', async () => {
    const response = await fetch(`${site.origin}/`);
    assert.equal(response.headers.get('content-security-policy'), CSP);
  });

  test('defines every tag the page shows (the on-demand ones once loaded) and window.MwapIntegrations, configured from its data- attributes', async () => {
    const seen = await page.evaluate(async (tags) => {
      const lib = window.MwapIntegrations;
      const client = lib?.getDefaultClient();
      // The wizard and the details are in this page: their files load at once; the selector and
      // the button come with the wizard.
      await Promise.all(tags.map((tag) => customElements.whenDefined(tag)));
      return {
        undefinedTags: tags.filter((tag) => !customElements.get(tag)),
        api: Object.keys(lib ?? {})
          .filter((k) => ['configure', 'createClient', 'handleOAuthCallback', 'IntegrationError', 'setLocale', 'load'].includes(k))
          .sort(),
        apiBaseUrl: client?.config.apiBaseUrl.href,
        redirectUri: client?.config.redirectUri.href,
      };
    }, TAGS);
    assert.deepEqual(seen.undefinedTags, []);
    assert.deepEqual(seen.api, ['IntegrationError', 'configure', 'createClient', 'handleOAuthCallback', 'load', 'setLocale']);
    assert.equal(seen.apiBaseUrl, `${site.origin}/api/`);
    assert.equal(seen.redirectUri, `${site.origin}/oauth-callback.html`);
  });

  test('the list renders what the server holds', async () => {
    const list = page.locator('integration-list');
    await list.getByText('Archive bucket').waitFor();
    await list.getByText('Billing exports').waitFor();
  });

  test("the portal's global CSS stays out of the elements, and theirs out of the portal", async () => {
    const styles = await page.evaluate(() => {
      const list = document.querySelector('integration-list');
      const inner = list.shadowRoot.querySelector('button');
      const card = list.shadowRoot.querySelector('integration-card');
      const cardButton = card.shadowRoot.querySelector('button');
      const css = (el) => getComputedStyle(el);
      return {
        innerBackground: css(inner).backgroundColor,
        innerFont: css(inner).fontFamily,
        innerTransform: css(inner).textTransform,
        innerBoxSizing: css(inner).boxSizing,
        cardButtonBackground: css(cardButton).backgroundColor,
        hostFont: css(list).fontFamily,
        portalButtonBackground: css(document.getElementById('new-integration')).backgroundColor,
        portalHeadingSize: css(document.querySelector('main h2')).fontSize,
      };
    });
    assert.notEqual(styles.innerBackground, 'rgb(255, 0, 255)');
    assert.notEqual(styles.cardButtonBackground, 'rgb(255, 0, 255)');
    assert.doesNotMatch(styles.innerFont, /Comic Sans/);
    assert.equal(styles.innerTransform, 'none');
    assert.equal(styles.innerBoxSizing, 'border-box');
    assert.match(styles.hostFont, /system-ui/);
    assert.equal(styles.portalButtonBackground, 'rgb(255, 0, 255)');
    assert.equal(styles.portalHeadingSize, '31px');
  });

  test('journey: wizard → popup sign-in at the dev provider → connected, and the list follows', async () => {
    const wizard = page.locator('integration-wizard');
    await page.getByRole('button', { name: 'New integration' }).click();
    await wizard.getByRole('option', { name: /^Dev Cloud/ }).click();
    await wizard.getByRole('button', { name: 'Next' }).click();
    await fillDetails(wizard, { name: 'Portal storage' });
    await wizard.getByRole('button', { name: 'Next' }).click();
    await wizard.getByRole('heading', { name: withNames('Step 3 of 4 Connect to Dev Cloud') }).waitFor();

    // A real click: the popup opens inside the user gesture (the popup blocker is on).
    const [popup] = await Promise.all([
      page.waitForEvent('popup'),
      wizard.getByRole('button', { name: withNames('Connect to Dev Cloud') }).click(),
    ]);
    await authorizeInPopup(popup);

    await wizard.getByRole('heading', { name: 'Step 4 of 4 Review and finish' }).waitFor();
    await page.locator('#events').getByText('integration-connected: Portal storage').waitFor();
    await wizard.getByRole('button', { name: 'Done' }).click();

    // The list refreshed after connecting (a popup never hides its opener, so no focus refetch).
    const card = page.locator('integration-list integration-card', { hasText: 'Portal storage' });
    await card.waitFor();
    await card.locator('token-status-badge[state="valid"]').waitFor();

    // What the server says is the authority.
    const list = await api.request('/api/integrations?q=Portal', { token });
    assert.equal(list.body.items[0]?.tokenStatus, 'valid');
  });

  test('details open on integration-select, under the same CSP; the usage charts file beside the script loads then', async () => {
    const chartsFile = fileOf('charts');
    await page
      .locator('integration-list integration-card', { hasText: 'Portal storage' })
      .getByRole('button', { name: withNames('Manage Portal storage') })
      .click();
    const details = page.locator('integration-details');
    await details.getByRole('heading', { name: 'Portal storage' }).waitFor();
    assert.equal(
      requested.some((url) => chartsFile.test(url)),
      false,
      'no charts before a usage panel shows',
    );
    // The first attempt fails (a network hiccup); Try again must really ask again, although the
    // browser keeps the failed module under its URL.
    let failing = true;
    await page.route(chartsFile, (route) => (failing ? route.fulfill({ status: 503, body: 'down' }) : route.fallback()));
    const errorsBefore = consoleErrors.length;
    await details.getByRole('tab', { name: 'Usage' }).click();
    await details.getByText('The charts could not be loaded.').waitFor();
    failing = false;
    await details.getByRole('button', { name: 'Try again' }).click();
    await details.locator('svg[role="img"]').first().waitFor();
    await page.unroute(chartsFile);
    const chartRequests = requested.filter((url) => chartsFile.test(url));
    assert.deepEqual(
      chartRequests.map((url) => new URL(url).searchParams.get('retry')),
      [null, '1'],
    );
    // The browser's own report of the 503 is expected; nothing else may have been logged.
    const logged = consoleErrors.splice(errorsBefore);
    assert.deepEqual(
      logged.filter((line) => !/503/.test(line)),
      [],
    );
    // Positions set through the CSSOM took effect although no style attribute is allowed.
    const axisLabel = details.locator('.x-axis span').first();
    assert.match(await axisLabel.evaluate((span) => span.style.left), /^\d+(\.\d+)?%$/);
    assert.match(await details.locator('.quota .fill').evaluate((fill) => fill.style.inlineSize), /^\d+(\.\d+)?%$/);
  });

  test('switches to German at run time: the translation beside the script is fetched then, under the same CSP', async () => {
    const translation = fileOf('de');
    assert.equal(
      requested.some((url) => translation.test(url)),
      false,
      'an English page does not download German',
    );
    const list = page.locator('integration-list');
    await list.getByRole('button', { name: 'Cards' }).waitFor();
    await page.evaluate(() => window.MwapIntegrations.setLocale('de'));
    await list.getByRole('button', { name: 'Karten' }).waitFor();
    assert.equal(requested.filter((url) => translation.test(url)).length, 1);
    // The charts file uses the bundle's Lit and locale, not copies of its own: it follows too.
    await page.locator('integration-details').getByRole('button', { name: 'Datentabelle anzeigen' }).waitFor();
    await page.evaluate(() => window.MwapIntegrations.setLocale('en'));
    await list.getByRole('button', { name: 'Cards' }).waitFor();
  });

  test('a bundle renamed and moved finds its files through data-files-url', async () => {
    const other = await context.newPage();
    const from = requested.length;
    try {
      await other.goto(`${site.origin}/concatenated.html`);
      const list = other.locator('integration-list');
      await list.getByRole('button', { name: 'Cards' }).waitFor();
      await other.evaluate(() => window.MwapIntegrations.setLocale('de'));
      await list.getByRole('button', { name: 'Karten' }).waitFor();
      const sinceOpened = requested.slice(from);
      assert.ok(
        sinceOpened.some((url) => url.startsWith(site.origin) && fileOf('de').test(url)),
        sinceOpened.join('\n'),
      );
      assert.equal(
        sinceOpened.some((url) => url.includes('/vendor/mwap-integrations.')),
        false,
        'nothing looked for beside the renamed bundle',
      );
    } finally {
      await other.close();
    }
  });

  test('a page with only the list fetches no element code (the live stream file once it follows the stream); the details it adds on integration-select load once and upgrade', async () => {
    const other = await context.newPage();
    const urls = [];
    other.on('request', (request) => urls.push(request.url()));
    try {
      await other.goto(`${site.origin}/list-only.html`);
      const list = other.locator('integration-list');
      await list.getByText('Archive bucket').waitFor();
      await list.getByText('Billing exports').waitFor();
      // The list and its cards rendered, so every discovery has run. A request made
      // now arrives after any they started (the browser reports requests in order).
      await other.evaluate(() => fetch('/favicon.ico?after-first-render'));
      await other.waitForEvent('requestfinished', (request) => request.url().includes('after-first-render')).catch(() => {});
      const firstView = urls.slice(
        0,
        urls.findIndex((url) => url.includes('after-first-render')),
      );
      assert.ok(
        firstView.some((url) => url.endsWith('/dist/mwap-integrations.iife.js')),
        firstView.join('\n'),
      );
      // The server offers a live stream, so the client fetches the stream's file too (once /me
      // says so); no element's file.
      assert.deepEqual(
        firstView.filter((url) => isOnDemandCode(url) && !fileOf('live').test(url)),
        [],
        'no on-demand element file for the list',
      );
      const followsStream = () => urls.some((url) => new URL(url).pathname.endsWith('/api/events'));
      if (!followsStream()) await other.waitForRequest((request) => new URL(request.url()).pathname.endsWith('/api/events'));
      assert.equal(urls.filter((url) => fileOf('live').test(url)).length, 1, 'the live stream file, once');
      assert.deepEqual(await other.evaluate((tags) => tags.filter((tag) => customElements.get(tag)), ON_DEMAND), [], 'none defined');

      // The portal adds <integration-details> when an integration is picked (list-only.js).
      await list.getByRole('button', { name: withNames('Manage Archive bucket') }).click();
      const details = other.locator('integration-details');
      await details.getByRole('heading', { name: 'Archive bucket' }).waitFor();
      // A second one, added later, is upgraded at once from the same code.
      const second = await other.evaluate(() => {
        const more = document.createElement('integration-details');
        document.querySelector('main').append(more);
        return more.shadowRoot !== null;
      });
      assert.equal(second, true);
      assert.equal(urls.filter((url) => fileOf('integration-details').test(url)).length, 1, 'the details file, once');
      assert.deepEqual(
        urls.filter((url) => fileOf('integration-wizard').test(url) || fileOf('provider-selector').test(url)),
        [],
        'no wizard or selector code',
      );

      // MwapIntegrations.load(): resolves with the class once defined, once per file; at once for a
      // tag of the script tag; a TypeError for a tag that is not ours.
      const loaded = await other.evaluate(async () => {
        const lib = window.MwapIntegrations;
        const wizard = await lib.load('integration-wizard');
        const again = await lib.load('INTEGRATION-WIZARD');
        const selector = await lib.load('provider-selector');
        const listClass = await lib.load('integration-list');
        const unknown = await lib.load('integration-nope').then(
          () => 'resolved',
          (error) => error.name,
        );
        return {
          wizard: wizard === customElements.get('integration-wizard') && again === wizard,
          selector: selector === customElements.get('provider-selector'),
          list: listClass === customElements.get('integration-list'),
          unknown,
        };
      });
      assert.deepEqual(loaded, { wizard: true, selector: true, list: true, unknown: 'TypeError' });
      assert.equal(urls.filter((url) => fileOf('integration-wizard').test(url)).length, 1, 'the wizard file, once');
      // The selector and the button came with the wizard: their own files are not needed.
      assert.deepEqual(
        urls.filter((url) => fileOf('provider-selector').test(url) || fileOf('oauth-button').test(url)),
        [],
      );

      // One Lit: every element, from the script tag or from a file loaded later, has the same
      // base class right above HTMLElement (ReactiveElement).
      const bases = await other.evaluate((tags) => {
        const base = (tag) => {
          let cls = customElements.get(tag);
          while (Object.getPrototypeOf(cls) !== HTMLElement) cls = Object.getPrototypeOf(cls);
          return cls;
        };
        const all = tags.map(base);
        return { tags: tags.length, distinct: new Set(all).size, hasLitApi: typeof all[0].createProperty === 'function' };
      }, TAGS);
      assert.deepEqual(bases, { tags: TAGS.length, distinct: 1, hasLitApi: true });
    } finally {
      await other.close();
    }
  });

  test('a file that fails to load: load() rejects with an ElementLoadError naming it, the waiting element hears mwap-load-error, the tag stays undefined; it loads on its next appearance', async () => {
    const other = await context.newPage();
    const urls = [];
    const logged = [];
    other.on('request', (request) => urls.push(request.url()));
    other.on('console', (message) => message.type() === 'error' && logged.push(message.text()));
    const selectorFile = fileOf('provider-selector');
    let failing = true;
    await other.route(selectorFile, (route) => (failing ? route.fulfill({ status: 503, body: 'down' }) : route.fallback()));
    const errorsBefore = consoleErrors.length;
    try {
      await other.goto(`${site.origin}/list-only.html`);
      await other.locator('integration-list').getByText('Archive bucket').waitFor();
      const failed = await other.evaluate(async () => {
        const lib = window.MwapIntegrations;
        const selector = document.createElement('provider-selector');
        const heard = [];
        selector.addEventListener('mwap-load-error', (event) =>
          heard.push({ typed: event instanceof lib.ElementLoadErrorEvent, tagName: event.detail.tagName, url: event.detail.url }),
        );
        document.querySelector('main').append(selector);
        const [first, second] = await Promise.all(
          [lib.load('provider-selector'), lib.load('provider-selector')].map((attempt) =>
            attempt.then(
              () => undefined,
              (error) => ({
                typed: error instanceof lib.ElementLoadError,
                name: error.name,
                tagName: error.tagName,
                url: error.url,
                message: error.message,
              }),
            ),
          ),
        );
        return {
          first,
          same: JSON.stringify(first) === JSON.stringify(second),
          heard,
          defined: customElements.get('provider-selector') !== undefined,
        };
      });
      assert.equal(failed.first?.typed, true);
      assert.equal(failed.first.name, 'ElementLoadError');
      assert.equal(failed.first.tagName, 'provider-selector');
      assert.match(failed.first.url, selectorFile);
      assert.ok(failed.first.message.includes(failed.first.url), failed.first.message);
      assert.equal(failed.same, true, 'two load() calls share one attempt');
      assert.deepEqual(failed.heard, [{ typed: true, tagName: 'provider-selector', url: failed.first.url }]);
      assert.equal(failed.defined, false, 'the tag stays undefined');
      assert.equal(urls.filter((url) => selectorFile.test(url)).length, 1, 'one request for both calls and the element');
      assert.ok(
        logged.some((text) => text.includes(failed.first.url)),
        `a console error names the file:\n${logged.join('\n')}`,
      );

      // Back online: the element's next appearance asks again, under a new address (a browser may
      // keep a failed module under its old one), and upgrades it.
      failing = false;
      const upgraded = await other.evaluate(async () => {
        const selector = document.querySelector('provider-selector');
        selector.remove();
        document.querySelector('main').append(selector);
        await customElements.whenDefined('provider-selector');
        await selector.updateComplete;
        return selector.shadowRoot !== null;
      });
      assert.equal(upgraded, true);
      assert.deepEqual(
        urls.filter((url) => selectorFile.test(url)).map((url) => new URL(url).searchParams.get('retry')),
        [null, '1'],
      );
    } finally {
      await other.unroute(selectorFile);
      await other.close();
      // The browser's own report of the 503 and ours naming the file are expected here.
      const here = consoleErrors.splice(errorsBefore);
      assert.deepEqual(
        here.filter((line) => !/503|provider-selector/.test(line)),
        [],
      );
    }
  });

  /**
   * Runs `steps` in a new page of the portal's context where the script tag's file `name` answers
   * 503 until `restore()` is called. Afterwards the page is closed, and the only console errors it
   * may have left are those 503s.
   */
  async function withFileDown(name, steps) {
    const other = await context.newPage();
    const urls = [];
    other.on('request', (request) => urls.push(request.url()));
    const file = fileOf(name);
    let failing = true;
    await other.route(file, (route) => (failing ? route.fulfill({ status: 503, body: 'down' }) : route.fallback()));
    const errorsBefore = consoleErrors.length;
    try {
      await steps({ page: other, urls, file, restore: () => (failing = false) });
    } finally {
      await other.unroute(file);
      await other.close();
      const here = consoleErrors.splice(errorsBefore);
      assert.deepEqual(
        here.filter((line) => !/503/.test(line)),
        [],
      );
    }
  }

  test("the live stream's file fails to load: the client says the stream is down with a typed error, polling goes on, and the file is asked for again 30 s later", async () => {
    await withFileDown('live', async ({ page: other, urls, file: liveFile, restore }) => {
      // The page's timers on a clock the test moves: the retry and the polling, without waiting.
      await other.clock.install();
      const count = (test) => urls.filter((url) => test(new URL(url))).length;
      await other.goto(`${site.origin}/list-only.html`);
      await other.locator('integration-list').getByText('Archive bucket').waitFor();
      await other.waitForFunction(() => window.MwapIntegrations.getDefaultClient()?.liveState === 'down');
      const down = await other.evaluate(() => {
        const error = window.MwapIntegrations.getDefaultClient().liveError;
        return { typed: error instanceof window.MwapIntegrations.IntegrationError, code: error?.code, message: error?.message };
      });
      assert.deepEqual({ typed: down.typed, code: down.code }, { typed: true, code: 'network_error' }, JSON.stringify(down));
      assert.match(down.message, /live event stream/);
      assert.equal(
        count((url) => url.pathname === '/api/events'),
        0,
        'no stream without its code',
      );

      // Down, a query the portal watches is polled every minute, as with no stream at all (the
      // list's pages are not polled: too heavy for long lists).
      const isPlainList = (url) => url.pathname === '/api/integrations' && url.search === '';
      const loaded = other.waitForResponse((response) => isPlainList(new URL(response.url())));
      await other.evaluate(() => {
        const client = window.MwapIntegrations.getDefaultClient();
        client.watch(client.queries.list(), () => {});
      });
      await loaded;
      const retried = other.waitForResponse(
        (response) => liveFile.test(response.url()) && new URL(response.url()).searchParams.has('retry'),
      );
      const polled = other.waitForRequest((request) => isPlainList(new URL(request.url())));
      await other.clock.runFor(61_000);
      await Promise.all([retried, polled]);
      assert.equal(count(isPlainList), 2, 'polled a minute after it loaded');
      const tries = () => urls.filter((url) => liveFile.test(url)).map((url) => new URL(url).searchParams.get('retry'));
      const failedTries = tries();
      assert.deepEqual(
        failedTries,
        failedTries.map((_, i) => (i === 0 ? null : String(i))),
        'asked for again every 30 s, under a new address each time',
      );
      assert.ok(failedTries.length >= 2, failedTries.join());
      assert.equal(await other.evaluate(() => window.MwapIntegrations.getDefaultClient().liveState), 'down');

      // Back: the next try loads the file and opens the stream.
      restore();
      await other.clock.runFor(31_000);
      await other.waitForFunction(() => window.MwapIntegrations.getDefaultClient()?.liveState === 'open');
      assert.deepEqual(tries(), [...failedTries, String(failedTries.length)], 'one more try, which loads');
      assert.equal(
        count((url) => url.pathname === '/api/events'),
        1,
        'the stream, once its code is in',
      );
      assert.equal(await other.evaluate(() => window.MwapIntegrations.getDefaultClient().liveError), undefined);
    });
  });

  test("the sign-in flow's file fails to load: the window it opened closes, the button says so and offers Try again, which loads it and signs in", async () => {
    await withFileDown('oauth', async ({ page: other, urls, file: flowFile, restore }) => {
      await other.goto(`${site.origin}/`);
      await other.locator('integration-list').getByText('Archive bucket').waitFor();
      assert.equal(urls.filter((url) => flowFile.test(url)).length, 0, 'not fetched before a Connect');
      const wizard = other.locator('integration-wizard');
      await other.getByRole('button', { name: 'New integration' }).click();
      await wizard.getByRole('option', { name: /^Dev Cloud/ }).click();
      await wizard.getByRole('button', { name: 'Next' }).click();
      await fillDetails(wizard, { name: 'Portal storage, second try' });
      await wizard.getByRole('button', { name: 'Next' }).click();
      const button = wizard.locator('oauth-button');

      const [blank] = await Promise.all([
        other.waitForEvent('popup'),
        button.getByRole('button', { name: withNames('Connect to Dev Cloud') }).click(),
      ]);
      // It may close before this line runs: the failed fetch is quick.
      if (!blank.isClosed()) await blank.waitForEvent('close');
      await button.getByRole('alert').getByText('The server could not be reached. Check your connection.').waitFor();
      assert.equal(urls.filter((url) => flowFile.test(url)).length, 1, 'asked for once, on the Connect');

      restore();
      const [popup] = await Promise.all([other.waitForEvent('popup'), button.getByRole('button', { name: 'Try again' }).click()]);
      const closed = popup.waitForEvent('close', { timeout: 20_000 });
      // The provider remembers the journey's login; consent is asked again (prompt=consent).
      await popup.getByRole('heading', { name: 'Authorize' }).waitFor();
      await answerConsent(popup);
      await closed;
      await wizard.getByRole('heading', { name: 'Step 4 of 4 Review and finish' }).waitFor();
      const tries = urls.filter((url) => flowFile.test(url)).map((url) => new URL(url).searchParams.get('retry'));
      assert.deepEqual(tries, [null, '1'], 'asked for again under a new address, and loaded');
    });
  });

  test('the script tag twice on a page: the second copy does nothing, each tag is defined once, each file fetched once', async () => {
    const other = await context.newPage();
    const urls = [];
    const warnings = [];
    other.on('request', (request) => urls.push(request.url()));
    other.on('console', (message) => message.type() === 'warning' && warnings.push(message.text()));
    try {
      await other.goto(`${site.origin}/twice.html`);
      await other.locator('integration-list').getByText('Archive bucket').waitFor();
      await other.evaluate(() => customElements.whenDefined('integration-details'));
      assert.deepEqual(
        warnings.filter((text) => /mwap-integrations/.test(text)),
        ['[mwap-integrations] this script tag is on the page twice; the second copy does nothing.'],
      );
      assert.equal(urls.filter((url) => fileOf('integration-details').test(url)).length, 1);
    } finally {
      await other.close();
    }
  });

  test('no CSP violation and no console error on our pages (portal and redirect popup)', () => {
    assert.deepEqual(violations, []);
    assert.deepEqual(consoleErrors, []);
  });
});
