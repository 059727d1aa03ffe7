/**
 * End-to-end journeys: the demo page with the real tags, the reference server and the
 * dev OAuth provider, driven in Debian's Chromium. One server and one browser for the whole file;
 * each journey gets a browser profile and a tenant of its own, so journeys do not see each other.
 * API-level journeys (tampered and replayed callbacks) use fetch against the same server.
 *
 *   npm run build && npm run test:e2e
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { authorize, completeCallback } from '../../server/tests/support/oauth-helpers.ts';
import {
  TOKEN_TTL_S,
  RATE_LIMIT,
  answerConsent,
  api,
  authorizeInPopup,
  createInWizard,
  fillDetails,
  launchBrowser,
  logInAtProvider,
  openDemo,
  openSignInPopup,
  openWizard,
  secondsLeft,
  setOutage,
  startStack,
  readAs,
} from './support/stack.mjs';

let server;
let browser;
const contexts = [];

before(async () => {
  [server, browser] = await Promise.all([startStack(), launchBrowser()]);
});

after(async () => {
  for (const context of contexts) await context.close().catch(() => {});
  await browser?.close();
  await server?.dispose();
});

/** openDemo, with the profile closed after the run and page errors reported on failure. */
async function demo(t, options) {
  const opened = await openDemo(browser, server, options);
  contexts.push(opened.context);
  t.after(async () => {
    if (opened.problems.length > 0) t.diagnostic(`page errors: ${opened.problems.join(' | ')}`);
    await opened.context.close();
  });
  return opened;
}

/** An integration created straight through the API (for journeys that start from an existing one). */
async function createViaApi(tenant, name) {
  const created = await api(server, tenant, '/api/integrations', {
    method: 'POST',
    body: { name, cloudProviderId: 'dev-cloud', settings: { region: 'eu-west-1' } },
  });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  return created.body;
}

/** The text an element renders in its shadow root (innerText does not reach into it). */
function shadowText(locator) {
  return locator.evaluate((el) => (el.shadowRoot ?? el).textContent.replace(/\s+/g, ' ').trim());
}

/** Polls a badge's countdown until `accept(seconds)`; returns the seconds it showed then. */
async function untilCountdown(badge, accept, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  let text = '';
  while (Date.now() < deadline) {
    text = await shadowText(badge);
    const seconds = secondsLeft(text);
    if (seconds !== undefined && accept(seconds)) return seconds;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`the countdown never reached what was expected; it last said "${text}"`);
}

async function findByName(tenant, name) {
  const list = await api(server, tenant, `/api/integrations?q=${encodeURIComponent(name)}`);
  assert.equal(list.status, 200);
  return list.body.items.find((item) => item.name === name);
}

