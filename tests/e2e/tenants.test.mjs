/**
 * The demo as the people of a tenant meet it: a member (reads, is told who can change things, is
 * offered nothing the server would refuse), an owner who reads German (the elements and the API's
 * catalogue texts), and a 200-character name on a 390 px phone.
 *
 *   npm run build && node --import tsx --test tests/e2e/tenants.test.mjs
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { api, demoAddress, launchBrowser, openDemo, openWizard, startStack, waitForSignIn } from './support/stack.mjs';

let server;
let browser;

before(async () => {
  [server, browser] = await Promise.all([startStack(), launchBrowser()]);
});

after(async () => {
  await browser?.close();
  await server?.dispose();
});

async function demo(t, options) {
  const opened = await openDemo(browser, server, options);
  t.after(async () => {
    if (opened.problems.length > 0) t.diagnostic(`page errors: ${opened.problems.join(' | ')}`);
    await opened.context.close();
  });
  return opened;
}

async function createViaApi(tenant, name, description = null) {
  const created = await api(server, tenant, '/api/integrations', {
    method: 'POST',
    body: { name, description, cloudProviderId: 'dev-cloud', settings: { region: 'eu-west-1' } },
  });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  return created.body;
}

/** The text an element renders in its shadow root, with the shadow roots inside it. */
function deepText(locator) {
  return locator.evaluate((root) => {
    const parts = [];
    const walk = (node) => {
      if (node.nodeType === Node.TEXT_NODE) parts.push(node.textContent);
      if (node.shadowRoot) walk(node.shadowRoot);
      for (const child of node.childNodes) walk(child);
    };
    walk(root);
    return parts.join(' ').replace(/\s+/g, ' ').trim();
  });
}

/** How far the page scrolls sideways: 0 when everything fits the viewport. */
const sidewaysOverflow = (page) => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

describe('the people of a tenant', () => {
  test('a member reads, is told once who can change things, and is offered no write', async (t) => {
    const tenant = 'e2e-member-view';
    await createViaApi(tenant, 'Owner’s storage');
    const { page } = await demo(t, { tenant, role: 'member' });
    const list = page.locator('integration-list');
    const card = list.getByRole('article', { name: 'Owner’s storage' });
    await card.waitFor();
    await card.getByRole('button', { name: /^Manage/ }).waitFor();
    for (const name of [/^Connect/, /^Refresh/, /^Test/]) assert.equal(await card.getByRole('button', { name }).count(), 0, String(name));
    assert.equal(await list.getByRole('checkbox').count(), 0, 'no selection without a bulk action to run');

    await card.getByRole('button', { name: /^Manage/ }).click();
    const details = page.locator('integration-details');
    await details.getByRole('tab').first().waitFor();
    for (const name of [/^Delete/, /^Edit/, /^Reconnect/, /^Connect/]) {
      assert.equal(await details.getByRole('button', { name }).count(), 0, `details offer ${name}`);
    }
    const said = (await deepText(details)).match(/Only a tenant owner can change integrations/g) ?? [];
    assert.equal(said.length, 1, 'the reason, once');

    // The wizard says the same before anything is typed, rather than failing on submit.
    await page.goBack().catch(() => {});
    const wizard = await openWizard(page);
    await wizard
      .getByText(/Only a tenant owner can change integrations/)
      .first()
      .waitFor();
    assert.equal(await wizard.getByRole('textbox').count(), 0, 'no form to fill in');

    const member = await server.token(tenant, 'member');
    const refused = await server.request('/api/integrations', {
      method: 'POST',
      token: member,
      body: { name: 'x', cloudProviderId: 'dev-cloud', settings: { region: 'eu-west-1' } },
    });
    assert.equal(refused.status, 403);
    assert.equal(refused.body.error.code, 'permission_denied');
  });

  test('an owner who reads German gets German elements and German catalogue texts', async (t) => {
    const tenant = 'e2e-german-owner';
    await createViaApi(tenant, 'Produktionsspeicher');
    const { context, page } = await demo(t, { tenant });
    await page.goto(`${demoAddress(server, { tenant })}&lang=de`);
    await waitForSignIn(page, { tenant, role: 'owner' });
    const card = page.locator('integration-list').getByRole('article', { name: 'Produktionsspeicher' });
    await card.getByRole('button', { name: /verwalten/i }).waitFor();
    assert.match(await deepText(card), /Noch nicht geprüft/);

    const wizard = await openWizard(page);
    const option = wizard.getByRole('option', { name: /^Dev Cloud/ });
    await option.waitFor();
    // The provider's description comes from the API in the page's language (Accept-Language).
    assert.match(await deepText(wizard), /Objektspeicher/);
    await option.click();
    await wizard.getByRole('button', { name: 'Weiter' }).click();
    const form = await deepText(wizard);
    assert.doesNotMatch(form, /Where your buckets live|Sync interval/, 'setting labels and hints are German');
    await context.close();
  });

  test('a 200-character name on a 390 px phone: the list and the details fit the screen, the whole name reachable', async (t) => {
    const tenant = 'e2e-long-name';
    const name = 'Nächtliche Sicherung der Rechnungsdaten aller Filialen '.repeat(4).slice(0, 200);
    const created = await createViaApi(tenant, name, 'W'.repeat(500));
    const { page } = await demo(t, { tenant, viewport: { width: 390, height: 844 } });
    const card = page.locator('integration-list').getByRole('article', { name });
    await card.waitFor();
    assert.equal(await sidewaysOverflow(page), 0, 'the list view does not scroll sideways');
    const title = await card.getByRole('button', { name }).first().getAttribute('title');
    assert.equal(title, name);

    await card.getByRole('button', { name: /^Manage/ }).click();
    const details = page.locator('integration-details');
    await details.getByRole('tab').first().waitFor();
    assert.equal(await sidewaysOverflow(page), 0, 'the details do not scroll sideways');
    assert.ok((await deepText(details)).includes(name), 'the details show the whole name');
    assert.equal(new URL(page.url()).pathname, `/integrations/${created.id}`);
  });
});
