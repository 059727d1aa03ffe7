/**
 * Threat: an OAuth secret left where it can be read later or by others. After a full journey on
 * the real stack (sign in on the demo, create an integration, connect it through the popup and the
 * dev provider's consent, refresh its token, test it, open its details, delete it, which revokes
 * its tokens), none of the authorization code, the state, the PKCE verifier, or the provider's
 * access, refresh and ID tokens is in: localStorage, sessionStorage or IndexedDB (of the demo's and
 * the provider's origins), cookies, a page's address or history, a console message, the DOM (with
 * every shadow root), a request or an answer the browser saw other than the one that must carry it,
 * or the server's log.
 *
 * The test knows every secret by value: the code and state from the popup's redirect, the verifier
 * from the body of POST /api/oauth/callback, the tokens from the provider's token endpoint answers
 * to the server (the server's outgoing fetch is teed; it runs in this process).
 *
 *   npm run build && node --import tsx --test tests/security/e2e/secret-sinks.test.mjs
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  answerConsent,
  createInWizard,
  demoAddress,
  launchBrowser,
  logInAtProvider,
  openSignInPopup,
  readAs,
  startStack,
  waitForSignIn,
} from '../../e2e/support/stack.mjs';
import {
  readDom,
  readHistory,
  readStorage,
  recordProviderTokens,
  recordServerOutput,
  recordTraffic,
  secretsIn,
} from './support/secret-capture.mjs';
import { openStream } from '../../../server/tests/support/sse-reader.ts';

const TENANT = 'security-sinks';
const NAME = 'Sink storage';
const LOOPBACK = /^(?:https?|wss?):\/\/(?:127\.0\.0\.1|localhost|\[::1\])(?::\d+)?\//;

let server;
let browser;
let context;
const providerTokens = recordProviderTokens();
const output = recordServerOutput();
/** What the journey saw, filled in by `before`. */
const seen = { console: [], popupAddresses: [], snapshots: [], cookies: [], storages: [], traffic: undefined, eventLog: [] };
/** name → values, filled in by `before`. */
const secrets = {};

/** The browser state a later reader could find, at one moment of the journey. */
async function snapshot(page, moment) {
  seen.snapshots.push({ moment, dom: await readDom(page), history: await readHistory(page), storage: await readStorage(page) });
}

