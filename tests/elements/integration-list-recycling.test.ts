/**
 * The list reuses card nodes as it scrolls: what follows an integration (its selection, its
 * running refresh, its inline error) must not stay with the node, the DOM order (what screen
 * readers and Tab follow) must stay the visual order, rows of unequal height must not jump, and a
 * scroll frame reads no layout.
 */
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../../src/elements/integration-list/define.js';
import type { IntegrationListElement } from '../../src/elements/integration-list/define.js';
import type { IntegrationCardElement } from '../../src/elements/integration-card/define.js';
import { createClient, type Integration, type IntegrationsClient } from '../../src/core/index.js';
import type { Me } from '../../src/core/permissions.js';
import { jsonResponse } from '../support/fake-fetch.js';
import { fakeServer, gate } from '../support/fake-server.js';
import { makeIntegrations } from '../support/fixtures.js';
import { inViewOf } from '../support/dom.js';
import { frames } from '../support/clock.js';

const BASE = 'https://api.example.com/api';
const OWNER: Me = {
  tenant: { id: 'acme' },
  user: { id: 'u-1' },
  role: 'owner',
  permissions: ['read', 'create', 'update', 'delete', 'connect', 'refresh', 'test'],
};

const cards = (el: IntegrationListElement) => [...el.shadowRoot!.querySelectorAll<IntegrationCardElement>('integration-card')];
const cardOf = (el: IntegrationListElement, id: string) => cards(el).find((card) => card.integration?.id === id);
const text = (card: IntegrationCardElement) => card.shadowRoot!.textContent!.replace(/\s+/g, ' ');
const button = (card: IntegrationCardElement, label: RegExp) =>
  [...card.shadowRoot!.querySelectorAll<HTMLButtonElement>('button')].find((b) => label.test(b.getAttribute('aria-label') ?? ''));

