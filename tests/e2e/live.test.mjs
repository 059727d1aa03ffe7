/**
 * Live: what the server does on its own reaches every open page through the event stream. Two
 * people (two browser profiles) watch one connected integration while the server's lifecycle
 * worker refreshes its token: both pages show the refresh within a second, neither page refreshed
 * it, and neither polls while its stream is up (a third page, whose stream never opens, polls in
 * the same window). A grant revoked at the provider fails the next server refresh, and both pages
 * say so in the provider's words. And the Activity tab of a whole journey says what happened, in
 * order and who did it, as the API has it.
 *
 *   npm run build && node --import tsx --test tests/e2e/live.test.mjs
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  api,
  authorizeInPopup,
  createInWizard,
  launchBrowser,
  openDemo,
  openSignInPopup,
  readAs,
  revokeAtProvider,
  startStack,
} from './support/stack.mjs';

/**
 * Dev access tokens live TOKEN_TTL_S; the worker refreshes a token in its last quarter (6 s after
 * it was issued) and looks every TICK_S. No scheduled health checks: the activity log holds what
 * the journeys did and the server's refreshes, nothing else.
 */
const TOKEN_TTL_S = 8;
const TICK_S = 0.5;
/** Every page polls its watched integration this often while its stream is not up. */
const POLL_S = 2;
/** How soon after the server's refresh (its activity entry) each page must show it. */
const SHOWN_WITHIN_MS = 1_000;

let server;
let browser;
/** What closes the profiles opened outside a test (in a suite's `before`). */
const closers = [];

before(async () => {
  [server, browser] = await Promise.all([
    startStack({
      config: {
        serverRefresh: true,
        devAccessTokenTtl: TOKEN_TTL_S,
        lifecycle: { tickSeconds: TICK_S, healthCheckIntervalSeconds: 0 },
      },
    }),
    launchBrowser(),
  ]);
});

after(async () => {
  for (const close of closers) await close();
  await browser?.close();
  await server?.dispose();
});

/**
 * openDemo polling every POLL_S, with every request of the profile recorded (method, path, when,
 * and who it says asked for a refresh). Closed after the test `t`, or after the file; page errors
 * are reported either way.
 */
async function demo(options, t) {
  const requests = [];
  const opened = await openDemo(browser, server, {
    refetchIntervalSeconds: POLL_S,
    ...options,
    prepare: async (context) => {
      context.on('request', (request) => {
        const url = new URL(request.url());
        const trigger = request.headers()['x-refresh-trigger'];
        requests.push({ method: request.method(), path: url.pathname, at: Date.now(), trigger });
      });
      await options.prepare?.(context);
    },
  });
  const close = async () => {
    if (opened.problems.length > 0) console.error(`page errors: ${opened.problems.join(' | ')}`);
    await opened.context.close().catch(() => {});
  };
  if (t) t.after(close);
  else closers.push(close);
  return { ...opened, requests };
}

/** Reads that polling makes: the list and one integration (not its token report, activity, usage). */
const isPollRead = (request) => request.method === 'GET' && /^\/api\/integrations(?:\/[\w-]+)?$/.test(request.path);
const said = (requests) => requests.map((r) => `${r.method} ${r.path}${r.trigger ? ` (X-Refresh-Trigger: ${r.trigger})` : ''}`);

/** The token panel's value of one fact ("Expires", "Last refresh"). */
function fact(tokenPanel, label) {
  return tokenPanel
    .locator('dl.facts > div')
    .filter({ has: tokenPanel.page().locator('dt', { hasText: label }) })
    .locator('dd');
}

/**
 * Notes, in the page, each `datetime` a fact shows and when it first showed it (a MutationObserver
 * runs right after the render, so the time is when the page changed, not when a test looked).
 */
async function noteShown(dd, key) {
  await dd.evaluate((element, name) => {
    const seen = ((window.__shown ??= {})[name] = []);
    const look = () => {
      const value = element.querySelector('time')?.getAttribute('datetime') ?? element.textContent.trim();
      if (seen.at(-1)?.value !== value) seen.push({ value, at: Date.now() });
    };
    look();
    new MutationObserver(look).observe(element, { subtree: true, childList: true, attributes: true, characterData: true });
  }, key);
}

