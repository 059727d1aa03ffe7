/**
 * What every end-to-end journey needs: the real reference server and dev OAuth provider (started
 * through the server tests' harness, on ephemeral 127.0.0.1 ports with a temporary data folder, or
 * a fresh PostgreSQL database when DATABASE_URL is set), serving the demo page and the built
 * dist/; one Debian Chromium driven by playwright-core; and the steps a person takes on the demo
 * page and at the dev provider.
 *
 * Run by `npm run test:e2e` (`node --import tsx --test tests/e2e/*.test.mjs`): tsx loads the
 * server's TypeScript.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { startTestServer } from '../../../server/tests/support/harness.ts';

const ROOT = resolve(import.meta.dirname, '../../..');

/** The e2e tests drive what a host serves: the built bundle, never the sources. */
export function requireDist() {
  const needed = ['dist/mwap-integrations.iife.js', 'dist/oauth-callback.html', 'dist/oauth-callback.js'];
  const missing = needed.filter((file) => !existsSync(join(ROOT, file)));
  if (missing.length > 0) {
    throw new Error(`The end-to-end tests need the built package (missing: ${missing.join(', ')}). Run \`npm run build\` first.`);
  }
}

/**
 * Timing the journeys rely on. Provider access tokens live TOKEN_TTL_S; the demo page (through its
 * ?refreshLeadSeconds= parameter) asks for a refresh REFRESH_LEAD_S before expiry (plus 5 s of clock
 * skew), and the client never refreshes before half of a token's life has passed: the first
 * automatic refresh comes about 15 s after connecting.
 */
export const TOKEN_TTL_S = 30;
export const REFRESH_LEAD_S = 15;
/**
 * Requests per tenant per window. High enough for every journey's own tenant, low enough that the
 * 429 journey spends a tenant's budget in about a second. The limiter's clock stands still at the
 * start of a window, so no window resets during a run and a spent budget stays spent: the 429
 * journey's Retry-After is always the whole window.
 */
const WINDOW_SECONDS = 600;
const WINDOW_START = Math.floor(Date.now() / (WINDOW_SECONDS * 1000)) * WINDOW_SECONDS * 1000;
export const RATE_LIMIT = { max: 250, windowSeconds: WINDOW_SECONDS, now: () => WINDOW_START };

/**
 * `logger`: the server's and dev provider's logger (the security suite records what they log).
 * `config`: server settings over these (ServerConfig; e.g. `serverRefresh` and `lifecycle` for the
 * background worker, which is off otherwise).
 */
export async function startStack({ logger, config = {} } = {}) {
  requireDist();
  return startTestServer(
    {
      serveDemo: true,
      devAccessTokenTtl: TOKEN_TTL_S,
      rateLimit: RATE_LIMIT,
      logLevel: process.env.E2E_LOG_LEVEL ?? 'silent',
      ...config,
    },
    { logger },
  );
}

export { launchChromium as launchBrowser } from '../../support/chromium.mjs';

const LOOPBACK = /^(?:https?|wss?):\/\/(?:127\.0\.0\.1|localhost|\[::1\])(?::\d+)?\//;

/**
 * A fresh browser profile (context) for one journey, with the demo page open and signed in: at
 * /integrations, or at `path` (e.g. a details deep link /integrations/<id>).
 * Non-loopback requests are refused (the dev provider's pages load web fonts from the internet).
 * `refetchIntervalSeconds` sets the client's polling interval; `prepare(context)` runs before the
 * page opens (routes, listeners that must see the first request).
 */
export async function openDemo(
  browser,
  server,
  {
    tenant,
    role = 'owner',
    refreshLeadSeconds = REFRESH_LEAD_S,
    refetchIntervalSeconds,
    path = '/integrations',
    viewport = { width: 1280, height: 1000 },
    prepare,
  } = {},
) {
  const context = await browser.newContext({ viewport });
  await context.route(
    (url) => /^(https?|wss?):/.test(url.protocol) && !LOOPBACK.test(url.href),
    (route) => route.abort(),
  );
  const problems = [];
  context.on('page', (page) => watch(page, problems));
  await prepare?.(context);
  const page = await context.newPage();
  await page.goto(demoAddress(server, { tenant, role, refreshLeadSeconds, refetchIntervalSeconds, path }));
  await waitForSignIn(page, { tenant, role });
  if (await page.locator('#missing-elements').isVisible()) {
    throw new Error("The demo page says the library's elements are not defined: the script-tag bundle did not register the tags.");
  }
  await page.locator('integration-list').getByRole('search').waitFor();
  return { context, page, problems };
}

/** The demo page's address for a session (the page reads tenant, role, refresh lead and polling interval from the query). */
export function demoAddress(
  server,
  { tenant, role = 'owner', refreshLeadSeconds = REFRESH_LEAD_S, refetchIntervalSeconds, path = '/integrations' },
) {
  const query = new URLSearchParams({ tenant, role, refreshLeadSeconds: String(refreshLeadSeconds) });
  if (refetchIntervalSeconds !== undefined) query.set('refetchIntervalSeconds', String(refetchIntervalSeconds));
  return `${server.url}${path}?${query}`;
}

