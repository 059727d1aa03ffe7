import { expect } from '@open-wc/testing';
import { sendMouse } from '@web/test-runner-commands';
import sinon from 'sinon';
import { createClient, type ConnectOptions, type Integration, type IntegrationsClient } from '../../src/core/index.js';
import { waitFor } from './poll.js';

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
  button.addEventListener(
    'click',
    () => {
      result = client.connect(integrationId, options);
      // WebKitWebDriver can answer the click after the popup has loaded and the sign-in has
      // failed: until this function returns `result`, a rejection would count as unhandled.
      result.catch(() => undefined);
    },
    { once: true },
  );
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

/** A well-formed redirect-page answer for `state`, with the code the scripted provider would give. */
export function answerFor(state: string, extra: Record<string, unknown> = {}) {
  return { type: 'mwap:oauth-callback', state, code: `code-${state}`, error: null, errorDescription: null, iss: null, ...extra };
}

export interface WaitingSignIn {
  flow: Promise<Integration>;
  /** The real sign-in window, at the scripted provider (same origin as the tests), waiting. */
  popup: Window;
  state: string;
  /** Posts `message` to the opener from inside the popup, as its redirect page would (so `event.source` is the popup). */
  postFromPopup: (message: unknown) => void;
}

/**
 * Starts a sign-in by a real click whose provider page waits, so the test alone decides what the
 * opener receives and in what order. Resolves once the popup has loaded the provider page.
 */
export async function startWaitingSignIn(
  run: ReturnType<typeof oauthRun>,
  client: IntegrationsClient,
  integrationId: string,
  options: ConnectOptions = {},
): Promise<WaitingSignIn> {
  await run.setMode('wait');
  const open = sinon.spy(window, 'open');
  const flow = connectByClick(client, integrationId, options);
  // A caller that never awaits the flow (a failed test) must not leave an unhandled rejection.
  flow.catch(() => undefined);
  const popup = await waitFor(() => open.returnValues[0] ?? undefined, 'a sign-in window').finally(() => open.restore());
  await waitFor(
    () => popup.closed || (popup.location.pathname === '/fake-provider/authorize' && popup.document.readyState === 'complete') || undefined,
    'the provider page in the sign-in window',
  );
  if (popup.closed) throw new Error('the sign-in window closed before it reached the provider page');
  const state = new URL(popup.location.href).searchParams.get('state')!;
  // Made in the popup's own realm, so the browser reports the popup as the message's source.
  const post = (popup as Window & { eval(code: string): (message: unknown) => void }).eval(
    '(message) => window.opener.postMessage(message, location.origin)',
  );
  return { flow, popup, state, postFromPopup: post };
}
