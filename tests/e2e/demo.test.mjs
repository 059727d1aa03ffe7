/**
 * The demo host page as a page worth copying: the wizard in a modal dialog (opened from the
 * header and from the list's empty state, always at its first step, focus in and back out),
 * details as a view of their own with an address (deep links, Back), canonical addresses, a
 * truthful "Signed in", no sideways scrolling on a phone, and no axe violations.
 *
 *   npm run build && node --import tsx --test tests/e2e/demo.test.mjs
 */
import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  api,
  authorizeInPopup,
  createInWizard,
  demoAddress,
  launchBrowser,
  openDemo,
  openSignInPopup,
  openWizard,
  startStack,
  waitForSignIn,
  wizardDialog,
} from './support/stack.mjs';

const AXE = resolve(import.meta.dirname, '../../node_modules/axe-core/axe.min.js');
const PHONE = { width: 390, height: 844 };

let server;
let browser;

before(async () => {
  [server, browser] = await Promise.all([startStack(), launchBrowser()]);
});

after(async () => {
  await browser?.close();
  await server?.dispose();
});

/** openDemo, with the profile closed after the test and page errors reported on failure. */
async function demo(t, options) {
  const opened = await openDemo(browser, server, options);
  t.after(async () => {
    if (opened.problems.length > 0) t.diagnostic(`page errors: ${opened.problems.join(' | ')}`);
    await opened.context.close();
  });
  return opened;
}

async function createViaApi(tenant, name) {
  const created = await api(server, tenant, '/api/integrations', {
    method: 'POST',
    body: { name, cloudProviderId: 'dev-cloud', settings: { region: 'eu-west-1' } },
  });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  return created.body;
}

/** What has focus, through shadow roots: tag, id and text, enough to tell elements apart. */
function focused(page) {
  return page.evaluate(() => {
    let active = document.activeElement;
    const hosts = [];
    while (active?.shadowRoot?.activeElement) {
      hosts.push(active.localName);
      active = active.shadowRoot.activeElement;
    }
    return {
      tag: active?.localName,
      id: active?.id || undefined,
      text: active?.textContent?.replace(/\s+/g, ' ').trim(),
      hosts,
      inDialog: Boolean(document.getElementById('wizard-dialog')?.contains(document.activeElement)),
    };
  });
}

const stepOne = (wizard) => wizard.getByRole('heading', { name: /^Step 1 of 4/ });

function path(page) {
  const url = new URL(page.url());
  return url.pathname;
}

describe('the wizard dialog', () => {
  test('the empty list’s “Add integration” opens it with focus inside; Escape closes it and focus goes back', async (t) => {
    const { page } = await demo(t, { tenant: 'e2e-demo-empty' });
    const list = page.locator('integration-list');
    const add = list.getByRole('button', { name: 'Add integration' });
    await add.click();

    const dialog = wizardDialog(page);
    await dialog.waitFor();
    assert.equal(await dialog.evaluate((element) => element.matches(':modal')), true, 'a modal dialog');
    await stepOne(dialog.locator('integration-wizard')).waitFor();
    assert.equal((await focused(page)).inDialog, true, JSON.stringify(await focused(page)));

    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    const back = await focused(page);
    assert.deepEqual([back.hosts, back.text], [['integration-list'], 'Add integration']);
  });

  test('the header’s “New integration” opens it; Close closes it and focus goes back to that button', async (t) => {
    const { page } = await demo(t, { tenant: 'e2e-demo-header' });
    const wizard = await openWizard(page);
    await stepOne(wizard).waitFor();
    assert.equal((await focused(page)).inDialog, true);
    // Half-way through, then closed: the next opening starts over.
    await wizard.getByRole('option', { name: /^Dev Cloud/ }).click();
    await wizard.getByRole('button', { name: 'Next' }).click();
    await wizard.getByRole('heading', { name: 'Step 2 of 4 Describe the integration' }).waitFor();

    await wizardDialog(page).getByRole('button', { name: 'Close' }).click();
    await wizardDialog(page).waitFor({ state: 'hidden' });
    assert.deepEqual(await focused(page), { tag: 'button', id: 'new-integration', text: 'New integration', hosts: [], inDialog: false });

    await openWizard(page);
    await stepOne(wizard).waitFor();
  });

  test('after connecting it closes onto the details; opened again it starts at the first step', async (t) => {
    const tenant = 'e2e-demo-reopen';
    const { page } = await demo(t, { tenant });
    const wizard = await createInWizard(page, { name: 'Reopened storage' });
    const popup = await openSignInPopup(page, wizard);
    await authorizeInPopup(popup);

    await wizardDialog(page).waitFor({ state: 'hidden' });
    const details = page.locator('integration-details');
    await details.getByRole('heading', { name: 'Reopened storage' }).waitFor();
    const { body } = await api(server, tenant, '/api/integrations?q=Reopened');
    const connected = body.items.find((item) => item.name === 'Reopened storage');
    assert.equal(path(page), `/integrations/${connected.id}`);
    assert.equal((await focused(page)).id, 'details-heading');

    await openWizard(page);
    await stepOne(wizard).waitFor();
    assert.equal(await wizard.getByRole('heading', { name: /^Step 4 of 4/ }).count(), 0);
    assert.equal(await wizard.evaluate((element) => element.currentStep), 'provider');
  });
});