/** The header says "Signed in" once the API has accepted the session's token. */
export async function waitForSignIn(page, { tenant, role = 'owner' }) {
  await page.locator('#session-status').getByText(`Signed in as ${role} of ${tenant}.`, { exact: true }).waitFor();
}

/** Keeps uncaught page errors, so a journey can show them when it fails. */
function watch(page, problems) {
  page.on('pageerror', (error) => problems.push(`${page.url()}: ${error.message}`));
}

/** Opens the demo's wizard dialog with its header button; resolves with the wizard inside it. */
export async function openWizard(page) {
  await page.getByRole('banner').getByRole('button', { name: 'New integration' }).click();
  const dialog = wizardDialog(page);
  await dialog.waitFor();
  return dialog.locator('integration-wizard');
}

/**
 * An accessible name as the user reads it: the elements isolate names put into drawn sentences
 * (FSI … PDI, invisible), which Playwright's name matching does not skip.
 */
export function readAs(text) {
  const marks = '[\\u2066-\\u2069]*';
  return new RegExp([...text].map((char) => char.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join(marks));
}

/** Like readAs, for text that starts with these words and goes on. */
export function readsFrom(text) {
  return new RegExp(`^${readAs(text).source}`);
}

/** The modal dialog the demo shows its wizard in. */
export function wizardDialog(page) {
  return page.getByRole('dialog', { name: 'New integration' });
}

/** The demo's wizard, from "New integration" to its Authorize step (the integration is created). */
export async function createInWizard(page, { name, provider = 'Dev Cloud', region = 'eu-west-1' }) {
  const wizard = await openWizard(page);
  await wizard.getByRole('option', { name: new RegExp(`^${provider}`) }).click();
  await wizard.getByRole('button', { name: 'Next' }).click();
  await fillDetails(wizard, { name, region });
  await wizard.getByRole('button', { name: 'Next' }).click();
  await wizard.getByRole('heading', { name: readAs(`Step 3 of 4 Connect to ${provider}`) }).waitFor();
  return wizard;
}

export async function fillDetails(wizard, { name, region = 'eu-west-1' }) {
  await wizard.getByRole('heading', { name: 'Step 2 of 4 Describe the integration' }).waitFor();
  await wizard.getByRole('textbox', { name: 'Name' }).fill(name);
  await wizard.getByRole('combobox', { name: 'Region' }).selectOption(region);
}

/** Clicks the wizard's Connect button (a real click: the popup opens in its handler). */
export async function openSignInPopup(page, wizard, provider = 'Dev Cloud') {
  const [popup] = await Promise.all([
    page.waitForEvent('popup'),
    wizard.getByRole('button', { name: readAs(`Connect to ${provider}`) }).click(),
  ]);
  return popup;
}

/** The dev provider's built-in login page (any name and password). */
export async function logInAtProvider(popup, login = 'alice') {
  await popup.getByRole('heading', { name: 'Sign-in' }).waitFor();
  await popup.locator('input[name="login"]').fill(login);
  await popup.locator('input[name="password"]').fill('any password');
  await popup.getByRole('button', { name: 'Sign-in' }).click();
  await popup.getByRole('heading', { name: 'Authorize' }).waitFor();
}

/** The consent page: Continue (allow) or its Cancel link (deny). */
export async function answerConsent(popup, { allow = true } = {}) {
  if (allow) await popup.getByRole('button', { name: 'Continue' }).click();
  else await popup.getByRole('link', { name: '[ Cancel ]' }).click();
}

/** Log in (as `options.login`, default alice) and consent; resolves when the redirect page has closed the popup. */
export async function authorizeInPopup(popup, options = {}) {
  const closed = popup.waitForEvent('close', { timeout: 20_000 });
  await logInAtProvider(popup, options.login);
  await answerConsent(popup, options);
  await closed;
}

/** A server-side read, as the tenant's owner, to check what the UI said against the source of truth. */
export async function api(server, tenant, path, init = {}) {
  const token = await server.token(tenant, init.role ?? 'owner');
  return server.request(path, { ...init, token });
}

/** POST /__dev/outage on the dev provider. */
export async function setOutage(server, endpoint, down) {
  const response = await fetch(new URL('/__dev/outage', server.providerIssuer), {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ endpoint, down }),
  });
  if (!response.ok) throw new Error(`outage switch answered ${response.status}: ${await response.text()}`);
}

/** POST /__dev/revoke on the dev provider: the person at `accountId` takes every access they granted away. */
export async function revokeAtProvider(server, accountId) {
  const response = await fetch(new URL('/__dev/revoke', server.providerIssuer), {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ accountId }),
  });
  if (!response.ok) throw new Error(`revoke answered ${response.status}: ${await response.text()}`);
  return (await response.json()).revoked;
}

/** Seconds in a badge text such as "expires in 1m 58s" (undefined when there is none). */
export function secondsLeft(text) {
  const match = /expires in (?:(\d+)m)?\s*(?:(\d+)s)?/.exec(text);
  if (!match || (match[1] === undefined && match[2] === undefined)) return undefined;
  return Number(match[1] ?? 0) * 60 + Number(match[2] ?? 0);
}