describe('a tenant owner connects a provider', () => {
  test('create in the wizard, authorize in the popup, live expiry, automatic refresh, test connection, usage', async (t) => {
    const tenant = 'e2e-happy';
    const { page } = await demo(t, { tenant });

    const wizard = await createInWizard(page, { name: 'Happy storage' });
    const popup = await openSignInPopup(page, wizard);
    await authorizeInPopup(popup);

    // The demo closes the wizard's dialog onto the details of what was connected; the list shows it connected.
    const list = page.locator('integration-list');
    const card = list.getByRole('article', { name: 'Happy storage' });
    await card.getByText('Active', { exact: true }).waitFor();
    const badge = card.locator('token-status-badge');
    await badge.getByText(/expires in/).waitFor();

    // A live expiry: the countdown moves without any reload. (Read after one tick of the shared
    // one-second clock: the first frame may be computed against an older clock reading.)
    await page.waitForTimeout(1_100);
    const first = secondsLeft(await shadowText(badge));
    assert.ok(first !== undefined && first <= TOKEN_TTL_S && first > TOKEN_TTL_S - 10, `badge said "${await shadowText(badge)}"`);
    await untilCountdown(badge, (seconds) => seconds < first, 5_000);

    const details = page.locator('integration-details');
    await details.getByRole('heading', { name: 'Happy storage' }).waitFor();
    await details.getByRole('tabpanel', { name: 'Token' }).getByText('Never', { exact: true }).waitFor();

    // Test connection in the details: per-check diagnostics.
    await details.getByRole('tab', { name: 'Health' }).click();
    const health = details.getByRole('tabpanel', { name: 'Health' });
    await health.getByRole('button', { name: 'Test connection' }).click();
    await health.getByText(/^All \d+ checks passed in /).waitFor();
    const checks = health.getByRole('list', { name: 'Checks' }).getByRole('listitem');
    assert.ok((await checks.count()) >= 4, `expected at least four checks, saw ${await checks.count()}`);
    assert.equal(await health.getByText('Failed', { exact: true }).count(), 0);
    await t.test('the list’s card shows the check just made', async () => {
      await card.getByText('Not checked yet').waitFor({ state: 'detached', timeout: 3_000 });
    });

    // Usage shows the calls just made: the code exchange and the test.
    await details.getByRole('tab', { name: 'Usage' }).click();
    const usage = details.getByRole('tabpanel', { name: 'Usage' });
    const callsSummary = usage.getByRole('img', { name: /^Calls: \d+ in total/ });
    await callsSummary.waitFor();
    const shownCalls = Number(/Calls: (\d+) in total/.exec(await callsSummary.getAttribute('aria-label'))[1]);
    assert.ok(shownCalls >= 2, `usage showed ${shownCalls} calls`);
    await usage.getByText(/^\d+ of 1,000 calls used/).waitFor();
    const integration = await findByName(tenant, 'Happy storage');
    const serverUsage = await api(server, tenant, `/api/integrations/${integration.id}/usage?range=24h`);
    assert.equal(serverUsage.status, 200);
    assert.ok(serverUsage.body.totals.calls >= shownCalls);

    // It refreshes by itself before expiry (the demo asks for a refresh shortly before):
    // the countdown in the list jumps back up, with nobody pressing Refresh.
    // Read the token's remaining life off the badge itself (the server may already hold a newer
    // token than the one fetched above), then wait at most until it would have expired.
    await page.waitForTimeout(1_100);
    const leftBefore = secondsLeft(await shadowText(badge));
    assert.ok(leftBefore !== undefined, `badge said "${await shadowText(badge)}"`);
    const waitedFrom = Date.now();
    // A refresh shows as the countdown jumping up from one reading to the next.
    let previous = leftBefore;
    const jumpedUp = (seconds) => {
      const up = seconds > previous + 3;
      previous = seconds;
      return up;
    };
    const jumped = await untilCountdown(badge, jumpedUp, (leftBefore + 5) * 1000);
    assert.ok(jumped > TOKEN_TTL_S - 10, `after the refresh the badge says ${jumped} s`);
    assert.ok(Date.now() - waitedFrom < leftBefore * 1000, 'the refresh came before the old token expired');
    const healthAfter = await api(server, tenant, `/api/integrations/${integration.id}/tokens/health`);
    assert.equal(healthAfter.status, 200);
    assert.ok(Date.parse(healthAfter.body.lastRefreshAt) >= waitedFrom - 2_000, `last refresh at ${healthAfter.body.lastRefreshAt}`);
    assert.ok(Date.parse(healthAfter.body.expiresAt) > Date.now() + (TOKEN_TTL_S - 10) * 1000, 'the expiry moved forward');
    assert.ok(
      healthAfter.body.refreshHistory.some((entry) => entry.ok),
      JSON.stringify(healthAfter.body.refreshHistory),
    );
    // The details' expiry follows the cache too.
    await details.getByRole('tab', { name: 'Token' }).click();
    const tokenPanel = details.getByRole('tabpanel', { name: 'Token' });
    const listSeconds = secondsLeft(await shadowText(badge));
    const detailsSeconds = await untilCountdown(
      tokenPanel.locator('token-status-badge'),
      (seconds) => Math.abs(seconds - listSeconds) <= 2,
      3_000,
    );
    assert.ok(detailsSeconds > TOKEN_TTL_S - 15);

    await t.test('the details’ Token tab shows the automatic refresh (Last refresh, Refresh history)', async () => {
      await tokenPanel.getByText('Never', { exact: true }).waitFor({ state: 'detached', timeout: 5_000 });
    });
  });
});

