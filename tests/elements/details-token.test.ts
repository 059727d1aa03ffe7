/**
 * The token tab of <integration-details> in the states the basic walk does not reach: a disabled
 * (paused) integration, scopes in the provider's words, an integration never connected, and
 * numbers in the locale's grouping.
 */
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../../src/elements/integration-details/define.js';
import type { IntegrationDetailsElement } from '../../src/elements/integration-details/define.js';
import { IntegrationError } from '../../src/core/index.js';
import type { Integration } from '../../src/core/types.js';
import type { TokenStatusBadgeElement } from '../../src/elements/token-status-badge/define.js';
import { TOKEN_PANEL_TAG } from '../../src/internal/tags.js';
import {
  allInShadow,
  detailsApi,
  inShadow,
  removeToasts,
  toastMessages,
  makeHealth,
  waitForShadow,
  type DetailsApi,
} from './integration-details.fake-api.js';
import { withoutIsolates } from '../support/bidi.js';

let api: DetailsApi;

const text = (node: Element | ShadowRoot | null | undefined) => (node?.textContent ?? '').replace(/\s+/g, ' ').trim();
const inMs = (ms: number) => new Date(Date.now() + ms).toISOString();

afterEach(() => {
  api.client.destroy();
  removeToasts();
});

async function tokenPanel(): Promise<{ el: IntegrationDetailsElement; panel: HTMLElement }> {
  const el = await fixture<IntegrationDetailsElement>(
    html`<integration-details integration-id="int-1" .client=${api.client}></integration-details>`,
  );
  const panel = await waitForShadow(el, `#panel-token > ${TOKEN_PANEL_TAG}`);
  await waitUntil(
    () => panel.shadowRoot!.querySelector('dl.facts') && !panel.shadowRoot!.querySelector('dl.facts .skeleton'),
    'the token report',
  );
  await (panel as unknown as { updateComplete: Promise<unknown> }).updateComplete;
  return { el, panel };
}

describe('<integration-details> token tab: paused', () => {
  it('a disabled integration shows Paused, no countdown, and Refresh only as an explicit "Refresh anyway"', async () => {
    api = detailsApi({ status: 'disabled', tokenExpiresAt: inMs(50 * 60_000) });
    const { panel } = await tokenPanel();
    const badge = inShadow<TokenStatusBadgeElement>(panel, 'token-status-badge');
    expect(badge.state).to.equal('paused');
    expect(text(badge.shadowRoot!.querySelector('.badge'))).to.equal('Paused: integration disabled');
    const expires = text(inShadow(panel, 'dl.facts > div:first-child dd'));
    expect(expires).to.match(/^Paused · /);
    expect(expires, 'no countdown').not.to.match(/\bin \d|ago/);
    expect(text(panel.shadowRoot)).to.contain('The token is not refreshed while the integration is disabled.');
    expect(panel.shadowRoot!.querySelector('button.primary'), 'nothing suggested').to.equal(null);
    expect(text(inShadow(panel, 'button.refresh'))).to.equal('Refresh anyway');
    await expect(panel).to.be.accessible();
  });

  it('a paused integration with an expired token is not offered Reconnect', async () => {
    api = detailsApi({ status: 'disabled', tokenStatus: 'expired', tokenExpiresAt: inMs(-60 * 60_000) });
    const { panel } = await tokenPanel();
    expect(inShadow<TokenStatusBadgeElement>(panel, 'token-status-badge').state).to.equal('paused');
    expect(panel.shadowRoot!.querySelector('button.reconnect')).to.equal(null);
    expect(text(inShadow(panel, 'dl.facts > div:first-child dd'))).not.to.contain('ago');
  });
});

describe('<integration-details> token tab: scopes', () => {
  it("shows each scope in the provider's words with its id secondary, and the id alone without words", async () => {
    api = detailsApi();
    api.server.providers[0]!.scopeDescriptions = { openid: 'Confirm who you are.', 'storage.read': 'Read the files in your buckets.' };
    const { panel } = await tokenPanel();
    await waitUntil(() => allInShadow(panel, '.scope-description').length === 2, 'descriptions from the catalogue');
    const scopes = allInShadow(panel, 'li.scope').map((li) => ({
      description: li.querySelector('.scope-description')?.textContent ?? null,
      id: li.querySelector('code')?.textContent ?? null,
    }));
    expect(scopes).to.deep.equal([
      { description: 'Confirm who you are.', id: 'openid' },
      { description: null, id: 'offline_access' },
      { description: 'Read the files in your buckets.', id: 'storage.read' },
    ]);
    const id = inShadow(panel, 'li.scope code');
    const description = inShadow(panel, 'li.scope .scope-description');
    expect(parseFloat(getComputedStyle(id).fontSize), 'the id is smaller').to.be.below(parseFloat(getComputedStyle(description).fontSize));
    expect(getComputedStyle(id).color, 'and muted').not.to.equal(getComputedStyle(description).color);
  });
});

