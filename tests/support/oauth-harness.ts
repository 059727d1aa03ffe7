import { expect } from '@open-wc/testing';
import { sendMouse } from '@web/test-runner-commands';
import { createClient, type ConnectOptions, type Integration, type IntegrationsClient } from '../../src/core/index.js';

/** A client on the scripted OAuth server of tests/support/fake-api-middleware.mjs. */
export function oauthRun() {
  const run = crypto.randomUUID();
  const root = `${location.origin}/fake-api/${run}`;
  return {
    client: (extra: Partial<Parameters<typeof createClient>[0]> = {}): IntegrationsClient =>
      createClient({ apiBaseUrl: `${root}/oauth`, redirectUri: `${location.origin}/oauth-callback.html`, autoRefresh: false, ...extra }),
    setMode: (mode: string) =>
      fetch(`${root}/__mode`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ mode }) }),
    stats: async (): Promise<Array<{ method: string; path: string; body?: Record<string, string> }>> =>
      (await fetch(`${root}/__stats`)).json(),
  };
}

/** Clicks a real button (a trusted user gesture, via the test runner) whose handler calls connect(). */
export async function connectByClick(
  client: IntegrationsClient,
  integrationId: string,
  options: ConnectOptions = {},
): Promise<Integration> {
  const button = document.createElement('button');
  button.textContent = 'Connect';
  button.style.cssText = 'position:fixed;left:10px;top:10px;width:120px;height:40px;';
  document.body.append(button);
  let result: Promise<Integration> | undefined;
  button.addEventListener('click', () => (result = client.connect(integrationId, options)), { once: true });
  try {
    await sendMouse({ type: 'click', position: [70, 30] });
  } finally {
    button.remove();
  }
  if (!result) throw new Error('the click did not reach the button');
  return result;
}

/** No token, verifier, code or state may be left in any browser store. */
export async function expectNoStoredSecrets(): Promise<void> {
  expect(localStorage.length, 'localStorage').to.equal(0);
  expect(sessionStorage.length, 'sessionStorage').to.equal(0);
  expect(document.cookie, 'cookies').to.equal('');
  const databases = await indexedDB.databases();
  expect(
    databases.map((d) => d.name),
    'IndexedDB',
  ).to.deep.equal([]);
}