/** When the page first showed `value` in the noted fact (waits until it does). */
async function shownAt(page, key, value, timeout = 10_000) {
  const at = await page.waitForFunction(([name, wanted]) => window.__shown?.[name]?.find((s) => s.value === wanted)?.at, [key, value], {
    timeout,
  });
  return at.jsonValue();
}

/** The activity of an integration as the API has it, newest first. */
async function activityOf(tenant, id) {
  const answer = await api(server, tenant, `/api/integrations/${id}/activity?limit=100`);
  assert.equal(answer.status, 200, JSON.stringify(answer.body));
  return answer.body.items;
}

async function findByName(tenant, name) {
  const list = await api(server, tenant, `/api/integrations?q=${encodeURIComponent(name)}`);
  assert.equal(list.status, 200);
  return list.body.items.find((item) => item.name === name);
}

const liveState = (page) => page.evaluate(() => window.MwapIntegrations.getDefaultClient()?.liveState);
const waitForStream = (page) =>
  page.waitForFunction(() => window.MwapIntegrations.getDefaultClient()?.liveState === 'open', undefined, { timeout: 10_000 });

describe('two people watch one integration while the server keeps its token fresh', () => {
  const tenant = 'e2e-live';
  const login = 'live-owner';
  let integration;
  /** The two people: [{ page, requests, tokenPanel, navigations }]. */
  const people = [];

  before(async () => {
    const [first, second] = await Promise.all([demo({ tenant }), demo({ tenant })]);
    const wizard = await createInWizard(first.page, { name: 'Watched storage' });
    const popup = await openSignInPopup(first.page, wizard);
    await authorizeInPopup(popup, { login });
    integration = await findByName(tenant, 'Watched storage');
    // The second person's list shows it by the stream (integration.created); they open its details.
    await second.page.locator('integration-list').getByRole('button', { name: 'Manage Watched storage' }).click();
    for (const person of [first, second]) {
      const details = person.page.locator('integration-details');
      await details.getByRole('heading', { name: 'Watched storage' }).waitFor();
      const tokenPanel = details.getByRole('tabpanel', { name: 'Token' });
      await fact(tokenPanel, 'Expires').locator('time').waitFor();
      await waitForStream(person.page);
      // "Without reload": every later document load of the page is counted.
      const navigations = [];
      person.page.on('load', () => navigations.push(person.page.url()));
      people.push({ ...person, tokenPanel, navigations });
    }
  });

  test('a refresh the server makes shows in both pages within a second, and no page refreshed it', async (t) => {
    for (const { tokenPanel } of people) {
      await noteShown(fact(tokenPanel, 'Expires'), 'expires');
      await noteShown(fact(tokenPanel, 'Last refresh'), 'lastRefresh');
    }
    const before = await people[0].page.evaluate(() => window.__shown.expires[0].value);
    // Due 6 s after the token was issued: wait for the first page to show another expiry.
    await people[0].page.waitForFunction((old) => window.__shown.expires.some((s) => s.value !== old), before, {
      timeout: (TOKEN_TTL_S + 5) * 1000,
    });
    const refreshed = (await activityOf(tenant, integration.id)).filter((entry) => entry.kind === 'token_refreshed');
    assert.ok(refreshed.length >= 1, 'the server recorded its refresh');
    for (const entry of refreshed) assert.deepEqual([entry.actor, entry.via], [{ type: 'server' }, 'server'], 'the server’s own refresh');
    // The newest refresh is the one the pages now show.
    const refreshedAt = Date.parse(refreshed[0].at);
    const { tokenExpiresAt } = (await api(server, tenant, `/api/integrations/${integration.id}`)).body;
    const { lastRefreshAt } = (await api(server, tenant, `/api/integrations/${integration.id}/tokens/health`)).body;
    assert.ok(Date.parse(tokenExpiresAt) > Date.parse(before), `${tokenExpiresAt} after ${before}`);

    const latencies = [];
    for (const [index, { page }] of people.entries()) {
      const expiry = (await shownAt(page, 'expires', tokenExpiresAt)) - refreshedAt;
      const lastRefresh = (await shownAt(page, 'lastRefresh', lastRefreshAt)) - refreshedAt;
      latencies.push(`page ${index + 1}: expiry ${expiry} ms, last refresh ${lastRefresh} ms`);
      assert.ok(expiry <= SHOWN_WITHIN_MS, `page ${index + 1} showed the new expiry ${expiry} ms after the server’s refresh`);
      assert.ok(lastRefresh <= SHOWN_WITHIN_MS, `page ${index + 1} showed the last refresh ${lastRefresh} ms after the server’s refresh`);
    }
    t.diagnostic(`server refresh → shown: ${latencies.join('; ')}`);

    // The scheduler stepped aside: no page asked for a refresh (nor sent X-Refresh-Trigger at all).
    for (const [index, { requests, navigations }] of people.entries()) {
      const asked = requests.filter((r) => r.path.endsWith('/tokens/refresh') || r.trigger !== undefined);
      assert.deepEqual(said(asked), [], `page ${index + 1} asked for a refresh`);
      assert.deepEqual(navigations, [], `page ${index + 1} was reloaded`);
    }
  });

  test('no page polls while its stream is up: a page without the stream polls in the same window', async (t) => {
    // The control: the same page, the same polling interval, but its event stream never opens.
    // (Checked the other way too: with /api/events cut in the two people's profiles as well, this
    // test failed with both pages polling every POLL_S, and the one above with "Last refresh" never
    // shown: without events nothing reloads the token report.)
    const control = await demo(
      {
        tenant,
        path: `/integrations/${integration.id}`,
        prepare: (context) => context.route('**/api/events', (route) => route.abort()),
      },
      t,
    );
    await control.page.locator('integration-details').getByRole('heading', { name: 'Watched storage' }).waitFor();
    assert.notEqual(await liveState(control.page), 'open');

    for (const { page } of people) {
      await page.evaluate(() => {
        window.__liveChanges = [];
        window.MwapIntegrations.getDefaultClient().onLiveChange((state) => window.__liveChanges.push(state));
      });
    }
    const marks = people.map(({ requests }) => requests.length);
    const from = Date.now();
    // The window lasts until the control page has polled three times: two of its intervals at least
    // (each counts from the end of the last read).
    const polled = (request) => request.method() === 'GET' && new URL(request.url()).pathname === `/api/integrations/${integration.id}`;
    for (let polls = 0; polls < 3; polls++) await control.page.waitForRequest(polled, { timeout: POLL_S * 3 * 1000 });
    const until = Date.now();
    assert.ok(until - from >= 2 * POLL_S * 1000 - 250, `a window of ${until - from} ms`);

    // A server refresh may fall into the window: its event reloads the token report, and nothing
    // else is read. (Its event may come up to a second before the read it causes.)
    const refreshes = (await activityOf(tenant, integration.id)).filter(
      (e) => e.kind === 'token_refreshed' && Date.parse(e.at) >= from - SHOWN_WITHIN_MS && Date.parse(e.at) <= until,
    );
    const polls = control.requests.filter((r) => r.at >= from && isPollRead(r)).map((r) => `+${r.at - from} ms`);
    t.diagnostic(`window: ${until - from} ms; the control page polled at ${polls.join(', ')}; server refreshes in it: ${refreshes.length}`);
    for (const [index, { page, requests }] of people.entries()) {
      const reads = requests.slice(marks[index]).filter((r) => r.method === 'GET' && r.at <= until);
      assert.deepEqual(said(reads.filter(isPollRead)), [], `page ${index + 1} polled`);
      const health = reads.filter((r) => r.path === `/api/integrations/${integration.id}/tokens/health`);
      assert.deepEqual(said(reads.filter((r) => !health.includes(r))), [], `page ${index + 1} read more than the token report`);
      assert.ok(
        health.length <= refreshes.length,
        `page ${index + 1} read the token report ${health.length} times, for ${refreshes.length} refreshes`,
      );
      assert.deepEqual(await page.evaluate(() => window.__liveChanges), [], `page ${index + 1}’s stream went down`);
      assert.equal(await liveState(page), 'open');
    }
  });

  test('a grant revoked at the provider fails the next server refresh, and both pages show the provider’s reason', async () => {
    const revoked = await revokeAtProvider(server, login);
    assert.ok(revoked >= 1, `${revoked} grants revoked`);
    const refused = () => activityOf(tenant, integration.id).then((items) => items.find((entry) => entry.kind === 'token_revoked'));
    // Each page shows the failed refresh in its history, reloaded because the event said so.
    for (const { tokenPanel } of people) {
      await tokenPanel
        .getByRole('table')
        .getByRole('row')
        .filter({ hasText: 'Failed' })
        .waitFor({ timeout: (TOKEN_TTL_S + 5) * 1000 });
    }
    const entry = await refused();
    assert.ok(entry, 'the server recorded the refusal');
    assert.deepEqual(entry.actor, { type: 'server' });
    const reason = entry.detail.reason;
    assert.match(reason, /invalid_grant/, 'the provider’s words');
    const health = (await api(server, tenant, `/api/integrations/${integration.id}/tokens/health`)).body;
    assert.equal(health.refreshHistory[0].error, reason);
    for (const [index, { page, tokenPanel, navigations, requests }] of people.entries()) {
      const row = tokenPanel.getByRole('table').getByRole('row').filter({ hasText: 'Failed' });
      assert.equal(await row.count(), 1, `page ${index + 1}`);
      assert.ok((await row.textContent()).includes(reason), `page ${index + 1} shows the provider’s reason`);
      await page.locator('integration-details').getByRole('button', { name: 'Reconnect' }).waitFor();
      const card = page.locator('integration-list').getByRole('article', { name: 'Watched storage' });
      await card.getByRole('status').filter({ hasText: 'Token refresh failed' }).waitFor();
      assert.deepEqual(navigations, [], `page ${index + 1} was reloaded`);
      assert.deepEqual(said(requests.filter((r) => r.path.endsWith('/tokens/refresh'))), [], `page ${index + 1} asked for a refresh`);
    }
  });
});