describe('<integration-details> token tab: never connected', () => {
  it('says "Could not connect" (not "reconnect") when the first sign-in fails', async () => {
    api = detailsApi({ status: 'pending', tokenStatus: 'none', tokenExpiresAt: null });
    api.server.health = { ...api.server.health, tokenStatus: 'none', expiresAt: null, refreshHistory: [], scopes: [] };
    api.client.connect = () => Promise.reject(new IntegrationError('connection_failed', 'The provider refused the connection.'));
    const { panel } = await tokenPanel();
    const connect = inShadow(panel, 'button.reconnect');
    expect(text(connect)).to.equal('Connect');
    connect.click();
    await waitUntil(() => toastMessages().length > 0, 'the failure is said');
    expect(toastMessages()[0]).to.match(/^Could not connect: /);
  });

  it('says "Connected" when the first sign-in succeeds, "Reconnected" after that', async () => {
    api = detailsApi({ status: 'pending', tokenStatus: 'none', tokenExpiresAt: null });
    const connected: Integration = { ...api.server.integration, status: 'active', tokenStatus: 'valid', tokenExpiresAt: inMs(3_600_000) };
    api.client.connect = () => {
      api.client.storeIntegration(connected);
      return Promise.resolve(connected);
    };
    const { panel } = await tokenPanel();
    inShadow(panel, 'button.reconnect').click();
    await waitUntil(() => toastMessages().length > 0);
    expect(toastMessages().map(withoutIsolates)).to.include('Connected “Production storage”.');
  });
});

describe('<integration-details> token tab: numbers', () => {
  it("counts failed refreshes in the locale's digits and grouping", async () => {
    api = detailsApi();
    api.server.health = { ...api.server.health, failureCount: 12_345 };
    const { panel } = await tokenPanel();
    expect(text(inShadow(panel, 'dl.facts'))).to.contain('Failed refreshes 12,345');
  });
});

describe('<integration-details> token tab: a refresh made elsewhere', () => {
  it('a poll that brings a new expiry reloads the report, so Last refresh and the history tell of it', async () => {
    api = detailsApi({ tokenExpiresAt: inMs(10 * 60_000) });
    const { panel } = await tokenPanel();
    const reports = api.count('GET', /tokens\/health$/);
    const refreshedAt = new Date(Date.now() - 1_000).toISOString();
    api.server.health = makeHealth({
      lastRefreshAt: refreshedAt,
      refreshHistory: [{ at: refreshedAt, ok: true }, ...api.server.health.refreshHistory],
    });
    api.changeElsewhere({ tokenExpiresAt: inMs(60 * 60_000) });
    // What an interval refetch does: the integration read again, nothing else.
    await api.client.cache.invalidate(api.client.queries.integration('int-1').queryKey);
    await waitUntil(() => api.count('GET', /tokens\/health$/) > reports, 'the report loaded again');
    await waitUntil(() => allInShadow(panel, '.history tbody tr').length === 3, 'the new refresh in the history');
    expect(api.count('GET', /tokens\/health$/)).to.equal(reports + 1);
  });

  it('a failed refresh the server made shows the provider’s words, as one this tab made would', async () => {
    api = detailsApi({ status: 'error', tokenStatus: 'error', tokenExpiresAt: inMs(-60_000) });
    api.server.health = makeHealth({
      tokenStatus: 'error',
      refreshHistory: [
        { at: inMs(-5_000), ok: false, error: 'invalid_grant: grant request is invalid' },
        { at: inMs(-60 * 60_000), ok: true },
      ],
    });
    const { panel } = await tokenPanel();
    expect(withoutIsolates(text(inShadow(panel, '.notice.danger')))).to.equal(
      'The last refresh failed: invalid_grant: grant request is invalid',
    );
  });

  it('an older failure that a later refresh made good is history, not a notice', async () => {
    api = detailsApi();
    const { panel } = await tokenPanel();
    expect(allInShadow(panel, '.history tbody tr').length, 'the old failure is listed').to.equal(2);
    expect(panel.shadowRoot!.querySelector('.notice.danger')).to.equal(null);
  });
});
