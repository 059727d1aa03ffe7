/**
 * Fault: the network between the browser and the API loses and breaks answers. A proxy in front
 * of the reference server (support/fault-proxy.mjs) injects, by a fixed plan per step, latency,
 * connections dropped before and after the server acts, 5xx, 429 with Retry-After and bodies cut
 * off mid-stream, while a scripted session runs through the demo page's real elements: create,
 * connect (popup at the dev provider), rename, change a setting, disable, bulk refresh, delete.
 * At the end the UI shows what the server holds, and no edit was lost: each one is on the server,
 * or the UI said it was not saved and retrying made it so.
 *
 *   npm run build && node --import tsx --test tests/security/e2e/faults.test.mjs
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startTestServer } from '../../../server/tests/support/harness.ts';
import {
  api,
  authorizeInPopup,
  fillDetails,
  launchBrowser,
  openDemo,
  openSignInPopup,
  openWizard,
  requireDist,
  readAs,
  readsFrom,
} from '../../e2e/support/stack.mjs';
import { startFaultProxy } from './support/fault-proxy.mjs';

const TENANT = 'e2e-faults';
const INTEGRATIONS = /^\/api\/integrations(?:\?|$)/;
const ONE = /^\/api\/integrations\/[^/?]+(?:\?|$)/;
const REFRESH = /^\/api\/integrations\/[^/]+\/tokens\/refresh/;

let proxy;
let server;
let browser;

before(async () => {
  requireDist();
  proxy = await startFaultProxy();
  [server, browser] = await Promise.all([
    startTestServer({
      serveDemo: true,
      devAccessTokenTtl: 120,
      // The page's origin is the proxy's, so is its redirect page.
      allowedRedirectUris: [`${proxy.url}/oauth-callback.html`],
      logLevel: process.env.E2E_LOG_LEVEL ?? 'silent',
    }),
    launchBrowser(),
  ]);
  proxy.forwardTo(server.url);
});

after(async () => {
  await browser?.close();
  await server?.dispose();
  await proxy?.close();
});

/** Runs one step under `plan`, and checks every fault of it was injected (a fault that never fired proves nothing). */
async function under(plan, step) {
  proxy.plan(plan);
  await step();
  assert.deepEqual(proxy.unspent(), [], 'every planned fault was injected');
  proxy.plan([]);
}

async function serverItems() {
  const answer = await api(server, TENANT, '/api/integrations?limit=100');
  assert.equal(answer.status, 200);
  return answer.body.items;
}

async function serverItem(name) {
  return (await serverItems()).find((item) => item.name === name);
}