describe('the demo in another language', () => {
  test('switching to German fetches the script tag’s translation once and the elements follow', async (t) => {
    await createViaApi('e2e-tenant-lang', 'Sprachtest storage');
    const { page, problems } = await demo(t, { tenant: 'e2e-tenant-lang' });
    const translations = [];
    page.on('request', (request) => {
      if (/\/dist\/mwap-integrations\.de\.[\w-]+\.js$/.test(request.url())) translations.push(request.url());
    });
    const list = page.locator('integration-list');
    await list.getByRole('button', { name: 'Cards' }).waitFor();
    await page.getByLabel('Language').selectOption('de');
    await list.getByRole('button', { name: 'Karten' }).waitFor();
    await list.getByText('Sprachtest storage').waitFor();
    await page.getByLabel('Language').selectOption('en');
    await list.getByRole('button', { name: 'Cards' }).waitFor();
    await page.getByLabel('Language').selectOption('de');
    await list.getByRole('button', { name: 'Karten' }).waitFor();
    assert.equal(translations.length, 1, translations.join(', '));
    assert.deepEqual(problems, []);
  });
});

describe('the sign-in does not complete', () => {
  test('consent denied: the wizard’s Authorize step says access was not granted', async (t) => {
    const tenant = 'e2e-denied';
    const { page } = await demo(t, { tenant });
    const wizard = await createInWizard(page, { name: 'Denied storage' });
    const popup = await openSignInPopup(page, wizard);
    await authorizeInPopup(popup, { allow: false });
    const alert = wizard.locator('oauth-button').getByRole('alert');
    await alert.getByText('Access was not granted.').waitFor();
    await wizard.getByRole('heading', { name: readAs('Step 3 of 4 Connect to Dev Cloud') }).waitFor();
    const integration = await findByName(tenant, 'Denied storage');
    assert.equal(integration.tokenStatus, 'none');
  });

  test('popup closed by the user: popup_closed is shown after the server says nothing was connected', async (t) => {
    const tenant = 'e2e-closed';
    const { page } = await demo(t, { tenant });
    const wizard = await createInWizard(page, { name: 'Closed storage' });
    const popup = await openSignInPopup(page, wizard);
    await popup.getByRole('heading', { name: 'Sign-in' }).waitFor();
    // A person reads the page before closing it. (A window that reads closed within 1.5 s of
    // navigating is taken for one cut off by Cross-Origin-Opener-Policy, and the flow keeps
    // waiting for its answer instead: SEVERED_WITHIN_MS in src/core/oauth/popup.ts.)
    await popup.waitForTimeout(2_000);
    await popup.close();
    await wizard
      .locator('oauth-button')
      .getByRole('alert')
      .getByText('The sign-in window was closed before sign-in finished.')
      .waitFor({ timeout: 10_000 });
    assert.equal((await findByName(tenant, 'Closed storage')).tokenStatus, 'none');
  });

  test('expired state: a sign-in older than ten minutes is refused by the server', async (t) => {
    const tenant = 'e2e-expired';
    const { page } = await demo(t, { tenant });
    const wizard = await createInWizard(page, { name: 'Slow storage' });
    const popup = await openSignInPopup(page, wizard);
    await logInAtProvider(popup);
    // The person took eleven minutes on the provider's pages: age the pending state in the database.
    const aged = await server.db.query(
      `UPDATE oauth_states SET created_at = created_at - interval '11 minutes', expires_at = expires_at - interval '11 minutes'
       WHERE tenant_id = $1 AND consumed_at IS NULL RETURNING state_hash`,
      [tenant],
    );
    assert.equal(aged.length, 1);
    const callback = page.waitForResponse((r) => r.url().endsWith('/api/oauth/callback'));
    await answerConsent(popup);
    const answer = await callback;
    assert.equal(answer.status(), 400);
    assert.equal((await answer.json()).error.code, 'expired_state');
    await wizard
      .locator('oauth-button')
      .getByRole('alert')
      .getByText(/The sign-in expired/)
      .waitFor();
    assert.equal((await findByName(tenant, 'Slow storage')).tokenStatus, 'none');
  });

  test('provider token endpoint down: the code exchange, and later a refresh, fail with the provider’s own error', async (t) => {
    const tenant = 'e2e-outage';
    const { page } = await demo(t, { tenant });
    const wizard = await createInWizard(page, { name: 'Outage storage' });
    await setOutage(server, 'token', true);
    t.after(() => setOutage(server, 'token', false));
    const popup = await openSignInPopup(page, wizard);
    const callback = page.waitForResponse((r) => r.url().endsWith('/api/oauth/callback'));
    await authorizeInPopup(popup);
    const answer = await callback;
    const body = await answer.json();
    assert.ok(answer.status() >= 500, `callback answered ${answer.status()}`);
    assert.equal(body.error.code, 'token_exchange_failed');
    assert.match(body.error.message, /simulated outage|temporarily_unavailable/);
    await wizard.locator('oauth-button').getByRole('alert').getByText('The provider’s sign-in could not be completed.').waitFor();
    const integration = await findByName(tenant, 'Outage storage');
    assert.equal(integration.tokenStatus, 'none');

    // With the endpoint back, "Try again" in the same wizard connects.
    await setOutage(server, 'token', false);
    const [retry] = await Promise.all([
      page.waitForEvent('popup'),
      wizard.locator('oauth-button').getByRole('button', { name: 'Try again' }).click(),
    ]);
    const closed = retry.waitForEvent('close', { timeout: 20_000 });
    // The provider remembers the login from the first attempt; consent is asked again (prompt=consent).
    await retry.getByRole('heading', { name: 'Authorize' }).waitFor();
    await answerConsent(retry);
    await closed;
    const card = page.locator('integration-list').getByRole('article', { name: 'Outage storage' });
    await card.getByText('Active', { exact: true }).waitFor();

    // Down again once connected: a refresh fails, and the details and the list say so, in the
    // provider's own words.
    await setOutage(server, 'token', true);
    const tokenPanel = page.locator('integration-details').getByRole('tabpanel', { name: 'Token' });
    const refresh = page.waitForResponse((r) => r.url().endsWith('/tokens/refresh'));
    await tokenPanel.getByRole('button', { name: 'Refresh token' }).click();
    const refreshAnswer = await refresh;
    assert.equal(refreshAnswer.status(), 502);
    assert.equal((await refreshAnswer.json()).error.code, 'connection_failed');
    await tokenPanel.getByText(/The last refresh failed: .*simulated outage/).waitFor();
    await card.getByRole('status').filter({ hasText: 'Token refresh failed' }).waitFor();
  });
});