/** What the Activity tab calls each kind of entry (the server's refresh: by the server). */
const TITLES = {
  created: 'Integration created',
  connected: 'Connected to the provider',
  renamed: 'Renamed',
  settings_changed: 'Settings changed',
  disabled: 'Disabled',
  enabled: 'Enabled',
  tested: 'Connection tested',
  token_refreshed: 'Token refreshed by the server',
};

describe('the activity of a whole journey', () => {
  test('create, connect, rename, a setting, disable, enable, test, a server refresh: the Activity tab says each, in order and by whom, as the API does', async (t) => {
    const tenant = 'e2e-live-journey';
    const { page } = await demo({ tenant }, t);
    const details = page.locator('integration-details');
    const toasts = page.locator('mwap-toast-region');

    const wizard = await createInWizard(page, { name: 'Journey storage' });
    const popup = await openSignInPopup(page, wizard);
    await authorizeInPopup(popup, { login: 'journey-owner' });
    await details.getByRole('heading', { name: 'Journey storage' }).waitFor();
    const { id } = await findByName(tenant, 'Journey storage');

    await details.getByRole('button', { name: 'Edit name and description' }).click();
    await details.getByRole('textbox', { name: 'Name' }).fill('Journey archive');
    await details.getByRole('button', { name: 'Save', exact: true }).click();
    await toasts.getByText(readAs('Saved “Journey archive”.')).waitFor();

    await details.getByRole('tab', { name: 'Settings' }).click();
    const settings = details.getByRole('tabpanel', { name: 'Settings' });
    await settings.getByRole('textbox', { name: /Bucket prefix/ }).fill('journey-archive');
    await settings.getByRole('button', { name: 'Save settings' }).click();
    await toasts.getByText('Settings saved.').waitFor();

    const toggle = details.getByRole('switch', { name: 'Enabled' });
    await toggle.click();
    await toasts.getByText(readAs('Disabled “Journey archive”.')).waitFor();
    await toggle.click();
    await toasts.getByText(readAs('Enabled “Journey archive”.')).waitFor();

    await details.getByRole('tab', { name: 'Health' }).click();
    const health = details.getByRole('tabpanel', { name: 'Health' });
    await health.getByRole('button', { name: 'Test connection' }).click();
    await health.getByText(/^All \d+ checks passed in /).waitFor();

    // The Activity tab stays open while the server refreshes the token: its entry arrives by the stream.
    await details.getByRole('tab', { name: 'Activity' }).click();
    const entries = details
      .getByRole('tabpanel', { name: 'Activity' })
      .getByRole('list', { name: 'Activity, newest first' })
      .getByRole('listitem');
    await entries.first().waitFor();
    await entries
      .filter({ hasText: 'Token refreshed by the server' })
      .first()
      .waitFor({ timeout: (TOKEN_TTL_S + 5) * 1000 });

    const me = (await api(server, tenant, '/api/me')).body.user.id;
    const readAloud = (items) =>
      items.map((item) => ({
        kind: item.dataset.kind,
        what: item.querySelector('.what').textContent.trim(),
        who: item.querySelector('.who').textContent.trim(),
      }));
    // Later refreshes may land between the two reads: read again until the page and the API agree.
    let held;
    let shown;
    let rounds = 0;
    do {
      held = await activityOf(tenant, id);
      await entries.nth(held.length - 1).waitFor();
      shown = await entries.evaluateAll(readAloud);
    } while (shown.length !== held.length && ++rounds < 3);
    t.diagnostic(
      `activity, oldest first: ${shown
        .map((e) => `${e.what} (${e.who})`)
        .reverse()
        .join(', ')}`,
    );
    assert.deepEqual(
      shown,
      held.map((entry) => ({
        kind: entry.kind,
        what: TITLES[entry.kind],
        who: entry.actor.type === 'server' ? 'Server' : entry.actor.id === me ? 'You' : entry.actor.id,
      })),
    );
    const byTheUser = held.filter((entry) => entry.actor.type === 'user').reverse();
    assert.deepEqual(
      byTheUser.map((entry) => entry.kind),
      ['created', 'connected', 'renamed', 'settings_changed', 'disabled', 'enabled', 'tested'],
    );
    assert.ok(byTheUser.every((entry) => entry.actor.id === me));
    const byTheServer = held.filter((entry) => entry.actor.type === 'server');
    assert.ok(byTheServer.length >= 1);
    for (const entry of byTheServer) assert.deepEqual([entry.kind, entry.via], ['token_refreshed', 'server'], JSON.stringify(entry));
    assert.match(await entries.and(page.locator('[data-kind="renamed"]')).textContent(), /Journey storage.*Journey archive/s);
    assert.match(await entries.and(page.locator('[data-kind="settings_changed"]')).textContent(), /bucketPrefix.*journey-archive/s);

    // Deleted: the details close onto the list; the API still answers its activity, the delete first.
    await details.getByRole('button', { name: 'Delete', exact: true }).click();
    await details.locator('mwap-confirm-dialog').getByRole('button', { name: 'Delete integration' }).click();
    await page.locator('#details-view').waitFor({ state: 'hidden' });
    await page.locator('integration-list').getByRole('article', { name: 'Journey archive' }).waitFor({ state: 'detached' });
    const afterDelete = await activityOf(tenant, id);
    assert.deepEqual([afterDelete[0].kind, afterDelete[0].actor], ['deleted', { type: 'user', id: me }]);
    assert.deepEqual(
      afterDelete.slice(-held.length).map((entry) => entry.id),
      held.map((entry) => entry.id),
    );
  });
});