describe('<integration-list> recycled cards', function () {
  // Each test loads 300 items and scrolls through many places: WebKit on a virtual display draws few frames a second.
  this.timeout(60_000);
  let client: IntegrationsClient | undefined;
  afterEach(() => {
    client?.destroy();
    document.querySelector('mwap-toast-region')?.remove();
  });

  /** `items`, all loaded, in a 700 × 500 px scroller; the server may be stepped into. */
  async function listIn(items: Integration[], options: { view?: 'grid' | 'list'; width?: number } = {}) {
    const server = fakeServer(items, { me: OWNER });
    client = createClient({ apiBaseUrl: BASE, fetch: server.fetch, autoRefresh: false, retry: { attempts: 1 } });
    const box = await fixture<HTMLDivElement>(html`<div style="block-size: 500px; inline-size: ${options.width ?? 700}px; overflow: auto">
      <integration-list view=${options.view ?? 'grid'} page-size="100" .client=${client}></integration-list>
    </div>`);
    const el = box.querySelector('integration-list')!;
    await waitUntil(
      () => {
        box.scrollTop = box.scrollHeight;
        return el.items.length === items.length;
      },
      'every item loaded',
      { timeout: 8000 },
    );
    box.scrollTop = 0;
    await waitUntil(() => cardOf(el, items[0]!.id), 'back at the top', { timeout: 4000 });
    await waitUntil(() => cards(el).every((card) => card.shadowRoot?.querySelector('.actions button')), 'cards rendered');
    return { box, el, server };
  }

  /** Scrolls `box` to `top` and waits for the window to follow: a card in view whose place is under `top`. */
  async function scrollTo(el: IntegrationListElement, box: HTMLElement, top: number) {
    box.scrollTop = top;
    await waitUntil(() => inViewOf(cards(el), box).length > 0, `cards in view at ${top}`);
    await frames(3);
  }

  it('reuses its card nodes as it scrolls, each showing another integration, and keeps their number', async () => {
    const { box, el } = await listIn(makeIntegrations(300));
    await scrollTo(el, box, 2000);
    const before = new Set(cards(el));
    const shown = new Map(cards(el).map((card) => [card, card.integration!.id]));
    const firstShown = cards(el)[0]!.integration!.id;
    await scrollTo(el, box, 8000);
    await waitUntil(() => !cardOf(el, firstShown), 'the cards shown before scrolled away');
    const after = cards(el);
    expect(after.length).to.be.at.most(before.size + 3);
    const reused = after.filter((card) => before.has(card));
    expect(reused.length, 'the same nodes').to.be.at.least(before.size - 3);
    expect(
      reused.every((card) => card.integration!.id !== shown.get(card)),
      'each with another integration',
    ).to.equal(true);
  });

  for (const view of ['grid', 'list'] as const) {
    it(`keeps the DOM order (what screen readers read, and Tab follows) the visual order, scrolling down and up (${view} view)`, async () => {
      const { box, el } = await listIn(makeIntegrations(300), { view });
      const check = (where: string) => {
        const shown = cards(el);
        const boxes = shown.map((card) => card.getBoundingClientRect());
        shown.forEach((card, i) => {
          if (i === 0) return;
          const [a, b] = [boxes[i - 1]!, boxes[i]!];
          expect(Number(card.getAttribute('aria-posinset')), `${where}: consecutive places`).to.equal(
            Number(shown[i - 1]!.getAttribute('aria-posinset')) + 1,
          );
          expect(el.items[Number(card.getAttribute('aria-posinset')) - 1]!.id, `${where}: its own place`).to.equal(card.integration!.id);
          const later = b.top > a.top + 1 || (Math.abs(b.top - a.top) <= 1 && b.left > a.left);
          expect(later, `${where}: card ${i} is after card ${i - 1} on screen`).to.equal(true);
        });
      };
      for (let top = 0; top <= 6000; top += 700) {
        await scrollTo(el, box, top);
        check(`down at ${top}`);
      }
      for (let top = 6000; top >= 0; top -= 450) {
        await scrollTo(el, box, top);
        check(`up at ${top}`);
      }
    });
  }

  it('a running refresh and its inline error follow the integration, not the node that showed it', async () => {
    const { box, el, server } = await listIn(makeIntegrations(300));
    const held = gate();
    server.intercept(async (request) => {
      if (!request.url.pathname.endsWith('/int-1/tokens/refresh')) return undefined;
      await held.opened;
      return jsonResponse(502, { error: { code: 'token_exchange_failed', message: 'invalid_grant: refresh token revoked' } });
    });
    const a = cardOf(el, 'int-1')!;
    button(a, /^Refresh token/)!.click(); // not focused: its node may go back to the pool
    await waitUntil(() => text(a).includes('Refreshing…'), 'A is refreshing');

    await scrollTo(el, box, 3000);
    await waitUntil(() => a.isConnected && a.integration!.id !== 'int-1', 'A’s node shows another integration');
    await a.updateComplete;
    expect(text(a), 'B, on A’s node, is not refreshing').not.to.include('Refreshing…');
    expect(cards(el).some((card) => text(card).includes('Refreshing…'))).to.equal(false);

    await scrollTo(el, box, 0);
    await waitUntil(() => cardOf(el, 'int-1'), 'A back in view');
    await cardOf(el, 'int-1')!.updateComplete;
    expect(text(cardOf(el, 'int-1')!), 'A is still refreshing').to.include('Refreshing…');

    // It fails while A is scrolled away: the error is A's, shown on A only.
    await scrollTo(el, box, 3000);
    await waitUntil(() => !cardOf(el, 'int-1'), 'A scrolled away');
    held.open();
    await waitUntil(() => server.refreshRequests().length === 1, 'the refresh was answered');
    await frames(3);
    for (const card of cards(el)) await card.updateComplete;
    expect(cards(el).some((card) => text(card).includes('Could not refresh.'))).to.equal(false);
    await scrollTo(el, box, 0);
    await waitUntil(() => cardOf(el, 'int-1') && text(cardOf(el, 'int-1')!).includes('Could not refresh.'), 'A shows its error');
    expect(
      cards(el)
        .filter((card) => text(card).includes('Could not refresh.'))
        .map((card) => card.integration!.id),
    ).to.deep.equal(['int-1']);
  });

  it('a selection follows the integration across recycled nodes', async () => {
    const { box, el } = await listIn(makeIntegrations(300));
    await waitUntil(() => cardOf(el, 'int-2')?.shadowRoot!.querySelector('input.select'), 'selectable');
    cardOf(el, 'int-2')!.shadowRoot!.querySelector<HTMLInputElement>('input.select')!.click();
    expect(el.selectedIds).to.deep.equal(['int-2']);
    const node = cardOf(el, 'int-2')!;
    await scrollTo(el, box, 3000);
    await waitUntil(() => node.isConnected && node.integration!.id !== 'int-2', 'its node shows another integration');
    await node.updateComplete;
    expect(
      cards(el).filter((card) => card.selected || card.shadowRoot!.querySelector<HTMLInputElement>('input.select')!.checked),
    ).to.deep.equal([]);
    await scrollTo(el, box, 0);
    const again = cardOf(el, 'int-2')!;
    await again.updateComplete;
    expect(again.selected).to.equal(true);
    expect(again.shadowRoot!.querySelector<HTMLInputElement>('input.select')!.checked).to.equal(true);
  });

  it('keeps what is in view in place when a row above it grows (an inline error in a compact row)', async () => {
    const { box, el, server } = await listIn(makeIntegrations(300), { view: 'list' });
    server.intercept((request) =>
      request.url.pathname.endsWith('/tokens/refresh')
        ? jsonResponse(502, { error: { code: 'token_exchange_failed', message: 'invalid_grant: refresh token revoked' } })
        : undefined,
    );
    await scrollTo(el, box, 4000);
    const port = box.getBoundingClientRect();
    const first = inViewOf(cards(el), box)[0]!;
    const place = Number(first.getAttribute('aria-posinset'));
    const above = cards(el).find((card) => Number(card.getAttribute('aria-posinset')) === place - 1)!;
    expect(above.getBoundingClientRect().bottom, 'the row above is out of view').to.be.at.most(port.top + 1);
    const top = first.getBoundingClientRect().top;
    const height = above.getBoundingClientRect().height;
    button(above, /^Refresh token/)!.click();
    await waitUntil(() => above.getBoundingClientRect().height > height + 4, 'the row above grew');
    await frames(3);
    expect(first.integration!.id, 'the same card in view').to.equal(el.items[place - 1]!.id);
    expect(Math.abs(first.getBoundingClientRect().top - top), 'it did not move').to.be.below(1.5);
  });

  it('lays out rows of unequal height (200-character names in compact rows) without overlaps or gaps, both ways', async () => {
    const long = 'Nightly export of every invoice '.repeat(7).slice(0, 200);
    const items = makeIntegrations(300).map((item, i) => (i % 7 === 3 ? { ...item, name: long } : item));
    const { box, el } = await listIn(items, { view: 'list', width: 400 });
    const check = (where: string) => {
      const shown = cards(el).map((card) => card.getBoundingClientRect());
      const gaps = shown.slice(1).map((b, i) => b.top - shown[i]!.bottom);
      for (const gap of gaps) expect(gap, `${where}: the gap between rows`).to.be.within(gaps[0]! - 1, gaps[0]! + 1);
      expect(gaps[0]!, `${where}: no overlap`).to.be.at.least(0);
    };
    const heights = new Set(cards(el).map((card) => Math.round(card.getBoundingClientRect().height)));
    expect(heights.size, 'long names make taller rows').to.be.above(1);
    for (const top of [2500, 6000, 3000, 800]) {
      await scrollTo(el, box, top);
      check(`at ${top}`);
    }
    // Back to the very top: nothing in view above it to keep in place, so it stays there.
    await scrollTo(el, box, box.scrollHeight);
    await scrollTo(el, box, 0);
    expect(box.scrollTop).to.equal(0);
    expect(inViewOf(cards(el), box)[0]!.integration!.id).to.equal('int-1');
  });

  it('measures a short compact list inside a scroller without a ResizeObserver loop error', async () => {
    const errors: string[] = [];
    const onError = (event: ErrorEvent) => errors.push(event.message);
    window.addEventListener('error', onError);
    try {
      const { el } = await listIn(makeIntegrations(5), { view: 'list' });
      await frames(4);
      expect(cards(el)).to.have.length(5);
    } finally {
      window.removeEventListener('error', onError);
    }
    expect(errors).to.deep.equal([]);
  });

  it('gives phone-wide grid rows the taller phone height', async () => {
    const { el } = await listIn(makeIntegrations(40), { width: 360 });
    const shown = cards(el).map((card) => card.getBoundingClientRect());
    for (const rect of shown) expect(rect.height).to.equal(224);
    for (let i = 1; i < shown.length; i++) expect(shown[i]!.top - shown[i - 1]!.top).to.equal(224 + 12);
  });

  it('reads no layout and no computed style while it scrolls: rows are measured by a ResizeObserver', async () => {
    const { box, el } = await listIn(makeIntegrations(300));
    await scrollTo(el, box, 1000);
    const fromList = () => /src\/(elements\/integration-list|controllers)\//.test(new Error().stack ?? '');
    const reads: string[] = [];
    /** Records the calls made from the list's own modules and its controllers (the stack names them). */
    const watch = (target: object, name: string, getter = false) => {
      const descriptor = Object.getOwnPropertyDescriptor(target, name)!;
      const original = (getter ? descriptor.get : descriptor.value) as (...args: unknown[]) => unknown;
      const wrapped = function (this: unknown, ...args: unknown[]) {
        if (fromList()) reads.push(name);
        return original.apply(this, args);
      };
      Object.defineProperty(target, name, getter ? { ...descriptor, get: wrapped } : { ...descriptor, value: wrapped });
      return () => Object.defineProperty(target, name, descriptor);
    };
    const restore = [
      watch(window, 'getComputedStyle'),
      watch(Element.prototype, 'getBoundingClientRect'),
      watch(Element.prototype, 'getClientRects'),
      watch(HTMLElement.prototype, 'offsetHeight', true),
      watch(HTMLElement.prototype, 'offsetWidth', true),
      watch(HTMLElement.prototype, 'offsetTop', true),
      watch(Element.prototype, 'clientWidth', true),
    ];
    try {
      for (let step = 0; step < 20; step++) {
        box.scrollTop += step < 10 ? 150 : -150;
        await frames(1);
      }
      await frames(2);
    } finally {
      for (const undo of restore) undo();
    }
    expect(reads).to.deep.equal([]);
    expect(inViewOf(cards(el), box).length).to.be.above(0);
  });
});
