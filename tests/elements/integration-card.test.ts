import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import '../../src/elements/integration-card/define.js';
import type { IntegrationCardElement } from '../../src/elements/integration-card/define.js';
import { createClient } from '../../src/core/index.js';
import { fakeFetch, jsonResponse } from '../support/fake-fetch.js';
import { makeIntegration, makeProviders } from '../support/fixtures.js';
import { fakeServer } from '../support/fake-server.js';
import { oauthRun } from '../support/oauth-harness.js';
import { sendKeys } from '@web/test-runner-commands';
import sinon from 'sinon';
import { withoutIsolates } from '../support/bidi.js';

const BASE = 'https://api.example.com/api';
const [provider] = makeProviders();
const buttonNamed = (el: IntegrationCardElement, label: RegExp) =>
  [...el.shadowRoot!.querySelectorAll<HTMLButtonElement>('button')].find((b) =>
    label.test(b.getAttribute('aria-label') ?? b.textContent!),
  )!;

/** A button offered once the caller's permissions are known (after GET /me answered). */
const offered = async (el: IntegrationCardElement, label: RegExp) => {
  await waitUntil(() => buttonNamed(el, label), `a button ${label}`);
  return buttonNamed(el, label);
};
const OWNER = ['read', 'create', 'update', 'delete', 'connect', 'refresh', 'test'];
const clientAs = (role: string, permissions: string[], readonly = false) =>
  createClient({
    apiBaseUrl: BASE,
    autoRefresh: false,
    readonly,
    fetch: fakeServer([], { me: { tenant: { id: 'tenant-a' }, user: { id: 'u-1' }, role, permissions } }).fetch,
  });

