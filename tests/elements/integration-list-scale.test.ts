/**
 * The list at scale: ten thousand integrations through a hundred pages. A test of windowing and
 * paging, not of input, so it runs in Chromium only (scripts/test-browsers.mjs): WebKit on a
 * virtual display draws about a frame a second here and would spend minutes on the pages alone.
 * The windowing itself runs in every engine in integration-list.test.ts.
 */
import { expect, fixture, html } from '@open-wc/testing';
import '../../src/elements/integration-list/define.js';
import type { IntegrationListElement } from '../../src/elements/integration-list/define.js';
import type { IntegrationsClient } from '../../src/core/index.js';
import { makeIntegrations } from '../support/fixtures.js';
import { cards, listApi, loadAll, loaded, scrollingToEndUntil } from '../support/list-api.js';

describe('<integration-list> at scale', () => {
  let client: IntegrationsClient | undefined;
  afterEach(() => client?.destroy());

  it('renders 10,000 integrations with fewer than 100 cards in the DOM and scrolls to the end', async function () {
    // A hundred pages (the API's maximum is 100 a page), each after a frame.
    this.timeout(90_000);
    const api = listApi(makeIntegrations(10_000));
    client = api.client;
    const el = await fixture<IntegrationListElement>(html`<integration-list page-size="500" .client=${client}></integration-list>`);
    await loaded(el);
    await loadAll(el, 10_000, () => window.scrollTo(0, document.documentElement.scrollHeight));
    expect(el.items).to.have.length(10_000);
    await scrollingToEndUntil(
      () => window.scrollTo(0, document.documentElement.scrollHeight),
      () => cards(el).some((c) => c.integration?.id === 'int-10000'),
      'the last card is rendered',
    );
    expect(cards(el).length).to.be.below(100);
    window.scrollTo(0, 0);
  });
});
