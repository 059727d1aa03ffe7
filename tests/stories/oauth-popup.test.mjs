// Storybook's Connect click-through works as a designer uses it: a real click on <oauth-button>
// opens the popup on the mock provider's consent page; Allow (or Deny) goes back through the
// library's redirect page (handleOAuthCallback) and the button shows the outcome.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { ensureStorybookBuilt, launchChromium, serve, storybookStatic } from './harness.mjs';

ensureStorybookBuilt();

let browser;
let site;

before(async () => {
  [browser, site] = await Promise.all([launchChromium(), serve({ mounts: { '/': storybookStatic }, cache: true })]);
});

after(async () => {
  await browser?.close();
  await site?.close();
});

async function openConnectStory(storyId) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => message.type() === 'error' && errors.push(message.text()));
  await page.goto(`${site.origin}/iframe.html?id=${storyId}&viewMode=story`);
  // Playwright's CSS selectors pierce open shadow roots.
  const button = page.locator('oauth-button button.connect');
  await button.waitFor();
  return { context, page, button, errors };
}

test('Connect → mock provider → Allow: the button reports the connection', async () => {
  const { context, page, button, errors } = await openConnectStory('elements-oauth-button--connect');
  try {
    const [popup] = await Promise.all([page.waitForEvent('popup'), button.click()]);
    await popup.waitForURL(/mock-provider\.html/);
    assert.match(await popup.locator('h1').textContent(), /Allow access/);
    await Promise.all([popup.waitForEvent('close'), popup.locator('#allow').click()]);
    await page.waitForFunction(() => document.querySelector('oauth-button')?.getAttribute('status') === 'connected', null, {
      timeout: 10_000,
    });
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test('Connect → mock provider denies: the button explains and offers to try again', async () => {
  const { context, page, button, errors } = await openConnectStory('elements-oauth-button--connect-denied');
  try {
    const [popup] = await Promise.all([page.waitForEvent('popup'), button.click()]);
    await page.waitForFunction(() => document.querySelector('oauth-button')?.getAttribute('status') === 'failed', null, {
      timeout: 10_000,
    });
    const alert = await page.locator('oauth-button [part="alert"]').textContent();
    assert.match(alert, /Access was not granted/);
    if (!popup.isClosed()) await popup.waitForEvent('close', { timeout: 5_000 });
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test("the mock provider answers only to Storybook's own redirect page", async () => {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    const dialogs = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    for (const redirectUri of [
      'javascript:alert(document.domain)//',
      'https://elsewhere.example/mwap-oauth-callback.html',
      `${site.origin}/iframe.html`,
    ]) {
      const query = new URLSearchParams({ redirect_uri: redirectUri, state: 's', auto: 'approve' });
      await page.goto(`${site.origin}/mock-provider.html?${query}`);
      await page.getByText('This redirect_uri is not registered').waitFor();
      assert.equal(new URL(page.url()).pathname, '/mock-provider.html', `stayed put for ${redirectUri}`);
    }
    assert.deepEqual(dialogs, [], 'no script ran');
  } finally {
    await context.close();
  }
});