describe('details as a view with an address', () => {
  test('choosing an integration pushes /integrations/<id>; Back returns to the list, Forward to the details', async (t) => {
    const tenant = 'e2e-demo-history';
    const integration = await createViaApi(tenant, 'History storage');
    const { page } = await demo(t, { tenant });
    const detailsView = page.locator('#details-view');
    const details = page.locator('integration-details');
    assert.equal(await detailsView.isVisible(), false);

    await page.locator('integration-list').getByRole('button', { name: 'Manage History storage' }).click();
    await details.getByRole('heading', { name: 'History storage' }).waitFor();
    assert.equal(path(page), `/integrations/${integration.id}`);
    assert.equal(new URL(page.url()).searchParams.get('tenant'), tenant, 'the session’s query stays');

    await page.goBack();
    await detailsView.waitFor({ state: 'hidden' });
    assert.equal(path(page), '/integrations');
    await page.goForward();
    await details.getByRole('heading', { name: 'History storage' }).waitFor();

    await page.getByRole('link', { name: 'Close details' }).click();
    await detailsView.waitFor({ state: 'hidden' });
    assert.equal(path(page), '/integrations');
  });

  test('loading /integrations/<id> opens those details; Back leaves for the page before', async (t) => {
    const tenant = 'e2e-demo-deep';
    const integration = await createViaApi(tenant, 'Deep-linked storage');
    const { page } = await demo(t, { tenant });
    await page.goto(demoAddress(server, { tenant, path: `/integrations/${integration.id}` }));
    await waitForSignIn(page, { tenant });
    await page.locator('integration-details').getByRole('heading', { name: 'Deep-linked storage' }).waitFor();
    await page.locator('integration-list').getByRole('article', { name: 'Deep-linked storage' }).waitFor();

    await page.goBack();
    assert.equal(path(page), '/integrations');
    await page.locator('integration-list').getByRole('article', { name: 'Deep-linked storage' }).waitFor();
    assert.equal(await page.locator('#details-view').isVisible(), false);
  });
});

describe('canonical addresses', () => {
  for (const [from, to] of [
    ['/integrations/', '/integrations'],
    ['/tenant/integrations/', '/integrations'],
  ]) {
    test(`${from} redirects to ${to}, keeping the query`, async (t) => {
      const { page } = await demo(t, { tenant: 'e2e-demo-redirects' });
      const response = await page.goto(`${server.url}${from}?tenant=e2e-demo-redirects&role=member`);
      assert.equal(response.status(), 200);
      const redirect = response.request().redirectedFrom();
      assert.ok(redirect, 'the browser was redirected');
      assert.equal((await redirect.response()).status(), 301);
      assert.equal(redirect.redirectedFrom(), null, 'in one step');
      assert.equal(path(page), to);
      assert.equal(new URL(page.url()).search, '?tenant=e2e-demo-redirects&role=member');
      await waitForSignIn(page, { tenant: 'e2e-demo-redirects', role: 'member' });
    });
  }
});

describe('on a phone (390 px wide)', () => {
  const scrollWidth = (page) => page.evaluate(() => document.documentElement.scrollWidth);

  test('no sideways scrolling with the wizard open, nor with details open', async (t) => {
    const tenant = 'e2e-demo-phone';
    const integration = await createViaApi(tenant, 'A storage with a rather long name that has to wrap somewhere on a phone');
    const { page } = await demo(t, { tenant, viewport: PHONE });
    assert.ok((await scrollWidth(page)) <= PHONE.width, `list: ${await scrollWidth(page)}`);

    const wizard = await openWizard(page);
    await stepOne(wizard).waitFor();
    assert.ok((await scrollWidth(page)) <= PHONE.width, `wizard step 1: ${await scrollWidth(page)}`);
    const box = await wizardDialog(page).boundingBox();
    assert.ok(box.x >= 0 && box.x + box.width <= PHONE.width, `dialog at ${box.x}, ${box.width} wide`);
    assert.ok(box.y >= 0 && box.y + box.height <= PHONE.height, `dialog at ${box.y}, ${box.height} high`);
    await wizard.getByRole('option', { name: /^Dev Cloud/ }).click();
    await wizard.getByRole('button', { name: 'Next' }).click();
    await wizard.getByRole('heading', { name: 'Step 2 of 4 Describe the integration' }).waitFor();
    assert.ok((await scrollWidth(page)) <= PHONE.width, `wizard step 2: ${await scrollWidth(page)}`);
    // Taller than the screen, the dialog scrolls inside itself: its buttons are reachable.
    await wizard.getByRole('button', { name: 'Next' }).scrollIntoViewIfNeeded();
    assert.ok(await wizard.getByRole('button', { name: 'Next' }).isVisible());
    await page.keyboard.press('Escape');
    await wizardDialog(page).waitFor({ state: 'hidden' });

    await page
      .locator('integration-list')
      .getByRole('button', { name: `Manage ${integration.name}` })
      .click();
    await page.locator('integration-details').getByRole('heading', { name: integration.name }).waitFor();
    assert.ok((await scrollWidth(page)) <= PHONE.width, `details: ${await scrollWidth(page)}`);
  });
});