describe('the server refuses', () => {
  test('a member cannot write: the wizard says why instead of a form, and the API answers permission_denied', async (t) => {
    const tenant = 'e2e-members';
    await createViaApi(tenant, 'Owner’s storage');
    const { page } = await demo(t, { tenant, role: 'member' });
    // Members read.
    await page.locator('integration-list').getByRole('article', { name: 'Owner’s storage' }).waitFor();
    const posts = [];
    page.on('request', (request) => request.method() === 'POST' && request.url().endsWith('/api/integrations') && posts.push(request));
    const wizard = await openWizard(page);
    await wizard.getByText('Only a tenant owner can change integrations. Ask a tenant owner.').waitFor();
    assert.equal(await wizard.getByRole('option').count(), 0, 'no provider to choose');
    assert.equal(await wizard.getByRole('button', { name: /^(Next|Try again)$/ }).count(), 0);
    assert.equal(posts.length, 0, 'nothing was sent');

    const member = await server.token(tenant, 'member');
    const existing = await findByName(tenant, 'Owner’s storage');
    for (const [method, path, body] of [
      ['POST', '/api/integrations', { name: 'x', cloudProviderId: 'dev-cloud', settings: { region: 'eu-west-1' } }],
      ['PATCH', `/api/integrations/${existing.id}`, { name: 'renamed' }],
      ['DELETE', `/api/integrations/${existing.id}`, undefined],
    ]) {
      const answer = await server.request(path, { method, token: member, body });
      assert.equal(answer.status, 403, `${method} ${path}`);
      assert.equal(answer.body.error.code, 'permission_denied');
    }
    assert.equal(await findByName(tenant, 'Member’s storage'), undefined);
  });

  test('another tenant’s integration is not found (404), in the details and at the API', async (t) => {
    const theirs = await createViaApi('e2e-tenant-a', 'Tenant A storage');
    // An id from elsewhere (a link, a bookmark): the demo's details deep link.
    const { page } = await demo(t, { tenant: 'e2e-tenant-b', path: `/integrations/${theirs.id}` });
    await page.locator('integration-details').getByText('Integration not found').waitFor();

    const other = await server.token('e2e-tenant-b', 'owner');
    for (const [method, path, body] of [
      ['GET', `/api/integrations/${theirs.id}`, undefined],
      ['PATCH', `/api/integrations/${theirs.id}`, { name: 'mine now' }],
      ['DELETE', `/api/integrations/${theirs.id}`, undefined],
      ['POST', `/api/integrations/${theirs.id}/test`, undefined],
      ['GET', `/api/integrations/${theirs.id}/usage`, undefined],
      ['GET', `/api/integrations/${theirs.id}/tokens/health`, undefined],
    ]) {
      const answer = await server.request(path, { method, token: other, body });
      assert.equal(answer.status, 404, `${method} ${path}: ${JSON.stringify(answer.body)}`);
      assert.equal(answer.body.error.code, 'not_found');
    }
    const list = await server.request('/api/integrations', { token: other });
    assert.equal(list.body.items.length, 0);
    assert.equal((await api(server, 'e2e-tenant-a', `/api/integrations/${theirs.id}`)).status, 200);
  });

  test('429: once a tenant’s budget is spent the wizard says so, with Retry-After at the API', async (t) => {
    const tenant = 'e2e-busy';
    const { page } = await demo(t, { tenant });
    const wizard = await openWizard(page);
    await wizard.getByRole('option', { name: /^Dev Cloud/ }).click();
    await wizard.getByRole('button', { name: 'Next' }).click();
    await fillDetails(wizard, { name: 'Busy storage' });

    // Another client of the same tenant spends the budget.
    const token = await server.token(tenant, 'owner');
    let limited;
    for (let i = 0; i <= RATE_LIMIT.max && !limited; i++) {
      const answer = await server.request('/api/integrations?limit=1', { token });
      if (answer.status === 429) limited = answer;
    }
    assert.ok(limited, 'never rate limited');
    assert.equal(limited.body.error.code, 'rate_limited');
    // The stack's rate-limit clock stands still at the start of a window: the budget stays spent.
    assert.equal(Number(limited.headers.get('Retry-After')), RATE_LIMIT.windowSeconds);

    const create = page.waitForResponse((r) => r.url().endsWith('/api/integrations') && r.request().method() === 'POST');
    await wizard.getByRole('button', { name: 'Next' }).click();
    const answer = await create;
    assert.equal(answer.status(), 429);
    assert.ok(Number(answer.headers()['retry-after']) >= 1);
    const alert = wizard.getByRole('alert');
    await alert.getByText('The integration could not be saved.').waitFor();
    await alert.getByText(/Too many requests right now\./).waitFor();
    // Other tenants are not affected.
    assert.equal((await api(server, 'e2e-bystander', '/api/integrations')).status, 200);
  });
});

