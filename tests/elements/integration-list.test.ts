import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { sendKeys, sendMouse } from '@web/test-runner-commands';
import '../../src/elements/integration-list/define.js';
import type { IntegrationListElement } from '../../src/elements/integration-list/define.js';
import type { IntegrationCardElement } from '../../src/elements/integration-card/define.js';
import { createClient, type IntegrationsClient } from '../../src/core/index.js';
import { makeIntegration, makeIntegrations } from '../support/fixtures.js';
import { BASE, cards, listApi, loadAll, loaded, scrollingToEndUntil } from '../support/list-api.js';
import { deepActiveElement, expectFocusOn, inViewOf } from '../support/dom.js';
import { frames, withFakeClock } from '../support/clock.js';
import { withoutIsolates } from '../support/bidi.js';

const cardsInView = (el: IntegrationListElement, port: Element) => inViewOf(cards(el), port);

/** Once rows are measured, the cards' box is as tall as every row, rendered or not: ten viewports and more here. */
const spansAll = (el: IntegrationListElement, port: Element) =>
  el.shadowRoot!.querySelector<HTMLElement>('.items')!.offsetHeight > 10 * port.clientHeight;
const button = (root: ParentNode, text: string) =>
  [...root.querySelectorAll<HTMLButtonElement>('button')].find((b) => b.textContent!.trim() === text);

async function mount(client: IntegrationsClient, extra = html``) {
  return fixture<IntegrationListElement>(html`<integration-list .client=${client}>${extra}</integration-list>`);
}

