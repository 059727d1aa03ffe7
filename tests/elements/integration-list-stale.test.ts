/**
 * Fault: a refresh of the list (focus, reconnect, Reload) fails while cards are shown. The cards
 * stay, but the list says they may be out of date, since when and why, with Try again where
 * trying again can help; the notice goes once a refresh succeeds.
 */
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import sinon from 'sinon';
import '../../src/elements/integration-list/define.js';
import type { IntegrationListElement } from '../../src/elements/integration-list/define.js';
import { createClient } from '../../src/core/index.js';
import { setLocale } from '../../src/localization.js';
import { jsonResponse } from '../support/fake-fetch.js';
import { fakeServer } from '../support/fake-server.js';
import { makeIntegrations } from '../support/fixtures.js';

const BASE = 'https://api.example.com/api';

type Fault = 'none' | 'server' | 'cut-off' | 'forbidden';

/** A list API whose list reads fail as `fault.now` says. */
function setup() {
  const server = fakeServer(makeIntegrations(3));
  const fault: { now: Fault } = { now: 'none' };
  server.intercept((r, apply) => {
    if (r.method !== 'GET' || !r.url.pathname.endsWith('/integrations')) return undefined;
    switch (fault.now) {
      case 'server':
        return jsonResponse(503, { error: { code: 'server_error', message: 'Database unavailable' } });
      case 'forbidden':
        return jsonResponse(403, { error: { code: 'permission_denied', message: 'Role changed' } });
      case 'cut-off': {
        // Half the body, then the connection drops.
        const body = new ReadableStream<Uint8Array>({
          start: async (controller) => {
            const text = await apply().text();
            controller.enqueue(new TextEncoder().encode(text.slice(0, text.length / 2)));
            controller.error(new TypeError('network error'));
          },
        });
        return new Response(body, { status: 200, headers: { 'Content-Type': 'application/json' } });
      }
      default:
        return undefined;
    }
  });
  const client = createClient({ apiBaseUrl: BASE, fetch: server.fetch, autoRefresh: false, refetchIntervalMs: 0, retry: { attempts: 1 } });
  return { server, client, fault };
}

const notice = (el: IntegrationListElement) => el.shadowRoot!.querySelector<HTMLElement>('[part="stale"]');
const cardCount = (el: IntegrationListElement) => el.shadowRoot!.querySelectorAll('integration-card').length;
const retryButton = (el: IntegrationListElement) => notice(el)?.querySelector('button') ?? null;

async function loadedList() {
  const api = setup();
  const el = await fixture<IntegrationListElement>(html`<integration-list .client=${api.client}></integration-list>`);
  await waitUntil(() => cardCount(el) === 3, 'the cards load');
  return { ...api, el };
}

describe('<integration-list> after a failed refresh', () => {
  afterEach(() => sinon.restore());

  it('keeps the cards and says they may be out of date, since when and why, with Try again; a good refresh clears it', async () => {
    const { el, server, fault } = await loadedList();
    expect(notice(el), 'nothing to say while the list is fresh').to.equal(null);
    fault.now = 'server';
    await el.refresh();
    await waitUntil(() => notice(el), 'the stale notice');
    expect(cardCount(el), 'the cards stay').to.equal(3);
    const text = notice(el)!.textContent!.replace(/\s+/g, ' ');
    expect(text).to.contain('These integrations may be out of date.');
    expect(text).to.match(/Last updated (now|\d+ seconds? ago)\./);
    expect(text).to.contain('The server had a problem.');
    expect(retryButton(el)!.textContent!.trim()).to.equal('Try again');

    server.stored.get('int-1')!.name = 'Renamed elsewhere';
    fault.now = 'none';
    retryButton(el)!.click();
    await waitUntil(() => notice(el) === null, 'the notice clears once a refresh succeeds');
    const names = [...el.shadowRoot!.querySelectorAll('integration-card')].map((card) => card.shadowRoot!.textContent!);
    expect(names.some((name) => name.includes('Renamed elsewhere'))).to.equal(true);
  });

  it('a list answer cut off mid-body reads as a lost connection, not a server fault', async () => {
    const { el, fault } = await loadedList();
    fault.now = 'cut-off';
    await el.refresh();
    await waitUntil(() => notice(el), 'the stale notice');
    expect(notice(el)!.textContent).to.contain('The connection was lost while the server answered.');
    expect(retryButton(el)).not.to.equal(null);
  });

  it('offers no Try again where it cannot help (a role that may no longer read)', async () => {
    const { el, fault } = await loadedList();
    fault.now = 'forbidden';
    await el.refresh();
    await waitUntil(() => notice(el), 'the stale notice');
    expect(notice(el)!.textContent).to.contain('Your role does not allow this.');
    expect(retryButton(el)).to.equal(null);
    expect(cardCount(el)).to.equal(3);
  });

  it('a refresh on focus that fails says so too', async () => {
    const { el, fault } = await loadedList();
    fault.now = 'server';
    // Past the stale time, as after a while in another tab.
    const clock = sinon.useFakeTimers({ now: Date.now() + 60_000, toFake: ['Date'] });
    window.dispatchEvent(new Event('visibilitychange'));
    clock.restore();
    await waitUntil(() => notice(el), 'the stale notice after a focus refetch');
    expect(cardCount(el)).to.equal(3);
  });

  it('says when the cards were last updated in relative time, and keeps that current', async () => {
    // Date and the shared one-second clock are fake from the start, so the ticks are the test's.
    const clock = sinon.useFakeTimers({ now: Date.now(), toFake: ['Date', 'setInterval', 'clearInterval'] });
    const { el, fault } = await loadedList();
    fault.now = 'server';
    await el.refresh();
    await waitUntil(() => notice(el), 'the stale notice');
    expect(notice(el)!.textContent).to.contain('Last updated now.');
    clock.tick(3 * 60_000);
    await el.updateComplete;
    expect(notice(el)!.textContent).to.contain('Last updated 3 minutes ago.');
  });

  it('is said in German', async () => {
    await setLocale('de');
    try {
      const { el, fault } = await loadedList();
      fault.now = 'server';
      await el.refresh();
      await waitUntil(() => notice(el), 'the stale notice');
      const text = notice(el)!.textContent!;
      expect(text).not.to.contain('may be out of date');
      expect(text).not.to.contain('Last updated');
      expect(text).not.to.contain('Try again');
    } finally {
      await setLocale('en');
    }
  });
});
