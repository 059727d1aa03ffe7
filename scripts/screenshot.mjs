/**
 * `npm run screenshot`: the demo as a tenant owner sees it, for the README (docs/demo.png).
 * Runs the same stack as the end-to-end journeys (reference server, dev OAuth provider, demo page,
 * Debian's Chromium), connects one integration through the wizard and the popup, adds two more
 * through the API, tests the connection and photographs the page. Needs `npm run build` first.
 */
import { resolve } from 'node:path';
import {
  api,
  authorizeInPopup,
  createInWizard,
  launchBrowser,
  openDemo,
  openSignInPopup,
  startStack,
} from '../tests/e2e/support/stack.mjs';

const out = resolve(import.meta.dirname, '..', 'docs', 'demo.png');
const tenant = 'acme';
const [server, browser] = await Promise.all([startStack(), launchBrowser()]);
try {
  for (const [name, settings] of [
    ['Analytics warehouse', { region: 'us-east-1' }],
    ['Backups (staging)', { region: 'eu-west-1' }],
  ]) {
    const created = await api(server, tenant, '/api/integrations', {
      method: 'POST',
      body: { name, cloudProviderId: 'dev-cloud', settings },
    });
    if (created.status !== 201) throw new Error(`could not create ${name}: ${JSON.stringify(created.body)}`);
  }
  const { page } = await openDemo(browser, server, { tenant });
  const wizard = await createInWizard(page, { name: 'Production storage' });
  await authorizeInPopup(await openSignInPopup(page, wizard));
  const details = page.locator('integration-details');
  await details.getByRole('heading', { name: 'Production storage', level: 3 }).waitFor();
  await details.getByRole('tab', { name: 'Health' }).click();
  await details.getByRole('button', { name: 'Test connection' }).click();
  await details.getByText(/^All \d+ checks passed in /).waitFor();
  await page.screenshot({ path: out, fullPage: true });
  console.log(`wrote ${out}`);
} finally {
  await browser.close();
  await server.dispose();
}
