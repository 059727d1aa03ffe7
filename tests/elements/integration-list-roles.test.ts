/**
 * The list as members, viewers and read-only hosts meet it, and with real text: what the caller may
 * not do is not offered (with the reason, once), headings sit under the host's, the window says
 * where each card is in the whole list, and long names never widen the page.
 */
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../../src/elements/integration-list/define.js';
import type { IntegrationListElement } from '../../src/elements/integration-list/define.js';
import type { IntegrationCardElement } from '../../src/elements/integration-card/define.js';
import { createClient, type IntegrationsClient } from '../../src/core/index.js';
import type { Me } from '../../src/core/permissions.js';
import { jsonResponse } from '../support/fake-fetch.js';
import { fakeServer } from '../support/fake-server.js';
import { makeIntegration, makeIntegrations, makeProviders } from '../support/fixtures.js';

const BASE = 'https://api.example.com/api';
const me = (role: string, permissions: string[]): Me => ({ tenant: { id: 'acme' }, user: { id: 'u-1' }, role, permissions });
const OWNER = me('owner', ['read', 'create', 'update', 'delete', 'connect', 'refresh', 'test']);
const MEMBER = me('member', ['read', 'refresh', 'test']);

const cards = (el: IntegrationListElement) => [...el.shadowRoot!.querySelectorAll<IntegrationCardElement>('integration-card')];
const buttons = (root: ParentNode) => [...root.querySelectorAll('button')].map((b) => b.textContent!.trim());
const text = (el: Element) => el.shadowRoot!.textContent!.replace(/\s+/g, ' ');