before(async () => {
  [server, browser] = await Promise.all([startStack({ logger: output.logger }), launchBrowser()]);
  context = await browser.newContext({ viewport: { width: 1280, height: 1000 } });
  // The dev provider's pages load web fonts from the internet: refused, as in the other journeys.
  await context.route(
    (url) => /^(https?|wss?):/.test(url.protocol) && !LOOPBACK.test(url.href),
    (route) => route.abort(),
  );
  context.on('console', (message) => seen.console.push(`${message.type()}: ${message.text()}`));
  context.on('weberror', (error) => seen.console.push(`pageerror: ${error.error().message}`));
  seen.traffic = recordTraffic(context);

  const page = await context.newPage();
  await page.goto(demoAddress(server, { tenant: TENANT }));
  await waitForSignIn(page, { tenant: TENANT });

  // Create and connect, through the dev provider's login and consent.
  const wizard = await createInWizard(page, { name: NAME });
  const popup = await openSignInPopup(page, wizard);
  popup.on('framenavigated', (frame) => frame === popup.mainFrame() && seen.popupAddresses.push(frame.url()));
  const closed = popup.waitForEvent('close', { timeout: 20_000 });
  const callback = page.waitForRequest((r) => r.method() === 'POST' && r.url().endsWith('/api/oauth/callback'));
  await logInAtProvider(popup);
  await answerConsent(popup);
  const exchange = await callback;
  await closed;
  // What the popup's address bar said when it closed (the redirect page took the answer out).
  seen.popupFinalAddress = popup.url();
  const card = page.locator('integration-list').getByRole('article', { name: NAME });
  await card.getByText('Active', { exact: true }).waitFor();
  await snapshot(page, 'connected');

  // Refresh in the details' Token tab, then Test connection in Health.
  const details = page.locator('integration-details');
  await details.getByRole('heading', { name: NAME }).waitFor();
  await details.getByRole('tab', { name: 'Token' }).click();
  const refreshed = page.waitForResponse((r) => r.url().endsWith('/tokens/refresh'));
  await details.getByRole('tabpanel', { name: 'Token' }).getByRole('button', { name: 'Refresh token' }).click();
  assert.equal((await refreshed).status(), 200, 'the refresh succeeded');
  await details.getByRole('tab', { name: 'Health' }).click();
  const health = details.getByRole('tabpanel', { name: 'Health' });
  await health.getByRole('button', { name: 'Test connection' }).click();
  await health.getByText(/^All \d+ checks passed in /).waitFor();
  await snapshot(page, 'details open after refresh and test');

  // Delete (disconnects: the server revokes the provider tokens).
  await details.getByRole('button', { name: 'Delete', exact: true }).click();
  await details.getByRole('button', { name: 'Delete integration' }).click();
  await page.getByText(readAs(`Deleted “${NAME}”.`)).waitFor();
  await card.waitFor({ state: 'detached' });
  await snapshot(page, 'deleted');

  // The provider's origin keeps its own storage; read it from a page of that origin.
  const providerPage = await context.newPage();
  await providerPage.goto(new URL('/.well-known/openid-configuration', server.providerIssuer).href);
  seen.storages.push(await readStorage(providerPage));
  seen.storages.push(...seen.snapshots.map((s) => s.storage));
  seen.cookies = await context.cookies();
  // The page's event stream never ends on its own, so its answer has no body to read until the
  // page closes; what it carried is the tenant's event log, read whole below from its start.
  await page.close();
  await seen.traffic.settled();
  const replay = await openStream(server.url, await server.token(TENANT, 'owner'), { 'Last-Event-ID': '0' });
  await replay.waitFor((event) => event.type === 'integration.deleted');
  replay.close();
  seen.eventLog = replay.events;

  const redirect = new URL(seen.popupAddresses.find((address) => address.startsWith(server.redirectUri)));
  const body = exchange.postDataJSON();
  Object.assign(secrets, {
    'authorization code': [redirect.searchParams.get('code')],
    state: [redirect.searchParams.get('state')],
    'PKCE verifier': [body.codeVerifier],
    'access token': providerTokens.record.accessTokens,
    'refresh token': providerTokens.record.refreshTokens,
    'ID token': providerTokens.record.idTokens,
  });
  providerTokens.restore();
  output.restore();
});

after(async () => {
  providerTokens.restore();
  output.restore();
  await context?.close();
  await browser?.close();
  await server?.dispose();
});

/** Asserts that `text` (what `sink` holds) contains none of `names` (default: every secret). */
function assertNone(sink, text, names = Object.keys(secrets)) {
  const checked = Object.fromEntries(names.map((name) => [name, secrets[name]]));
  assert.deepEqual(secretsIn(text, checked), [], `${sink} holds a secret`);
}

const ALL_BUT_STATE = ['authorization code', 'PKCE verifier', 'access token', 'refresh token', 'ID token'];
const isCallbackPost = (r) => r.method === 'POST' && new URL(r.url).pathname === '/api/oauth/callback';
const isInitiate = (r) => /\/api\/integrations\/[^/]+\/oauth\/initiate$/.test(new URL(r.url).pathname);
/** The provider's authorization endpoint and the redirect back to us: where OAuth puts state (and the code) in the address. */
const isAuthorizationLeg = (url) => new URL(url).origin === new URL(server.providerIssuer).origin || url.startsWith(server.redirectUri);

