import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import '../../src/elements/integration-card/define.js';
import type { IntegrationCardElement } from '../../src/elements/integration-card/define.js';
import { createClient } from '../../src/core/index.js';
import { fakeFetch, jsonResponse } from '../support/fake-fetch.js';
import { makeIntegration, makeProviders } from '../support/fixtures.js';

const BASE = 'https://api.example.com/api';
const [provider] = makeProviders();
const buttonNamed = (el: IntegrationCardElement, label: RegExp) =>
  [...el.shadowRoot!.querySelectorAll<HTMLButtonElement>('button')].find((b) =>
    label.test(b.getAttribute('aria-label') ?? b.textContent!),
  )!;

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

  it('disables token actions for an integration that is not connected', async () => {
    const el = await fixture<IntegrationCardElement>(
      html`<integration-card .integration=${makeIntegration({ status: 'pending', tokenStatus: 'none', tokenExpiresAt: null })}></integration-card>`,
    );
    expect(buttonNamed(el, /^Refresh token/).disabled).to.equal(true);
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
    buttonNamed(el, /^Refresh token/).click();
    expect((await updated).detail.integration.tokenExpiresAt).to.equal(fresh.tokenExpiresAt);
    expect(requests[0]!.url.pathname).to.equal('/api/integrations/int-1/tokens/refresh');
    const region = document.querySelector('mwap-toast-region')!;
    await waitUntil(() => region.messages.some((m) => m.includes('Token refreshed')));
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
    buttonNamed(el, /^Test connection/).click();
    await waitUntil(() => document.querySelector('mwap-toast-region'), 'a toast region');
    const region = document.querySelector('mwap-toast-region')!;
    await waitUntil(() => region.messages.some((m) => m.includes('connection test failed (Token accepted)')), 'the failure toast');
    expect(region.messages.join(' ')).not.to.contain('connection works');
  });
});