describe('<integration-card>', () => {
  afterEach(() => document.querySelector('mwap-toast-region')?.remove());

  it('shows name, provider, status and token state as text, accessibly', async () => {
    const el = await fixture<IntegrationCardElement>(
      html`<integration-card selectable .integration=${makeIntegration({ name: '<b>Prod</b>' })} .provider=${provider}></integration-card>`,
    );
    const text = el.shadowRoot!.textContent!.replace(/\s+/g, ' ');
    expect(text).to.contain('<b>Prod</b>');
    expect(el.shadowRoot!.querySelector('b'), 'names are text, never HTML').to.equal(null);
    expect(text).to.contain('Dev Cloud');
    expect(text).to.contain('Active');
    expect(el.shadowRoot!.querySelector('token-status-badge')!.state).to.equal('valid');
    await expect(el).to.be.accessible();
  });

  it('keeps a long token countdown inside a narrow card', async () => {
    const integration = makeIntegration({ status: 'error', tokenExpiresAt: new Date(Date.now() + 3 * 60_000).toISOString() });
    const el = await fixture<IntegrationCardElement>(
      html`<integration-card style="inline-size: 240px" .integration=${integration}></integration-card>`,
    );
    const badge = el.shadowRoot!.querySelector('token-status-badge')!;
    await badge.updateComplete;
    expect(badge.state).to.equal('expiring');
    const card = el.shadowRoot!.querySelector('article')!.getBoundingClientRect();
    const pill = badge.shadowRoot!.querySelector('.badge')!.getBoundingClientRect();
    expect(pill.right, 'the badge ends inside the card').to.be.at.most(card.right);
    expect(pill.left).to.be.at.least(card.left);
  });

  it('offers Connect, not token actions, on an integration never connected', async () => {
    const el = await fixture<IntegrationCardElement>(
      html`<integration-card
        .client=${createClient({ apiBaseUrl: BASE, fetch: fakeFetch(jsonResponse(500, {})).fetch, autoRefresh: false })}
        .integration=${makeIntegration({ status: 'pending', tokenStatus: 'none', tokenExpiresAt: null })}
      ></integration-card>`,
    );
    await offered(el, /^Connect/);
    expect(buttonNamed(el, /^Refresh token/), 'nothing to refresh').to.equal(undefined);
    expect(el.shadowRoot!.textContent).to.contain('Not connected yet');
    expect(el.shadowRoot!.querySelector('token-status-badge'), 'no second "Not connected" badge').to.equal(null);
    await expect(el).to.be.accessible();
  });

  it('reports selection changes and Manage', async () => {
    const el = await fixture<IntegrationCardElement>(
      html`<integration-card selectable .integration=${makeIntegration()}></integration-card>`,
    );
    const change = oneEvent(el, 'card-selection-change');
    el.shadowRoot!.querySelector<HTMLInputElement>('input[type="checkbox"]')!.click();
    expect((await change).detail).to.deep.include({ integrationId: 'int-1', selected: true, shiftKey: false });
    expect(el.selected).to.equal(true);
    const select = oneEvent(el, 'integration-select');
    buttonNamed(el, /^Manage/).click();
    expect((await select).detail.integration.id).to.equal('int-1');
  });

  it('refreshes from the card and reports the result in a toast and an event', async () => {
    const fresh = makeIntegration({ tokenExpiresAt: new Date(Date.now() + 7_200_000).toISOString(), updatedAt: new Date().toISOString() });
    const { fetch, requests } = fakeFetch(jsonResponse(200, fresh));
    const client = createClient({ apiBaseUrl: BASE, fetch, autoRefresh: false });
    const el = await fixture<IntegrationCardElement>(
      html`<integration-card .client=${client} .integration=${makeIntegration()}></integration-card>`,
    );
    const updated = oneEvent(el, 'integration-updated');
    (await offered(el, /^Refresh token/)).click();
    expect((await updated).detail.integration.tokenExpiresAt).to.equal(fresh.tokenExpiresAt);
    expect(requests[0]!.url.pathname).to.equal('/api/integrations/int-1/tokens/refresh');
    const region = document.querySelector('mwap-toast-region')!;
    await waitUntil(() => region.messages.some((m) => m.includes('Token refreshed')));
  });

  it('says a failed refresh on the card, beside Refresh, and not in a toast', async () => {
    const { fetch } = fakeFetch(jsonResponse(502, { error: { code: 'token_exchange_failed', message: 'invalid_grant: revoked' } }));
    const client = createClient({ apiBaseUrl: BASE, fetch, autoRefresh: false, retry: { attempts: 1 } });
    const el = await fixture<IntegrationCardElement>(html`<div style="inline-size: 300px; block-size: 196px">
      <integration-card style="block-size: 100%" .client=${client} .integration=${makeIntegration()}></integration-card>
    </div>`).then((box) => box.querySelector('integration-card')!);
    (await offered(el, /^Refresh token/)).click();
    await waitUntil(() => el.shadowRoot!.querySelector('[role="alert"]'), 'the failure on the card');
    const alert = el.shadowRoot!.querySelector('[role="alert"]')!;
    expect(alert.textContent).to.contain('Could not refresh.');
    expect(alert.textContent).to.contain('invalid_grant: revoked');
    expect(document.querySelector('mwap-toast-region')?.messages ?? [], 'no toast for it').to.deep.equal([]);
    const card = el.shadowRoot!.querySelector('article')!;
    expect(card.scrollHeight, 'the card does not grow').to.be.at.most(card.clientHeight + 1);
    buttonNamed(el, /^Dismiss/).click();
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('[role="alert"]')).to.equal(null);
  });

  it('takes its result toasts with it when it leaves the page, and when its integration is deleted', async () => {
    const fresh = makeIntegration({ tokenExpiresAt: new Date(Date.now() + 7_200_000).toISOString() });
    const { fetch } = fakeFetch(jsonResponse(200, fresh));
    const client = createClient({ apiBaseUrl: BASE, fetch, autoRefresh: false });
    const box = await fixture<HTMLDivElement>(html`<div>
      <integration-card .client=${client} .integration=${makeIntegration()}></integration-card>
      <integration-card .client=${client} .integration=${makeIntegration({ id: 'int-2', name: 'Second' })}></integration-card>
    </div>`);
    const [first, second] = [...box.querySelectorAll('integration-card')];
    (await offered(first!, /^Refresh token/)).click();
    (await offered(second!, /^Refresh token/)).click();
    await waitUntil(() => document.querySelector('mwap-toast-region')?.messages.length === 2, 'both results shown');
    const region = document.querySelector('mwap-toast-region')!;
    first!.remove();
    await region.updateComplete;
    expect(region.messages.map(withoutIsolates)).to.deep.equal(['Token refreshed for Second.']);
    document.body.dispatchEvent(
      new CustomEvent('integration-deleted', { detail: { integrationId: 'int-2' }, bubbles: true, composed: true }),
    );
    await region.updateComplete;
    expect(region.messages).to.deep.equal([]);
  });

  it('offers to stop waiting when the sign-in window is cut off the moment it reaches the provider', async () => {
    // Cut off by Cross-Origin-Opener-Policy: the window stays on screen with focus, so this page never gets it back.
    const hasFocus = sinon.stub(document, 'hasFocus').returns(false);
    const run = oauthRun();
    await run.setMode('closenow');
    const client = run.client();
    const el = await fixture<IntegrationCardElement>(
      html`<integration-card
        .client=${client}
        .integration=${makeIntegration({ id: 'int-5', status: 'pending', tokenStatus: 'none', tokenExpiresAt: null })}
      ></integration-card>`,
    );
    (await offered(el, /^Connect/)).focus();
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => buttonNamed(el, /^Stop waiting/), 'Stop waiting offered', { timeout: 8000 });
    buttonNamed(el, /^Stop waiting/).click();
    await waitUntil(() => !client.connecting && buttonNamed(el, /^Connect/), 'the sign-in ended');
    expect(el.shadowRoot!.querySelector('[role="alert"]'), 'a cancel is no failure').to.equal(null);
    hasFocus.restore();
    client.destroy();
  });

  it('reports a failed connection test with the failing checks', async () => {
    const { fetch } = fakeFetch(
      jsonResponse(200, {
        integrationId: 'int-1',
        ok: false,
        testedAt: new Date().toISOString(),
        latencyMs: 40,
        checks: [{ name: 'Token accepted', ok: false, latencyMs: 20, message: '401' }],
      }),
    );
    const client = createClient({ apiBaseUrl: BASE, fetch, autoRefresh: false });
    const el = await fixture<IntegrationCardElement>(
      html`<integration-card .client=${client} .integration=${makeIntegration()}></integration-card>`,
    );
    (await offered(el, /^Test connection/)).click();
    await waitUntil(() => document.querySelector('mwap-toast-region'), 'a toast region');
    const region = document.querySelector('mwap-toast-region')!;
    await waitUntil(
      () => region.messages.some((m) => withoutIsolates(m).includes('connection test failed (Token accepted)')),
      'the failure toast',
    );
    expect(region.messages.join(' ')).not.to.contain('connection works');
  });

  it('offers a member no action that changes anything, and a read-only card neither', async () => {
    const owner = await fixture<IntegrationCardElement>(
      html`<integration-card .client=${clientAs('owner', OWNER)} .integration=${makeIntegration()}></integration-card>`,
    );
    await offered(owner, /^Refresh token/);
    expect(buttonNamed(owner, /^Test connection/)).to.exist;

    for (const el of [
      await fixture<IntegrationCardElement>(
        html`<integration-card .client=${clientAs('member', ['read'])} .integration=${makeIntegration()}></integration-card>`,
      ),
      await fixture<IntegrationCardElement>(
        html`<integration-card readonly .client=${clientAs('owner', OWNER)} .integration=${makeIntegration()}></integration-card>`,
      ),
      await fixture<IntegrationCardElement>(
        html`<integration-card .client=${clientAs('owner', OWNER, true)} .integration=${makeIntegration()}></integration-card>`,
      ),
    ]) {
      await waitUntil(() => el.client!.permissions.known, '/me answered');
      await el.updateComplete;
      expect(buttonNamed(el, /^Refresh token/)).to.equal(undefined);
      expect(buttonNamed(el, /^Test connection/)).to.equal(undefined);
      expect(buttonNamed(el, /^Manage/), 'reading is still offered').to.exist;
    }
    const pending = await fixture<IntegrationCardElement>(
      html`<integration-card
        .client=${clientAs('member', ['read'])}
        .integration=${makeIntegration({ status: 'pending', tokenStatus: 'none', tokenExpiresAt: null })}
      ></integration-card>`,
    );
    await waitUntil(() => pending.client!.permissions.known, '/me answered');
    await pending.updateComplete;
    expect(buttonNamed(pending, /^Connect/)).to.equal(undefined);
  });

  it('puts its name at the heading level the host asks for (2–6)', async () => {
    const host = await fixture<HTMLElement>(html`<section>
      <h1>Host page</h1>
      <h2>Integrations</h2>
      <integration-card heading-level="3" .integration=${makeIntegration()}></integration-card>
      <integration-card heading-level="9" .integration=${makeIntegration()}></integration-card>
    </section>`);
    const [three, fallback] = [...host.querySelectorAll('integration-card')];
    await three!.updateComplete;
    expect(three!.shadowRoot!.querySelector('[role="heading"]')!.getAttribute('aria-level')).to.equal('3');
    expect(fallback!.shadowRoot!.querySelector('[role="heading"]')!.getAttribute('aria-level'), 'out of range').to.equal('3');
    await expect(host).to.be.accessible();
    three!.setAttribute('heading-level', '4');
    await three!.updateComplete;
    expect(three!.shadowRoot!.querySelector('[role="heading"]')!.getAttribute('aria-level')).to.equal('4');
  });

  for (const [what, name] of [
    ['a 200-character name', 'Production storage for the nightly backups '.repeat(5).slice(0, 200)],
    ['a 200-character word', 'W'.repeat(200)],
  ] as const) {
    for (const width of [320, 390]) {
      it(`keeps ${what} inside a ${width} px card, on two lines at most, the whole name in its title`, async () => {
        const wrapper = await fixture<HTMLDivElement>(html`<div style="inline-size: ${width}px">
          <integration-card selectable .integration=${makeIntegration({ name })} .provider=${provider}></integration-card>
          <integration-card compact selectable .integration=${makeIntegration({ name })} .provider=${provider}></integration-card>
        </div>`);
        for (const el of wrapper.querySelectorAll('integration-card')) {
          await el.updateComplete;
          const card = el.shadowRoot!.querySelector('article')!;
          expect(card.scrollWidth, 'nothing sticks out of the card').to.be.at.most(card.clientWidth);
          expect(el.getBoundingClientRect().width).to.be.at.most(width);
          const heading = el.shadowRoot!.querySelector<HTMLElement>('[role="heading"]')!;
          const lineHeight = parseFloat(getComputedStyle(heading).lineHeight) || 20;
          expect(heading.getBoundingClientRect().height).to.be.at.most(lineHeight * 2 + 1);
          expect(heading.querySelector('button')!.title).to.equal(name);
          const box = el.shadowRoot!.querySelector('input.select')!.getBoundingClientRect();
          expect(Math.min(box.width, box.height), 'a 24 px target').to.be.at.least(24);
        }
      });
    }
  }
});