describe('<integration-list>', () => {
  let client: IntegrationsClient | undefined;

  /** A list of `count` integrations, all loaded (pages of the API's maximum, 100), in a 500 px high scrolling box. */
  async function listInScroller(count: number, view: 'grid' | 'list' = 'grid') {
    client = listApi(makeIntegrations(count)).client;
    const box = await fixture<HTMLDivElement>(html`<div style="block-size: 500px; inline-size: 700px; overflow: auto">
      <integration-list view=${view} page-size="100" .client=${client}></integration-list>
    </div>`);
    const el = box.querySelector('integration-list')!;
    await loaded(el);
    await loadAll(el, count, () => (box.scrollTop = box.scrollHeight));
    box.scrollTop = 0;
    await waitUntil(() => cardsInView(el, box).some((card) => card.integration?.id === 'int-1'), 'back at the top');
    return { box, el };
  }

  afterEach(() => client?.destroy());

  it('shows a loading skeleton, then cards with provider names, accessibly', async () => {
    const api = listApi(makeIntegrations(5));
    client = api.client;
    const el = await mount(client);
    expect(el.shadowRoot!.querySelector('[aria-busy="true"]')).to.exist;
    await expect(el).to.be.accessible();
    await loaded(el);
    expect(cards(el)).to.have.length(5);
    expect(el.shadowRoot!.querySelector('.summary')!.textContent).to.contain('Showing 5 of 5');
    await waitUntil(() => cards(el)[0]!.shadowRoot!.textContent!.includes('Dev Cloud'), 'provider name from the catalogue');
    await expect(el).to.be.accessible();
  });

  it('names its search landmark and list, so two lists on one page stay distinct to screen readers', async () => {
    const api = listApi(makeIntegrations(3));
    client = api.client;
    const page = await fixture<HTMLDivElement>(html`<div>
      <integration-list .client=${client}></integration-list>
      <integration-list label="Staging integrations" .client=${client}></integration-list>
    </div>`);
    const [first, second] = [...page.querySelectorAll('integration-list')];
    await loaded(first!);
    await loaded(second!);
    const names = (el: Element, selector: string) => withoutIsolates(el.shadowRoot!.querySelector(selector)!.getAttribute('aria-label')!);
    expect([names(first!, '[role="search"]'), names(first!, '[role="list"]')]).to.deep.equal(['Search integrations', 'Integrations']);
    expect([names(second!, '[role="search"]'), names(second!, '[role="list"]')]).to.deep.equal([
      'Search Staging integrations',
      'Staging integrations',
    ]);
    await expect(page).to.be.accessible();
  });

  it('asks for page-size items a page, and for 50 when page-size is not a positive number', async () => {
    for (const [attribute, expected] of [
      ['20', '20'],
      ['0', '50'],
      ['abc', '50'],
    ] as const) {
      const api = listApi(makeIntegrations(3));
      client = api.client;
      const el = await fixture<IntegrationListElement>(
        html`<integration-list page-size=${attribute} .client=${client}></integration-list>`,
      );
      await loaded(el);
      const lists = api.requests.filter((r) => r.method === 'GET' && r.url.pathname.endsWith('/integrations'));
      expect(lists[0]!.url.searchParams.get('limit'), `page-size="${attribute}"`).to.equal(expected);
      client.destroy();
    }
  });

  it('shows an empty state whose call to action asks the host to open the wizard', async () => {
    client = listApi([]).client;
    const el = await mount(client);
    await waitUntil(() => el.shadowRoot!.textContent!.includes('No integrations yet'));
    await expect(el).to.be.accessible();
    const event = oneEvent(el, 'integration-create-request');
    button(el.shadowRoot!, 'Add integration')!.click();
    expect((await event).type).to.equal('integration-create-request');
  });

  it('shows an error with Retry that recovers', async () => {
    const api = listApi(makeIntegrations(2), { failList: true });
    client = api.client;
    const el = await mount(client);
    await waitUntil(() => el.shadowRoot!.querySelector('[role="alert"]'), 'error shown');
    expect(el.shadowRoot!.textContent).to.contain('The server had a problem.');
    await expect(el).to.be.accessible();
    api.state.failList = false;
    button(el.shadowRoot!, 'Try again')!.click();
    await loaded(el);
    expect(cards(el)).to.have.length(2);
  });

  it('searches on the server after typing stops, and filters by status and provider', async () => {
    const api = listApi([...makeIntegrations(3), makeIntegration({ id: 'x', name: 'Billing export' })]);
    client = api.client;
    const el = await mount(client);
    await loaded(el);
    const search = el.shadowRoot!.querySelector<HTMLInputElement>('input[type="search"]')!;
    search.focus();
    await sendKeys({ type: 'bill' });
    const listCalls = () => api.requests.filter((r) => r.url.pathname.endsWith('/integrations'));
    expect(
      listCalls().some((r) => r.url.searchParams.get('q') === 'b'),
      'not per keystroke',
    ).to.equal(false);
    await waitUntil(() => cards(el).length === 1, 'search applied');
    expect(listCalls().at(-1)!.url.searchParams.get('q')).to.equal('bill');
    const [status, provider] = [...el.shadowRoot!.querySelectorAll('select')];
    status!.value = 'active';
    status!.dispatchEvent(new Event('change'));
    provider!.value = 'dev-cloud';
    provider!.dispatchEvent(new Event('change'));
    await waitUntil(() => listCalls().at(-1)!.url.searchParams.get('providerId') === 'dev-cloud');
    expect(listCalls().at(-1)!.url.searchParams.get('status')).to.equal('active');
  });

  for (const view of ['grid', 'list'] as const) {
    it(`renders the cards in view inside a scrolling container (${view} view), and the scrollbar spans the whole list`, async () => {
      const { box, el } = await listInScroller(300, view);
      const inView = () => cardsInView(el, box);
      const index = (card: IntegrationCardElement) => Number(card.integration!.id.slice(4));
      await waitUntil(() => spansAll(el, box), 'rows measured');
      expect(cards(el).length).to.be.below(60);
      const firstInView = index(inView()[0]!);
      expect(firstInView).to.equal(1);

      // Half way down: the cards under the viewport are there, and they are the middle of the list.
      box.scrollTop = box.scrollHeight / 2;
      await waitUntil(() => inView().length > 0 && index(inView()[0]!) > 100, 'middle cards in view');
      const middle = inView().map(index);
      expect(middle[0]).to.be.within(110, 190);
      expect(middle).to.deep.equal(middle.slice().sort((a, b) => a - b)); // in order, no gaps
      expect(middle.at(-1)! - middle[0]!).to.equal(middle.length - 1);

      await scrollingToEndUntil(
        () => (box.scrollTop = box.scrollHeight),
        () => inView().some((c) => index(c) === 300),
        'the last card in view',
      );
      box.scrollTop = 0;
      await waitUntil(() => inView().some((c) => index(c) === 1), 'the first card in view again');
      expect(cards(el).length).to.be.below(60);
    });
  }

  it('renders the cards in view inside a scroller in another shadow root', async () => {
    const api = listApi(makeIntegrations(100));
    client = api.client;
    const shell = await fixture<HTMLDivElement>(html`<div></div>`);
    const root = shell.attachShadow({ mode: 'open' });
    const main = document.createElement('main');
    main.style.cssText = 'display: block; block-size: 500px; inline-size: 700px; overflow: auto';
    const el = document.createElement('integration-list') as IntegrationListElement;
    el.client = client;
    el.pageSize = 100;
    main.append(el);
    root.append(main);
    await loaded(el);
    await waitUntil(() => el.items.length === 100, 'every item loaded');
    main.scrollTop = main.scrollHeight / 2;
    await waitUntil(() => cardsInView(el, main).length > 0, 'cards in view after scrolling the shadow-root scroller');
  });

  it('follows a scroller around the slot it is assigned to, and one it is moved into', async () => {
    const api = listApi(makeIntegrations(100));
    client = api.client;
    const shell = await fixture<HTMLDivElement>(html`<div></div>`);
    shell.attachShadow({ mode: 'open' }).innerHTML =
      '<div style="block-size: 500px; inline-size: 700px; overflow: auto"><slot></slot></div>';
    const scroller = shell.shadowRoot!.firstElementChild as HTMLElement;
    const el = document.createElement('integration-list') as IntegrationListElement;
    el.client = client;
    el.pageSize = 100;
    shell.append(el);
    await loaded(el);
    await waitUntil(() => el.items.length === 100, 'every item loaded');
    scroller.scrollTop = scroller.scrollHeight / 2;
    await waitUntil(() => cardsInView(el, scroller).length > 0, 'cards in view in the slot’s scroller');

    const other = await fixture<HTMLDivElement>(html`<div style="block-size: 400px; inline-size: 700px; overflow: auto"></div>`);
    other.append(el);
    await el.updateComplete;
    other.scrollTop = other.scrollHeight / 3;
    await waitUntil(() => cardsInView(el, other).length > 0, 'cards in view after moving to another scroller');
  });

  it('keeps windowing in the list view with small pages, and after switching views in one column', async () => {
    const api = listApi(makeIntegrations(200));
    client = api.client;
    const box = await fixture<HTMLDivElement>(html`<div style="block-size: 500px; inline-size: 400px; overflow: auto">
      <integration-list page-size="10" .client=${client}></integration-list>
    </div>`);
    const el = box.querySelector('integration-list')!;
    await loaded(el);
    el.view = 'list';
    await loadAll(el, 200, () => (box.scrollTop = box.scrollHeight));
    expect(el.items).to.have.length(200);
    await waitUntil(() => cards(el).length < 60, 'a window of cards, not all of them');
    box.scrollTop = box.scrollHeight / 2;
    const covered = () => {
      const port = box.getBoundingClientRect();
      const visible = cardsInView(el, box);
      return (
        visible.length > 0 &&
        visible[0]!.getBoundingClientRect().top <= port.top + 1 &&
        visible.at(-1)!.getBoundingClientRect().bottom >= port.bottom - 1
      );
    };
    await waitUntil(covered, 'the viewport is covered with rows from top to bottom');
    el.view = 'grid';
    await waitUntil(covered, 'still covered in the grid view');
  });

  it('goes on loading pages at the end of the list after a background refetch', async () => {
    let hold: Promise<void> | undefined;
    const api = listApi(makeIntegrations(200), { holdList: () => hold });
    client = api.client;
    const el = await fixture<IntegrationListElement>(html`<integration-list page-size="50" .client=${client}></integration-list>`);
    await loaded(el);
    const listCalls = () => api.requests.filter((r) => r.method === 'GET' && r.url.pathname.endsWith('/integrations'));
    // A slow refetch, held until the list has scrolled to the end while it runs.
    let release!: () => void;
    hold = new Promise((resolve) => (release = resolve));
    void client.invalidate().catch(() => undefined);
    await waitUntil(() => listCalls().length === 2, 'the refetch is on its way');
    hold = undefined;
    window.scrollTo(0, document.documentElement.scrollHeight);
    await frames(); // the list handles the scroll, and asks for more, during the refetch
    expect(listCalls(), 'no next page during the refetch').to.have.length(2);
    release();
    await waitUntil(() => el.items.length > 50, 'the next page after the refetch', { timeout: 4000 });
    window.scrollTo(0, 0);
  });

  it('keeps the card holding keyboard focus while it scrolls a little out of view', async () => {
    const { box, el } = await listInScroller(300);
    const first = cards(el)[0]!;
    const manage = first.shadowRoot!.querySelector<HTMLButtonElement>('button:last-of-type')!;
    manage.focus();
    expectFocusOn(manage);
    // WebKit scrolls a newly focused element into view at the next layout: let that happen first.
    await frames();
    box.scrollTop = 1500; // seven rows down: the first row is far out of view
    await waitUntil(() => cardsInView(el, box).some((c) => c !== first), 'cards in view');
    // Ids, not elements: a failure message then stays small enough for every engine to report.
    expect(cardsInView(el, box).map((card) => card.integration?.id)).not.to.include('int-1');
    await frames(); // what the scroll's frame asked for has run too
    expect(first.isConnected).to.equal(true);
    expectFocusOn(manage);
  });

  it('keeps the focused card, with its integration, however far it scrolls; Tab goes on to the cards in view', async () => {
    const { box, el } = await listInScroller(300);
    const first = cards(el)[0]!;
    const manage = first.shadowRoot!.querySelector<HTMLButtonElement>('.actions button:last-child')!; // the card's last stop
    manage.focus();
    await waitUntil(() => box.scrollHeight > 20 * box.clientHeight, 'the rows not rendered are not rendered');
    // A hundred rows down: the window's nodes are all reused, but not the focused one.
    await scrollingToEndUntil(
      () => (box.scrollTop = box.scrollHeight),
      () => cardsInView(el, box).some((c) => c.integration?.id === 'int-300'),
      'the last card in view',
    );
    await frames();
    expect(first.isConnected).to.equal(true);
    expect(first.integration!.id).to.equal('int-1');
    expect(cards(el)[0], 'first in reading order, where it is on screen').to.equal(first);
    expectFocusOn(manage);
    const next = cards(el)[1]!;
    await sendKeys({ press: 'Tab' });
    expect(Number(next.getAttribute('aria-posinset'))).to.be.above(250);
    expect(next.shadowRoot!.contains(deepActiveElement()), 'Tab goes to the first card after it in the DOM: one in view').to.equal(true);
  });

  it('hands focus to the list, not to <body>, when the focused card’s integration is no longer listed', async () => {
    const api = listApi(makeIntegrations(5));
    client = api.client;
    const el = await mount(client);
    await loaded(el);
    cards(el)[0]!.shadowRoot!.querySelector<HTMLButtonElement>('button:last-of-type')!.focus();
    api.state.all = api.state.all.slice(1); // deleted elsewhere
    await el.refresh();
    await waitUntil(() => !cards(el).some((card) => card.integration?.id === 'int-1'), 'int-1 gone');
    const items = el.shadowRoot!.querySelector<HTMLElement>('.items')!;
    expectFocusOn(items);
    expect(items.getAttribute('role')).to.equal('list');
  });

  it('renders whole rows when the list starts below the fold, and its height fits its rows', async () => {
    const api = listApi(makeIntegrations(100));
    client = api.client;
    const page = await fixture<HTMLDivElement>(html`<div style="inline-size: 1000px">
      <div style="block-size: 3000px"></div>
      <integration-list page-size="100" .client=${client}></integration-list>
    </div>`);
    const el = page.querySelector('integration-list')!;
    await loaded(el);
    await waitUntil(() => el.items.length === 100, 'every item loaded');
    const items = el.shadowRoot!.querySelector<HTMLElement>('.items')!;
    const top = (card: Element) => card.getBoundingClientRect().top;
    await waitUntil(() => cards(el).length > 8, 'more than one row');
    const columns = cards(el).filter((card) => top(card) === top(cards(el)[0]!)).length;
    expect(columns, 'three 300 px columns in 1000 px').to.equal(3);
    const rowSize = top(cards(el)[columns]!) - top(cards(el)[0]!);
    const expected = Math.ceil(100 / columns) * rowSize;
    await waitUntil(() => Math.abs(items.getBoundingClientRect().height - expected) < rowSize, `the list is about ${expected}px tall`);
  });

  it('fits cards into a container narrower than a card (a phone)', async () => {
    const api = listApi(makeIntegrations(3));
    client = api.client;
    const box = await fixture<HTMLDivElement>(
      html`<div style="inline-size: 240px"><integration-list .client=${client}></integration-list></div>`,
    );
    const el = box.querySelector('integration-list')!;
    await loaded(el);
    const items = el.shadowRoot!.querySelector<HTMLElement>('.items')!.getBoundingClientRect();
    for (const card of cards(el)) expect(card.getBoundingClientRect().right).to.be.at.most(items.right + 0.5);
  });

  it('does not retry a failed next page in a loop; "Try again" does', async () => {
    const api = listApi(makeIntegrations(120), { failFromCursor: 50 });
    client = api.client;
    const el = await fixture<IntegrationListElement>(html`<integration-list page-size="50" .client=${client}></integration-list>`);
    await loaded(el);
    const listCalls = () => api.requests.filter((r) => r.url.pathname.endsWith('/integrations'));
    await scrollingToEndUntil(
      () => window.scrollTo(0, document.documentElement.scrollHeight),
      () => el.shadowRoot!.textContent!.includes('Could not load more.'),
      'the failure is shown',
    );
    // No retry on a timer (the fake clock runs a minute of them), nor when the end scrolls into view again.
    await withFakeClock(async (clock) => {
      await clock.tickAsync(60_000);
      window.scrollTo(0, 0);
      await frames();
      window.scrollTo(0, document.documentElement.scrollHeight);
      await frames();
      await clock.tickAsync(60_000);
    });
    expect(listCalls()).to.have.length(2);
    button(el.shadowRoot!, 'Try again')!.click();
    await waitUntil(() => listCalls().length === 3, 'one more attempt');
    window.scrollTo(0, 0);
  });

  it('selects by click and shift-click range, and bulk deletes after a confirmation naming them', async () => {
    const api = listApi(makeIntegrations(6));
    client = api.client;
    const el = await mount(client);
    await loaded(el);
    const box = (i: number) => cards(el)[i]!.shadowRoot!.querySelector<HTMLInputElement>('input[type="checkbox"]')!;
    box(1).click();
    box(4).dispatchEvent(new MouseEvent('click', { shiftKey: true, bubbles: true, composed: true }));
    expect(el.selectedIds).to.deep.equal(['int-2', 'int-3', 'int-4', 'int-5']);
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('.bulk-bar')!.textContent).to.contain('4 selected');
    await expect(el).to.be.accessible();
    button(el.shadowRoot!, 'Delete')!.click();
    const dialog = el.shadowRoot!.querySelector('mwap-confirm-dialog')!;
    await waitUntil(() => dialog.open, 'dialog open');
    expect(dialog.getAttribute('heading')).to.equal('Delete 4 integrations?');
    expect(dialog.textContent).to.contain('Integration 00003');
    button(dialog.shadowRoot!, 'Delete')!.click();
    await waitUntil(() => el.shadowRoot!.querySelector('.results'), 'results shown');
    expect(api.requests.filter((r) => r.method === 'DELETE')).to.have.length(4);
    await waitUntil(() => cards(el).length === 2, 'deleted cards gone');
  });

  it('keyboard only: select three cards and bulk-refresh them; failures are listed and can be retried', async () => {
    const api = listApi(makeIntegrations(5), { failRefreshFor: ['int-3'] });
    client = api.client;
    const el = await mount(client);
    await loaded(el);
    const box = (i: number) => cards(el)[i]!.shadowRoot!.querySelector<HTMLInputElement>('input[type="checkbox"]')!;
    box(0).focus();
    await sendKeys({ press: 'Space' });
    for (const target of [1, 2]) {
      while (cards(el)[target]!.shadowRoot!.activeElement !== box(target)) await sendKeys({ press: 'Tab' });
      await sendKeys({ press: 'Space' });
    }
    expect(el.selectedIds).to.deep.equal(['int-1', 'int-2', 'int-3']);
    await el.updateComplete;
    button(el.shadowRoot!, 'Refresh tokens')!.focus();
    await sendKeys({ press: 'Enter' });
    const dialog = el.shadowRoot!.querySelector('mwap-confirm-dialog')!;
    await waitUntil(() => dialog.open, 'dialog open');
    await sendKeys({ press: 'Enter' }); // the confirm button has focus in a non-destructive dialog
    await waitUntil(() => el.shadowRoot!.querySelector('.results'), 'results shown');
    const refreshes = api.requests.filter((r) => r.url.pathname.endsWith('/tokens/refresh'));
    expect(refreshes.map((r) => r.url.pathname.split('/')[3])).to.have.members(['int-1', 'int-2', 'int-3']);
    const results = el.shadowRoot!.querySelector('.results')!;
    expect(results.textContent).to.contain('2 of 3 succeeded');
    expect(results.querySelector('.failed')!.textContent).to.contain('Integration 00003: The provider’s sign-in could not be completed.');
    expect(el.selectedIds, 'the failed ones stay selected').to.deep.equal(['int-3']);
    await expect(el).to.be.accessible();
    button(results, 'Retry 1 failed')!.click();
    await waitUntil(() => api.requests.filter((r) => r.url.pathname.endsWith('/tokens/refresh')).length === 4, 'retried');
  });

  it('keeps bulk work to the configured concurrency', async () => {
    let inFlight = 0;
    let peak = 0;
    const api = listApi(makeIntegrations(12));
    const slowFetch: typeof globalThis.fetch = async (input, init) => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      await new Promise((r) => setTimeout(r, 20));
      try {
        return await api.client.config.fetch(input, init);
      } finally {
        inFlight--;
      }
    };
    client = createClient({ apiBaseUrl: BASE, fetch: slowFetch, autoRefresh: false });
    const el = await fixture<IntegrationListElement>(html`<integration-list bulk-concurrency="3" .client=${client}></integration-list>`);
    await loaded(el);
    el.select(el.items.map((i) => i.id));
    peak = 0;
    await el.updateComplete;
    button(el.shadowRoot!, 'Refresh tokens')!.click();
    const dialog = el.shadowRoot!.querySelector('mwap-confirm-dialog')!;
    await waitUntil(() => dialog.open);
    button(dialog.shadowRoot!, 'Refresh tokens')!.click();
    await waitUntil(() => el.shadowRoot!.querySelector('.results'), 'done', { timeout: 5000 });
    expect(peak).to.equal(3);
  });

  it('keeps a card’s failure while more pages load, and drops it once the integration is no longer listed', async () => {
    const api = listApi(makeIntegrations(150), { failRefreshFor: ['int-1'] });
    client = api.client;
    const box = await fixture<HTMLDivElement>(html`<div style="block-size: 500px; inline-size: 700px; overflow: auto">
      <integration-list page-size="100" .client=${client}></integration-list>
    </div>`);
    const el = box.querySelector('integration-list')!;
    await loaded(el);
    const first = () => cards(el).find((card) => card.integration?.id === 'int-1');
    const failureShown = () => Boolean(first()?.shadowRoot!.querySelector('[role="alert"]'));
    first()!.shadowRoot!.querySelector<HTMLButtonElement>('button[aria-label^="Refresh token of"]')!.click();
    await waitUntil(failureShown, 'the failed refresh shown on the card');
    await loadAll(el, 150, () => (box.scrollTop = box.scrollHeight));
    box.scrollTop = 0;
    await waitUntil(() => first() !== undefined, 'back at the top');
    expect(failureShown(), 'kept while a page was added').to.equal(true);

    const search = el.shadowRoot!.querySelector<HTMLInputElement>('input[type="search"]')!;
    search.value = 'Integration 00002';
    search.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
    await waitUntil(() => cards(el).length === 1 && first() === undefined, 'int-1 filtered out', { timeout: 4000 });
    search.value = '';
    search.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
    await waitUntil(() => first() !== undefined, 'int-1 listed again', { timeout: 4000 });
    await el.updateComplete;
    expect(failureShown(), 'its failure went when it left the list').to.equal(false);
  });

  it('lets the host navigate on integration-select', async () => {
    client = listApi(makeIntegrations(2)).client;
    const el = await mount(client);
    await loaded(el);
    const event = oneEvent(el, 'integration-select');
    const manage = cards(el)[1]!.shadowRoot!.querySelector<HTMLButtonElement>('.actions button:last-child')!;
    const box = manage.getBoundingClientRect();
    await sendMouse({ type: 'click', position: [Math.round(box.x + box.width / 2), Math.round(box.y + box.height / 2)] });
    expect((await event).detail.integration.id).to.equal('int-2');
  });
});