/** Polls `read` until `accept(value)`, for state the UI reaches after retries and read-backs. */
async function until(read, accept, what, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  let value;
  while (Date.now() < deadline) {
    value = await read();
    if (accept(value)) return value;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${what}: last saw ${JSON.stringify(value)}`);
}

test('a scripted session under injected faults ends with the UI equal to the server and no edit lost', { timeout: 90_000 }, async (t) => {
  const archive = await api(server, TENANT, '/api/integrations', {
    method: 'POST',
    body: { name: 'Archive', cloudProviderId: 'dev-cloud', settings: { region: 'eu-west-1' } },
  });
  assert.equal(archive.status, 201);

  const { page, context, problems } = await openDemo(browser, { url: proxy.url }, { tenant: TENANT });
  t.after(async () => {
    if (problems.length > 0) t.diagnostic(`page errors: ${problems.join(' | ')}`);
    await context.close();
  });
  page.setDefaultTimeout(10_000);
  const list = page.locator('integration-list');
  const details = page.locator('integration-details');
  const toasts = page.locator('mwap-toast-region');

  await t.test('create: the answer is lost after the server created it; one integration, created once, then connected', async () => {
    const plan = [
      { method: 'POST', path: INTEGRATIONS, fault: 'drop-after', label: 'create: answer lost' },
      { method: 'POST', path: /\/oauth\/initiate/, fault: 'latency', ms: 800, label: 'connect: slow initiate' },
    ];
    await under(plan, async () => {
      const wizard = await openWizard(page);
      await wizard.getByRole('option', { name: /^Dev Cloud/ }).click();
      await wizard.getByRole('button', { name: 'Next' }).click();
      await fillDetails(wizard, { name: 'Faulty storage' });
      await wizard.getByRole('button', { name: 'Next' }).click();
      const connectStep = wizard.getByRole('heading', { name: readAs('Step 3 of 4 Connect to Dev Cloud') });
      // The wizard says the answer was lost; Next again replays the create under the same key.
      await wizard.getByRole('alert').first().waitFor();
      await wizard.getByRole('button', { name: 'Next' }).click();
      await connectStep.waitFor();
      const popup = await openSignInPopup(page, wizard);
      await authorizeInPopup(popup);
    });
    const created = (await serverItems()).filter((item) => item.name === 'Faulty storage');
    assert.equal(created.length, 1, 'created once');
    await list.getByRole('article', { name: 'Faulty storage' }).getByText('Active', { exact: true }).waitFor();
    assert.equal((await serverItem('Faulty storage')).status, 'active', 'connected, after a slow sign-in start');
  });

  await t.test('rename: the answer is lost after the server saved it; the read back confirms it', async () => {
    await details.getByRole('heading', { name: 'Faulty storage' }).waitFor();
    await under([{ method: 'PATCH', path: ONE, fault: 'drop-after', label: 'rename: answer lost' }], async () => {
      await details.getByRole('button', { name: 'Edit name and description' }).click();
      await details.getByRole('textbox', { name: 'Name' }).fill('Faulty storage renamed');
      await details.getByRole('button', { name: 'Save', exact: true }).click();
      await toasts.getByText(readAs('Saved “Faulty storage renamed”.')).waitFor();
    });
    assert.ok(await serverItem('Faulty storage renamed'));
    await details.getByRole('heading', { name: 'Faulty storage renamed' }).waitFor();
  });

  await t.test('a setting: the answer is cut off mid-body; the read back confirms it', async () => {
    await under([{ method: 'PATCH', path: ONE, fault: 'truncate', label: 'setting: body cut off' }], async () => {
      await details.getByRole('tab', { name: 'Settings' }).click();
      const panel = details.getByRole('tabpanel', { name: 'Settings' });
      await panel.getByRole('textbox', { name: /Bucket prefix/ }).fill('faults-one');
      await panel.getByRole('button', { name: 'Save settings' }).click();
      await until(
        async () => (await serverItem('Faulty storage renamed'))?.settings.bucketPrefix,
        (value) => value === 'faults-one',
        'the server holds the setting',
      );
      await panel.getByText('Unsaved changes').waitFor({ state: 'detached' });
    });
  });

  await t.test('disable: the server fails (503); the UI says it was not saved, and trying again saves it', async () => {
    await under([{ method: 'PATCH', path: ONE, fault: 'status', status: 503, label: 'disable: 503' }], async () => {
      const toggle = details.getByRole('switch', { name: 'Enabled' });
      await toggle.click();
      await toasts.getByText(readsFrom('Could not disable “Faulty storage renamed”')).waitFor();
      assert.equal(await toggle.getAttribute('aria-checked'), 'true', 'the switch is back on: not saved');
      assert.equal((await serverItem('Faulty storage renamed')).status, 'active');
      await toggle.click();
      await toasts.getByText(readAs('Disabled “Faulty storage renamed”.')).waitFor();
    });
    assert.equal((await serverItem('Faulty storage renamed')).status, 'disabled');
  });

  await t.test('bulk refresh: a 429 with Retry-After is waited out, a dropped request fails its item, Retry fixes it', async () => {
    await under(
      [
        { method: 'POST', path: REFRESH, fault: 'status', status: 429, retryAfter: 1, label: 'bulk: 429' },
        { method: 'POST', path: REFRESH, fault: 'drop-before', label: 'bulk: dropped' },
      ],
      async () => {
        await list.getByRole('checkbox', { name: 'Select Faulty storage renamed' }).check();
        await list.getByRole('checkbox', { name: 'Select Archive' }).check();
        await list.locator('[part="bulk-bar"]').getByRole('button', { name: 'Refresh tokens' }).click();
        await list.locator('mwap-confirm-dialog').getByRole('button', { name: 'Refresh tokens' }).click();
        await list.getByRole('region', { name: 'Results of the last bulk action' }).waitFor();
      },
    );
    const results = list.getByRole('region', { name: 'Results of the last bulk action' });
    const first = await results.textContent();
    assert.match(first, /of 2 succeeded/);
    assert.match(first, /Faulty storage renamed: The server could not be reached\./, 'the dropped refresh failed its item, said as such');
    // The never-connected one fails on its own (no token): Retry sends both again; the dropped one now succeeds.
    await results.getByRole('button', { name: /^Retry \d+ failed/ }).click();
    const second = await until(
      () => results.textContent(),
      (text) => /1 of 2 succeeded/.test(text),
      'the retry refreshes the one the network failed',
    );
    assert.doesNotMatch(second, /Faulty storage renamed:/);
  });

  await t.test('delete: the request is dropped before the server acts; it stays, and deleting again removes it', async () => {
    await list.getByRole('button', { name: 'Manage Archive' }).click();
    await details.getByRole('heading', { name: 'Archive' }).waitFor();
    await under([{ method: 'DELETE', path: ONE, fault: 'drop-before', label: 'delete: dropped' }], async () => {
      await details.getByRole('button', { name: 'Delete', exact: true }).click();
      await details.locator('mwap-confirm-dialog').getByRole('button', { name: 'Delete integration' }).click();
      await toasts
        .getByText(readsFrom('Could not delete “Archive”'))
        .or(details.getByText(readsFrom('Could not delete “Archive”')))
        .first()
        .waitFor();
      assert.ok(await serverItem('Archive'), 'still on the server');
      await list.getByRole('article', { name: 'Archive' }).waitFor();
      await details.getByRole('button', { name: 'Delete', exact: true }).click();
      await details.locator('mwap-confirm-dialog').getByRole('button', { name: 'Delete integration' }).click();
      // The card leaves the list as soon as the delete starts; the toast waits for the server's answer.
      await toasts.getByText(readAs('Deleted “Archive”.')).waitFor();
      await list.getByRole('article', { name: 'Archive' }).waitFor({ state: 'detached' });
    });
    assert.equal(await serverItem('Archive'), undefined);
  });

  await t.test('background reads cut off and failing are retried; the UI ends equal to the server', async () => {
    await under(
      [
        { method: 'GET', path: INTEGRATIONS, fault: 'truncate', label: 'list: body cut off' },
        { method: 'GET', path: INTEGRATIONS, fault: 'status', status: 502, label: 'list: 502' },
      ],
      () => list.evaluate((el) => el.refresh()),
    );
    const held = await serverItems();
    const shown = await until(
      () =>
        list.evaluate((el) =>
          [...el.shadowRoot.querySelectorAll('integration-card')].map((card) => ({
            name: card.integration.name,
            status: card.integration.status,
          })),
        ),
      (cards) => cards.length === held.length,
      'the cards match the server',
    );
    const byName = (a, b) => a.name.localeCompare(b.name);
    assert.deepEqual(shown.sort(byName), held.map(({ name, status }) => ({ name, status })).sort(byName));
    assert.equal(await list.locator('[part="stale"]').count(), 0, 'a good refresh after the faults leaves no stale notice');
  });
});