describe('security: no OAuth secret is left in a browser or log sink after a full journey', () => {
  test('the journey knows every secret it looks for, and they are the ones the server exchanged', () => {
    for (const [name, values] of Object.entries(secrets)) assert.ok(values.length > 0 && values.every(Boolean), `no ${name} captured`);
    assert.ok(secrets['access token'].length >= 2, 'the connect and the refresh each issued an access token');
    assert.ok(secrets['refresh token'].length >= 2, 'the refresh token was rotated');
    assert.deepEqual(
      providerTokens.record.exchangedCodes,
      secrets['authorization code'],
      'the code the popup carried is the one exchanged',
    );
    assert.deepEqual(providerTokens.record.exchangedVerifiers, secrets['PKCE verifier'], 'the verifier the page sent is the one exchanged');
  });

  test('localStorage (the demo’s and the provider’s origins)', () => {
    for (const storage of seen.storages) assertNone(`localStorage of ${storage.origin}`, storage.localStorage);
  });

  test('sessionStorage', () => {
    for (const storage of seen.storages) assertNone(`sessionStorage of ${storage.origin}`, storage.sessionStorage);
  });

  test('IndexedDB (every store of every database)', () => {
    for (const storage of seen.storages) assertNone(`IndexedDB of ${storage.origin}`, storage.indexedDB);
  });

  test('cookies (every origin of the profile)', () => {
    assertNone('cookies', JSON.stringify(seen.cookies));
  });

  test('the page’s address and history, and the popup’s address when it closed', () => {
    for (const { moment, history } of seen.snapshots) assertNone(`the page’s address and history (${moment})`, history.join('\n'));
    assertNone('the popup’s last address', seen.popupFinalAddress);
  });

  test('console messages of every page', () => {
    assertNone('the console', seen.console.join('\n'));
  });

  test('the DOM, with every shadow root and form field', () => {
    for (const { moment, dom } of seen.snapshots) assertNone(`the DOM (${moment})`, dom);
  });

  test('request addresses and headers: the code and state only on the authorization leg, never a Referer', () => {
    const { requests } = seen.traffic;
    assert.ok(requests.length > 10, `saw ${requests.length} requests`);
    for (const request of requests) {
      const where = `${request.method} ${request.url}`;
      const carriesInAddress = isAuthorizationLeg(request.url) ? ['PKCE verifier', 'access token', 'refresh token', 'ID token'] : undefined;
      assertNone(`the address of ${where}`, request.url, carriesInAddress);
      assertNone(`the headers of ${where}`, JSON.stringify({ ...request.headers, referer: undefined }), carriesInAddress);
      assertNone(`the Referer of ${where}`, request.headers.referer ?? '');
    }
  });

  test('request bodies: the code and verifier only in POST /api/oauth/callback, the state also in initiate; no token ever', () => {
    for (const request of seen.traffic.requests) {
      const where = `the body of ${request.method} ${request.url}`;
      if (isCallbackPost(request)) assertNone(where, request.body, ['access token', 'refresh token', 'ID token']);
      else if (isInitiate(request)) assertNone(where, request.body, ALL_BUT_STATE);
      else assertNone(where, request.body);
    }
  });

  test('every answer the browser received: no token at all; the code only in the provider’s redirect, the state only from the provider and in the initiate answer', () => {
    const { responses } = seen.traffic;
    for (const response of responses) {
      const where = `the answer to ${response.url}`;
      // The state goes to the provider by design (its dev consent page even shows it) and comes back in the initiate answer's authorization URL.
      const stateMayShow = isInitiate(response) || new URL(response.url).origin === new URL(server.providerIssuer).origin;
      assertNone(`the body of ${where}`, response.body, stateMayShow ? ALL_BUT_STATE : undefined);
      const carriers = isAuthorizationLeg(response.url) ? ['PKCE verifier', 'access token', 'refresh token', 'ID token'] : undefined;
      assertNone(`the headers of ${where}`, JSON.stringify(response.headers), carriers);
    }
  });

  test('the event stream: the tenant’s whole event log, from its first event to the delete', () => {
    const types = seen.eventLog.map((event) => event.type);
    for (const type of ['integration.created', 'token.refreshed', 'integration.deleted'])
      assert.ok(types.includes(type), `the log has ${type}: ${types}`);
    assertNone('the event log', JSON.stringify(seen.eventLog));
  });

  test('the server’s log (debug level) and anything the process printed', () => {
    assert.ok(output.lines.length > 0, 'the server logged something');
    assertNone('the server log', output.lines.join('\n'));
  });
});