describe('<integration-list> roles and real text', () => {
  let client: IntegrationsClient | undefined;
  afterEach(() => client?.destroy());

  async function mount(items = makeIntegrations(3), options: { me?: Me; readonly?: boolean; headingLevel?: number; width?: number } = {}) {
    const server = fakeServer(items, options.me ? { me: options.me } : {});
    client = createClient({ apiBaseUrl: BASE, fetch: server.fetch, autoRefresh: false, retry: { attempts: 1 } });
    const box = await fixture<HTMLDivElement>(html`<div style="inline-size: ${options.width ?? 800}px">
      <integration-list .client=${client} ?readonly=${options.readonly ?? false} heading-level=${options.headingLevel ?? 3}></integration-list>
    </div>`);
    const el = box.querySelector('integration-list')!;
    await el.updateComplete;
    return { el, box, server };
  }

  const permissionsKnown = (el: IntegrationListElement) =>
    waitUntil(() => cards(el).length > 0 && cards(el).every((card) => card.shadowRoot?.querySelector('.actions')), 'cards rendered');

  it('an owner can select cards and gets every bulk action', async () => {
    const { el } = await mount(makeIntegrations(3), { me: OWNER });
    await permissionsKnown(el);
    await waitUntil(() => cards(el)[0]!.selectable, 'selectable once /me says owner');
    cards(el)[0]!.shadowRoot!.querySelector<HTMLInputElement>('input.select')!.click();
    await waitUntil(() => el.shadowRoot!.querySelector('.bulk-bar'));
    expect(buttons(el.shadowRoot!.querySelector('.bulk-bar')!)).to.include.members(['Refresh tokens', 'Enable', 'Disable', 'Delete']);
  });

  it('a member sees no selection boxes, no create button and no write the API would refuse', async () => {
    const { el } = await mount(makeIntegrations(3), { me: MEMBER });
    await permissionsKnown(el);
    // Members may refresh but not update or delete: bulk selection still offers refresh only.
    await waitUntil(() => cards(el)[0]!.selectable);
    cards(el)[0]!.shadowRoot!.querySelector<HTMLInputElement>('input.select')!.click();
    await waitUntil(() => el.shadowRoot!.querySelector('.bulk-bar'));
    const bulk = buttons(el.shadowRoot!.querySelector('.bulk-bar')!);
    expect(bulk).to.include('Refresh tokens');
    expect(bulk).not.to.include.members(['Enable']);
    expect(bulk).not.to.include('Delete');
    expect(bulk).not.to.include('Disable');
  });

  it('a member of an empty tenant reads who can add one, once, with no dead button', async () => {
    const { el } = await mount([], { me: MEMBER });
    await waitUntil(() => text(el).includes('No integrations yet'));
    await waitUntil(() => text(el).includes('Ask a tenant owner'), 'the reason is said');
    expect(buttons(el.shadowRoot!)).not.to.include('Add integration');
    expect(text(el).match(/Ask a tenant owner/g)).to.have.length(1);
    await expect(el).to.be.accessible();
  });

  it('a host-forced read-only list offers no selection and no create, and says why', async () => {
    const { el } = await mount([], { me: OWNER, readonly: true });
    await waitUntil(() => text(el).includes('This view is read-only.'));
    expect(buttons(el.shadowRoot!)).not.to.include('Add integration');

    const many = await mount(makeIntegrations(2), { me: OWNER, readonly: true });
    await permissionsKnown(many.el);
    expect(cards(many.el).every((card) => !card.selectable && card.readonly)).to.equal(true);
    expect(many.el.shadowRoot!.querySelector('.bulk-bar')).to.equal(null);
  });

  it('a viewer the API refuses reads "ask a tenant owner" with no Try again', async () => {
    const server = fakeServer([]);
    server.intercept((request) =>
      request.url.pathname.endsWith('/integrations')
        ? jsonResponse(403, { error: { code: 'permission_denied', message: 'Your role does not give access.' } })
        : undefined,
    );
    client = createClient({ apiBaseUrl: BASE, fetch: server.fetch, autoRefresh: false, retry: { attempts: 1 } });
    const el = await fixture<IntegrationListElement>(html`<integration-list .client=${client}></integration-list>`);
    await waitUntil(() => el.shadowRoot!.querySelector('[role="alert"]'), 'error shown');
    expect(text(el)).to.contain('Ask a tenant owner.');
    expect(buttons(el.shadowRoot!)).not.to.include('Try again');
  });

  it('puts its headings and its cards at the level the host asks for', async () => {
    const { el } = await mount([], { me: OWNER, headingLevel: 4 });
    await waitUntil(() => el.shadowRoot!.querySelector('[role="heading"]'));
    expect(el.shadowRoot!.querySelector('[role="heading"]')!.getAttribute('aria-level')).to.equal('4');

    const filled = await mount(makeIntegrations(2), { me: OWNER, headingLevel: 5 });
    await permissionsKnown(filled.el);
    const name = cards(filled.el)[0]!.shadowRoot!.querySelector('[role="heading"]')!;
    expect(name.getAttribute('aria-level')).to.equal('5');
  });

  it('passes axe heading-order on a host page with its own h1 and h2', async () => {
    const server = fakeServer(makeIntegrations(2), { me: OWNER });
    client = createClient({ apiBaseUrl: BASE, fetch: server.fetch, autoRefresh: false, retry: { attempts: 1 } });
    const page = await fixture<HTMLElement>(html`<main>
      <h1>Host app</h1>
      <section><h2>Integrations</h2><integration-list .client=${client} heading-level="3"></integration-list></section>
    </main>`);
    const el = page.querySelector('integration-list')!;
    await permissionsKnown(el);
    await expect(page).to.be.accessible();
  });

  it('tells assistive technology where each windowed card is in the whole list', async () => {
    const server = fakeServer(makeIntegrations(300), { me: OWNER });
    client = createClient({ apiBaseUrl: BASE, fetch: server.fetch, autoRefresh: false, retry: { attempts: 1 } });
    const box = await fixture<HTMLDivElement>(html`<div style="block-size: 400px; inline-size: 700px; overflow: auto">
      <integration-list .client=${client} page-size="100"></integration-list>
    </div>`);
    const el = box.querySelector('integration-list')!;
    await waitUntil(() => cards(el).length > 0);
    const first = cards(el)[0]!;
    expect(first.getAttribute('aria-setsize')).to.equal('300');
    expect(first.getAttribute('aria-posinset')).to.equal('1');
    box.scrollTop = 4000;
    await waitUntil(() => Number(cards(el)[0]!.getAttribute('aria-posinset')) > 1, 'the window moved');
    const shown = cards(el);
    const positions = shown.map((card) => Number(card.getAttribute('aria-posinset')));
    // Consecutive and matching each card's own place among the loaded items.
    positions.forEach((position, index) => {
      expect(position).to.equal(positions[0]! + index);
      expect(el.items[position - 1]!.id).to.equal(shown[index]!.integration!.id);
    });
  });

  for (const view of ['grid', 'list'] as const) {
    it(`keeps a 200-character name inside a 320 px ${view} view`, async () => {
      const long = 'Nightly export of every invoice '.repeat(7).slice(0, 200);
      const { el, box } = await mount([makeIntegration({ id: 'long', name: long, description: long })], { me: OWNER, width: 320 });
      el.view = view;
      await permissionsKnown(el);
      const card = cards(el)[0]!;
      await card.updateComplete;
      expect(box.scrollWidth, 'the list does not widen its container').to.be.at.most(320);
      const article = card.shadowRoot!.querySelector<HTMLElement>('.card')!;
      expect(article.scrollWidth, 'nothing overflows the card').to.be.at.most(article.clientWidth + 1);
      const nameButton = card.shadowRoot!.querySelector('[role="heading"] button')!;
      expect(nameButton.getAttribute('title'), 'the whole name is reachable').to.equal(long);
      // Nothing in the card overlaps its actions.
      const name = nameButton.getBoundingClientRect();
      for (const action of card.shadowRoot!.querySelectorAll('.actions button')) {
        const rect = action.getBoundingClientRect();
        const overlaps = rect.left < name.right && rect.right > name.left && rect.top < name.bottom && rect.bottom > name.top;
        expect(overlaps, `${action.textContent!.trim()} is not covered by the name`).to.equal(false);
      }
    });
  }

  for (const width of [320, 800]) {
    it(`keeps long names, a long provider name and every action inside each ${width} px grid row`, async () => {
      const long = 'Nightly export of every invoice '.repeat(7).slice(0, 200);
      const server = fakeServer(
        [makeIntegration({ id: 'a', name: long, description: long }), makeIntegration({ id: 'b', name: 'W'.repeat(200) })],
        { me: OWNER },
      );
      server.intercept((request) =>
        request.url.pathname.endsWith('/cloud-providers')
          ? jsonResponse(
              200,
              makeProviders().map((provider: { name: string }) => ({
                ...provider,
                name: `${provider.name} ${'Enterprise Edition '.repeat(6)}`,
              })),
            )
          : undefined,
      );
      client = createClient({ apiBaseUrl: BASE, fetch: server.fetch, autoRefresh: false, retry: { attempts: 1 } });
      const box = await fixture<HTMLDivElement>(html`<div style="inline-size: ${width}px">
        <integration-list .client=${client}></integration-list>
      </div>`);
      const el = box.querySelector('integration-list')!;
      await permissionsKnown(el);
      await waitUntil(() => cards(el)[0]!.shadowRoot!.textContent!.includes('Enterprise'), 'provider names shown');
      for (const card of cards(el)) {
        await card.updateComplete;
        const bottom = card.getBoundingClientRect().bottom;
        for (const part of card.shadowRoot!.querySelectorAll('.title, .badges, .meta, .actions button')) {
          expect(part.getBoundingClientRect().bottom, `${part.className || part.textContent!.trim()} inside the card`).to.be.at.most(
            bottom + 1,
          );
        }
      }
      expect(box.scrollWidth).to.be.at.most(width);
    });
  }
});