describe('accessibility (axe-core)', () => {
  async function violations(page) {
    if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: AXE });
    // Colours are judged once the dialog's opening fade has ended, not half-way through it.
    await page.evaluate(() => Promise.all(document.getAnimations({ subtree: true }).map((animation) => animation.finished)));
    const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
    return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  }

  test('no violations: list, details, and the wizard dialog', async (t) => {
    const tenant = 'e2e-demo-axe';
    const integration = await createViaApi(tenant, 'Axe storage');
    const { page } = await demo(t, { tenant });
    await page.locator('integration-list').getByRole('article', { name: 'Axe storage' }).waitFor();
    assert.deepEqual(await violations(page), [], 'the list');

    await page
      .locator('integration-list')
      .getByRole('button', { name: `Manage ${integration.name}` })
      .click();
    await page.locator('integration-details').getByRole('heading', { name: integration.name }).waitFor();
    assert.deepEqual(await violations(page), [], 'with details');

    const wizard = await openWizard(page);
    await stepOne(wizard).waitFor();
    assert.deepEqual(await violations(page), [], 'with the wizard open');
  });

  test('no violations on the empty list', async (t) => {
    const { page } = await demo(t, { tenant: 'e2e-demo-axe-empty' });
    await page.locator('integration-list').getByRole('button', { name: 'Add integration' }).waitFor();
    assert.deepEqual(await violations(page), []);
  });
});

describe('a truthful “Signed in”', () => {
  const unauthenticated = (route) =>
    route.fulfill({
      status: 401,
      contentType: 'application/json',
      body: JSON.stringify({ error: { code: 'unauthenticated', message: 'The token is not valid.' } }),
    });

  test('a token the API refuses is not “signed in”: the header says the session expired, with a way back', async (t) => {
    const tenant = 'e2e-demo-refused';
    const context = await browser.newContext();
    t.after(() => context.close());
    await context.route('**/api/**', unauthenticated);
    const page = await context.newPage();
    const minted = [];
    page.on('request', (request) => {
      if (request.url().endsWith('/dev/token')) minted.push(request.url());
    });
    await page.goto(demoAddress(server, { tenant }));
    const status = page.locator('#session-status');
    await status.getByText('Session expired — sign in again', { exact: true }).waitFor();
    assert.ok(minted.length >= 2, 'the library asked for a fresh token before giving up');
    assert.doesNotMatch(await status.textContent(), /Signed in/);

    await context.unroute('**/api/**');
    await page.getByRole('button', { name: 'Sign in again' }).click();
    await waitForSignIn(page, { tenant });
    assert.equal(await page.getByRole('button', { name: 'Sign in again' }).isVisible(), false);
  });

  test('an expired token that the forced refresh replaces is no ended session, time after time', async (t) => {
    const tenant = 'e2e-demo-renewed';
    const { page, context } = await demo(t, { tenant });
    const list = page.locator('integration-list');
    const listRequest = (request) => new URL(request.url()).pathname === '/api/integrations' && request.method() === 'GET';
    const bearer = (request) => request.headers().authorization;
    const expired = new Set();
    let lastSeen;
    await context.route(
      (url) => url.pathname === '/api/integrations',
      (route) => {
        lastSeen = bearer(route.request());
        return expired.has(lastSeen) ? unauthenticated(route) : route.continue();
      },
    );
    const reload = async () => {
      const answered = page.waitForResponse((response) => listRequest(response.request()) && response.status() === 200);
      await list.evaluate((element) => element.refresh());
      return answered;
    };
    await reload();
    for (const round of [1, 2]) {
      // Dev tokens minted within one second are identical: let the next one differ.
      await page.waitForTimeout(1_100);
      // The token the page holds now expires, as dev tokens do after TOKEN_TTL_S.
      expired.add(lastSeen);
      const refused = page.waitForResponse((response) => listRequest(response.request()) && response.status() === 401);
      const answered = await reload();
      assert.equal((await refused).status(), 401, `round ${round}`);
      assert.ok(!expired.has(bearer(answered.request())), `round ${round}: retried with a fresh token`);
      assert.equal(await page.locator('#session-status').textContent(), `Signed in as owner of ${tenant}.`, `round ${round}`);
      assert.equal(await page.getByRole('button', { name: 'Sign in again' }).isVisible(), false, `round ${round}`);
    }
  });

  test('a session the API ends later (401 even after the forced refresh) says so', async (t) => {
    const tenant = 'e2e-demo-ended';
    const { page, context } = await demo(t, { tenant });
    await context.route('**/api/**', unauthenticated);
    await page.locator('integration-list').evaluate((list) => list.refresh());
    await page.locator('#session-status').getByText('Session expired — sign in again', { exact: true }).waitFor();
    await page.getByRole('button', { name: 'Sign in again' }).waitFor();
  });
});
