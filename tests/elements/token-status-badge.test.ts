import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import sinon from 'sinon';
import '../../src/elements/token-status-badge/define.js';
import type { TokenStatusBadgeElement } from '../../src/elements/token-status-badge/define.js';
import { createClient } from '../../src/core/index.js';
import type { IntegrationErrorEvent } from '../../src/events/integration-events.js';
import { tickListenerCount } from '../../src/internal/ticker.js';
import { makeIntegration } from '../support/fixtures.js';
import { fakeFetch, jsonResponse } from '../support/fake-fetch.js';

const MIN = 60_000;
const inMs = (ms: number) => new Date(Date.now() + ms).toISOString();
const text = (el: Element) => el.shadowRoot!.querySelector('.badge')!.textContent!.replace(/\s+/g, ' ').trim();

describe('<token-status-badge>', () => {
  afterEach(() => sinon.restore());

  const cases = [
    ['valid', () => makeIntegration({ tokenExpiresAt: inMs(50 * MIN) }), /Token valid · expires in (49|50)m/],
    ['expiring', () => makeIntegration({ tokenExpiresAt: inMs(4 * MIN + 30_000) }), /Token expiring · expires in 4m (2[7-9]|30)s/],
    ['expired', () => makeIntegration({ tokenExpiresAt: inMs(-3 * MIN) }), /Token expired · 3m [0-2]s ago/],
    ['error', () => makeIntegration({ tokenStatus: 'error' }), /Token refresh failed/],
    ['none', () => makeIntegration({ tokenStatus: 'none', tokenExpiresAt: null }), /Not connected/],
  ] as const;
  // Integrations are made inside each test, so the expiry is relative to when the badge renders.
  for (const [state, makeCase, label] of cases) {
    it(`shows ${state} with text, icon and a reflected state, accessibly`, async () => {
      const integration = makeCase();
      const el = await fixture<TokenStatusBadgeElement>(html`<token-status-badge .integration=${integration}></token-status-badge>`);
      expect(el.state).to.equal(state);
      expect(el.getAttribute('state')).to.equal(state);
      expect(text(el)).to.match(label);
      expect(el.shadowRoot!.querySelector('svg')).to.exist;
      await expect(el).to.be.accessible();
    });
  }

  it('shows a disabled integration as paused: no countdown, no green, no ticking', async () => {
    const clock = sinon.useFakeTimers({ now: Date.now(), toFake: ['setInterval', 'clearInterval', 'Date'] });
    const integration = makeIntegration({ status: 'disabled', tokenExpiresAt: inMs(50 * MIN) });
    const el = await fixture<TokenStatusBadgeElement>(html`<token-status-badge .integration=${integration}></token-status-badge>`);
    expect(el.state).to.equal('paused');
    expect(text(el)).to.equal('Paused: integration disabled');
    expect(tickListenerCount()).to.equal(0);
    expect(clock.countTimers()).to.equal(0);
    // Enabled again, it counts down.
    el.integration = { ...integration, status: 'active' };
    await el.updateComplete;
    expect(el.state).to.equal('valid');
    expect(tickListenerCount()).to.equal(1);
    await expect(el).to.be.accessible();
  });

  it('counts down with one shared clock for every badge', async () => {
    const clock = sinon.useFakeTimers({ now: Date.now(), toFake: ['setInterval', 'clearInterval', 'Date'] });
    const integration = makeIntegration({ tokenExpiresAt: inMs(5 * MIN + 10_000) });
    const container = await fixture<HTMLDivElement>(html`<div>
      ${[1, 2, 3].map(() => html`<token-status-badge .integration=${integration}></token-status-badge>`)}
    </div>`);
    const badges = [...container.querySelectorAll('token-status-badge')];
    expect(tickListenerCount()).to.equal(3);
    expect(clock.countTimers()).to.equal(1);
    expect(badges[0]!.state).to.equal('valid');
    await clock.tickAsync(15_000);
    await badges[0]!.updateComplete;
    expect(badges[0]!.state).to.equal('expiring');
    expect(text(badges[0]!)).to.contain('4m 55s');
    const live = badges[0]!.shadowRoot!.querySelector('[role="status"]')!;
    expect(live.textContent).to.equal('Token expiring');
    container.remove();
    expect(tickListenerCount()).to.equal(0);
    expect(clock.countTimers()).to.equal(0);
  });

  /** Counts a badge's renders and the changes to its shadow DOM. */
  function watchWork(el: TokenStatusBadgeElement) {
    const renders = sinon.spy(el as unknown as { render(): unknown }, 'render');
    const mutations: MutationRecord[] = [];
    const observer = new MutationObserver((records) => mutations.push(...records));
    observer.observe(el.shadowRoot!, { subtree: true, childList: true, characterData: true, attributes: true });
    return {
      renders: () => renders.callCount,
      mutations: () => [...mutations.splice(0), ...observer.takeRecords()],
    };
  }

  it('does work on a tick only when its text changes, and then writes only that text', async () => {
    const clock = sinon.useFakeTimers({ now: Date.now(), toFake: ['setInterval', 'clearInterval', 'Date'] });
    const container = await fixture<HTMLDivElement>(html`<div>
      <token-status-badge .integration=${makeIntegration({ tokenExpiresAt: inMs(50 * MIN + 30_000) })}></token-status-badge>
      <token-status-badge .integration=${makeIntegration({ tokenExpiresAt: inMs(4 * MIN) })}></token-status-badge>
    </div>`);
    const [calm, busy] = [...container.querySelectorAll('token-status-badge')];
    const [calmWork, busyWork] = [watchWork(calm!), watchWork(busy!)];
    await clock.tickAsync(10_000);
    expect(calmWork.renders(), 'minutes shown: nothing to do for 10 ticks').to.equal(0);
    expect(calmWork.mutations()).to.have.length(0);
    expect(busyWork.renders(), 'seconds shown: no re-render either').to.equal(0);
    const written = busyWork.mutations();
    expect(written.length).to.equal(10);
    expect(written.every((m) => m.type === 'characterData')).to.equal(true);
    expect(text(busy!)).to.contain('3m 50s');
    await clock.tickAsync(21_000);
    expect(text(calm!), 'the minute turned').to.contain('expires in 49m');
    expect(calmWork.renders()).to.equal(0);
    expect(calmWork.mutations().map((m) => m.type)).to.deep.equal(['characterData']);
    await clock.tickAsync(4 * MIN);
    await busy!.updateComplete;
    expect(busy!.state, 'a state change re-renders').to.equal('expired');
    expect(busyWork.renders()).to.equal(1);
    expect(busy!.shadowRoot!.querySelector('[role="status"]')!.textContent).to.equal('Token expired');
  });

  it('leaves the clock while off screen and catches up when it comes into view', async () => {
    const clock = sinon.useFakeTimers({ now: Date.now(), toFake: ['setInterval', 'clearInterval', 'Date'] });
    const container = await fixture<HTMLDivElement>(html`<div>
      <div style="block-size: 300vh"></div>
      <token-status-badge .integration=${makeIntegration({ tokenExpiresAt: inMs(4 * MIN) })}></token-status-badge>
    </div>`);
    const el = container.querySelector('token-status-badge')!;
    await waitUntil(() => tickListenerCount() === 0, 'the badge reported off screen');
    const work = watchWork(el);
    const before = text(el);
    await clock.tickAsync(60_000);
    expect(work.renders(), 'off screen: no work').to.equal(0);
    expect(work.mutations()).to.have.length(0);
    expect(text(el)).to.equal(before);
    el.scrollIntoView();
    await waitUntil(() => tickListenerCount() === 1, 'back on the clock once in view');
    expect(text(el), 'caught up: a minute later').to.match(/expires in 2m (5[89]|60)s|expires in 3m 0s/);
    container.remove();
  });

  it('loads the integration by id through the client and follows a refresh', async () => {
    const soon = makeIntegration({ id: 'int-5', tokenExpiresAt: inMs(2 * MIN) });
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const { fetch } = fakeFetch(jsonResponse(200, soon), async () => {
      await gate;
      return jsonResponse(200, { ...soon, tokenExpiresAt: inMs(60 * MIN), updatedAt: new Date().toISOString() });
    });
    const client = createClient({ apiBaseUrl: 'https://api.example.com/api', fetch, autoRefresh: true });
    const el = await fixture<TokenStatusBadgeElement>(
      html`<token-status-badge integration-id="int-5" .client=${client}></token-status-badge>`,
    );
    await waitUntil(() => el.state === 'expiring', 'loaded');
    const refresh = client.refreshToken('int-5');
    await waitUntil(() => el.state === 'refreshing', 'refreshing');
    release();
    await refresh;
    await waitUntil(() => el.state === 'valid', 'valid again');
    client.destroy();
  });

  it('says the status is unavailable, and reports integration-error once, when loading fails', async () => {
    const { fetch } = fakeFetch(jsonResponse(404, { error: { code: 'not_found', message: 'No integration int-9.' } }));
    const client = createClient({ apiBaseUrl: 'https://api.example.com/api', fetch, autoRefresh: false });
    const errors: IntegrationErrorEvent[] = [];
    const container = await fixture<HTMLDivElement>(html`<div @integration-error=${(e: IntegrationErrorEvent) => errors.push(e)}>
      <token-status-badge integration-id="int-9" .client=${client}></token-status-badge>
    </div>`);
    const el = container.querySelector('token-status-badge')!;
    await waitUntil(() => el.shadowRoot!.querySelector('.label')?.textContent === 'Token status unavailable', 'the failure shows');
    expect(el.shadowRoot!.querySelector('.badge')!.getAttribute('title')).to.equal('This item no longer exists.');
    expect(text(el), 'the reason is text too, not only a title').to.contain('This item no longer exists.');
    expect(errors.map((e) => [e.detail.error.code, e.detail.integrationId])).to.deep.equal([['not_found', 'int-9']]);
    el.requestUpdate();
    await el.updateComplete;
    expect(errors, 'reported once, not on every update').to.have.length(1);
    await expect(el).to.be.accessible();
    client.destroy();
  });
});
