import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../../src/elements/token-status-badge/define.js';
import '../../src/elements/integration-list/define.js';
import type { IntegrationListElement } from '../../src/elements/integration-list/define.js';
import type { TokenStatusBadgeElement } from '../../src/elements/token-status-badge/define.js';
import type { IntegrationCardElement } from '../../src/elements/integration-card/define.js';
import { getLocale, setLocale } from '../../src/localization.js';
// The script tag's translation loader, as the IIFE build swaps it in (vite.config.ts).
import { loadLocaleModule } from '../../src/locale-loader.script.js';
import { createClient } from '../../src/core/index.js';
import { fakeFetch, jsonResponse } from '../support/fake-fetch.js';
import { makeIntegration, makeIntegrations, makeProviders } from '../support/fixtures.js';

describe('localisation and right-to-left', () => {
  afterEach(() => setLocale('en'));

  it('switches every rendered string at run time, and back', async () => {
    const badge = await fixture<TokenStatusBadgeElement>(html`<token-status-badge .integration=${makeIntegration()}></token-status-badge>`);
    expect(badge.shadowRoot!.textContent).to.contain('Token valid');
    await setLocale('de');
    expect(getLocale()).to.equal('de');
    await badge.updateComplete;
    expect(badge.shadowRoot!.textContent).to.contain('Token gültig');
    await setLocale('en');
    await badge.updateComplete;
    expect(badge.shadowRoot!.textContent).to.contain('Token valid');
  });

  it('renders the list in German and right-to-left, accessibly', async () => {
    await setLocale('de');
    const { fetch } = fakeFetch((req) =>
      jsonResponse(200, req.url.pathname.endsWith('cloud-providers') ? [] : { items: [], nextCursor: null, total: 0 }),
    );
    const client = createClient({ apiBaseUrl: 'https://api.example.com/api', fetch, autoRefresh: false });
    const wrapper = await fixture<HTMLDivElement>(
      html`<div dir="rtl" lang="de"><integration-list .client=${client}></integration-list></div>`,
    );
    const list = wrapper.querySelector<IntegrationListElement>('integration-list')!;
    await waitUntil(() => list.shadowRoot!.textContent!.includes('Noch keine Integrationen'), 'German empty state');
    expect(list.shadowRoot!.textContent).to.contain('Suchen');
    // Logical properties: the toolbar starts at the right edge in RTL, the next field to its left.
    // (Not the last control: at some widths it wraps to the start of a row, the right edge too.)
    const toolbar = list.shadowRoot!.querySelector('.toolbar')!;
    const first = toolbar.children[0]!.getBoundingClientRect();
    const second = toolbar.children[1]!.getBoundingClientRect();
    expect(first.right).to.be.closeTo(toolbar.getBoundingClientRect().right, 1);
    expect(first.right).to.be.greaterThan(second.right);
    await expect(list).to.be.accessible();
    client.destroy();
  });

  it('lays the card grid out from the right in right-to-left, every column in view', async () => {
    const { fetch } = fakeFetch((req) =>
      jsonResponse(
        200,
        req.url.pathname.endsWith('cloud-providers') ? makeProviders() : { items: makeIntegrations(6), nextCursor: null, total: 6 },
      ),
    );
    const client = createClient({ apiBaseUrl: 'https://api.example.com/api', fetch, autoRefresh: false });
    const wrapper = await fixture<HTMLDivElement>(
      html`<div dir="rtl" style="inline-size: 960px"><integration-list .client=${client}></integration-list></div>`,
    );
    const list = wrapper.querySelector<IntegrationListElement>('integration-list')!;
    await waitUntil(() => list.shadowRoot!.querySelectorAll('integration-card').length === 6, 'six cards');
    const elements = [...list.shadowRoot!.querySelectorAll<IntegrationCardElement>('integration-card')];
    await Promise.all(elements.map((card) => card.updateComplete)); // each card has rendered its article
    const box = wrapper.getBoundingClientRect();
    const cards = elements.map((card) => card.shadowRoot!.querySelector('article')!.getBoundingClientRect());
    for (const card of cards) {
      expect(card.left, 'inside the list').to.be.at.least(box.left - 1);
      expect(card.right, 'inside the list').to.be.at.most(box.right + 1);
    }
    // The first card of a row is the rightmost one.
    const firstRow = cards.filter((card) => Math.abs(card.top - cards[0]!.top) < 2);
    expect(firstRow.length, 'several columns').to.be.greaterThan(1);
    expect(firstRow[0]!.right).to.be.greaterThan(firstRow[1]!.right);
    expect(Math.abs(firstRow[0]!.right - box.right), 'starts at the right edge').to.be.below(40);
    client.destroy();
  });
});

describe('script-tag translations', () => {
  it('fail with an error naming the file and where it was looked for, when it is not beside the script', async () => {
    const failure = await loadLocaleModule('de').then(
      () => undefined,
      (error: unknown) => error as Error,
    );
    expect(failure).to.be.instanceOf(Error);
    expect(failure!.message).to.contain('Could not load the "de" translation');
    expect(failure!.message).to.contain(new URL('mwap-integrations.de.js', document.baseURI).href);
  });
});