describe('forged or repeated callbacks (API)', () => {
  let token;
  let integrationId;
  before(async () => {
    token = await server.token('e2e-api', 'owner');
    integrationId = (await createViaApi('e2e-api', 'Callback target')).id;
  });

  test('tampered state: a callback whose state was modified is rejected, the real one still works', async () => {
    const flow = await authorize(server, token, integrationId);
    const tampered = flow.state.slice(0, -2) + (flow.state.endsWith('AA') ? 'BB' : 'AA');
    const forged = await completeCallback(server, token, flow, { state: tampered });
    assert.equal(forged.status, 400);
    assert.equal(forged.body.error.code, 'invalid_state');
    const genuine = await completeCallback(server, token, flow);
    assert.equal(genuine.status, 200, JSON.stringify(genuine.body));
    assert.equal(genuine.body.tokenStatus, 'valid');
  });

  test('replayed callback: the same code and state posted twice, the second is rejected', async () => {
    const flow = await authorize(server, token, integrationId);
    const first = await completeCallback(server, token, flow);
    assert.equal(first.status, 200, JSON.stringify(first.body));
    const replay = await completeCallback(server, token, flow);
    assert.equal(replay.status, 400);
    assert.equal(replay.body.error.code, 'invalid_state');
    // Nor may another tenant's owner use a captured response.
    const flow2 = await authorize(server, token, integrationId);
    const stolen = await completeCallback(server, await server.token('e2e-thief', 'owner'), flow2);
    assert.equal(stolen.status, 400);
    assert.equal(stolen.body.error.code, 'invalid_state');
  });
});
