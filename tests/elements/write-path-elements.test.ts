/**
 * The write path as users meet it through the elements: a details pane beside the list when the
 * list deletes what it shows, a rename whose answer was lost, and "Select all matching" while a
 * page is already loading.
 */
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../src/elements/integration-list/define.js';
import '../../src/elements/integration-details/define.js';
import type { IntegrationListElement } from '../../src/elements/integration-list/define.js';
import type { IntegrationDetailsElement } from '../../src/elements/integration-details/define.js';
import type { ConfirmDialogElement } from '../../src/elements/confirm-dialog/define.js';
import { createClient, type IntegrationsClient } from '../../src/core/index.js';
import { makeIntegrations } from '../support/fixtures.js';
import { fakeServer, gate } from '../support/fake-server.js';
import { withoutIsolates } from '../support/bidi.js';

const BASE = 'https://api.example.com/api';
let client: IntegrationsClient | undefined;

afterEach(() => {
  client?.destroy();
  client = undefined;
  document.querySelectorAll('mwap-toast-region').forEach((region) => region.remove());
});

function setup(count: number) {
  const server = fakeServer(makeIntegrations(count));
  client = createClient({ apiBaseUrl: BASE, fetch: server.fetch, autoRefresh: false, refetchIntervalMs: 0, retry: { attempts: 1 } });
  return { server, client };
}

const shadow = (el: Element) => el.shadowRoot!;
const text = (node: Element | null | undefined) =>
  withoutIsolates(node?.textContent ?? '')
    .replace(/\s+/g, ' ')
    .trim();
const buttonIn = (root: ParentNode, label: string) =>
  [...root.querySelectorAll<HTMLButtonElement>('button')].find((b) => text(b) === label);
const header = (el: IntegrationDetailsElement) => shadow(el).querySelector<HTMLElement>('[part="header"]');

describe('the write path in the elements', () => {
  it('a details pane beside the list says its integration was deleted when the list deletes it', async () => {
    const { client } = setup(3);
    const page = await fixture<HTMLDivElement>(html`<div>
      <integration-list .client=${client}></integration-list>
      <integration-details .client=${client} integration-id="int-2"></integration-details>
    </div>`);
    const list = page.querySelector<IntegrationListElement>('integration-list')!;
    const details = page.querySelector<IntegrationDetailsElement>('integration-details')!;
    await waitUntil(() => list.items.length === 3 && header(details), 'both show the data');
    list.select(['int-2']);
    await list.updateComplete;
    buttonIn(shadow(list), 'Delete')!.click();
    const dialog = shadow(list).querySelector<ConfirmDialogElement>('mwap-confirm-dialog')!;
    await waitUntil(() => dialog.open, 'the confirmation');
    shadow(dialog).querySelector<HTMLButtonElement>('[part="confirm"]')!.click();
    await waitUntil(() => shadow(details).querySelector('.state.deleted'), 'the details hear of the delete', { timeout: 4000 });
    expect(text(shadow(details).querySelector('.state.deleted'))).to.contain('“Integration 00002” was deleted');
    expect(list.items.map((i) => i.id)).to.deep.equal(['int-1', 'int-3']);
  });

  it('after a rename whose answer was lost, the heading shows the new name and the next edit is not refused', async () => {
    const { server, client } = setup(1);
    let lost = false;
    server.intercept((request, apply) => {
      if (request.method !== 'PATCH' || lost) return undefined;
      lost = true;
      apply(); // the server has it; the answer is lost on the way
      throw new TypeError('Failed to fetch');
    });
    const el = await fixture<IntegrationDetailsElement>(
      html`<integration-details .client=${client} integration-id="int-1"></integration-details>`,
    );
    await waitUntil(() => header(el)?.shadowRoot?.querySelector('h2'), 'the header');
    const rename = async (name: string) => {
      const part = header(el)!;
      shadow(part).querySelector<HTMLButtonElement>('button.edit')!.click();
      await waitUntil(() => shadow(part).querySelector('input#name'), 'the name field');
      const input = shadow(part).querySelector<HTMLInputElement>('input#name')!;
      input.focus();
      input.select();
      await sendKeys({ type: name });
      await sendKeys({ press: 'Enter' });
      await waitUntil(() => text(shadow(part).querySelector('h2')) === name, `the heading reads ${name}`, { timeout: 4000 });
    };
    await rename('Archive storage');
    expect(server.stored.get('int-1')!.name).to.equal('Archive storage');
    await rename('Archive storage 2');
    expect(server.stored.get('int-1')!.name).to.equal('Archive storage 2');
    const patches = server.requests.filter((r) => r.method === 'PATCH');
    expect(patches.map((r) => r.headers.get('If-Match'))).to.deep.equal(['"v1"', '"v2"']);
  });

  it('"Select all matching" while a next page is loading joins it and selects every match', async () => {
    const { server, client } = setup(120);
    const hold = gate();
    server.intercept(async (request, apply) => {
      if (request.url.searchParams.get('cursor') !== '50') return undefined;
      await hold.opened;
      return apply();
    });
    const el = await fixture<IntegrationListElement>(html`<integration-list page-size="50" .client=${client}></integration-list>`);
    await waitUntil(() => el.items.length === 50, 'the first page');
    // Scrolled to the end the way a user does, again while measured rows move the end further down.
    await waitUntil(() => {
      window.scrollTo(0, document.documentElement.scrollHeight);
      return server.requests.some((r) => r.url.searchParams.get('cursor') === '50');
    }, 'the next page is loading');
    el.select(['int-1']);
    await el.updateComplete;
    buttonIn(shadow(el), 'Select all 120 matching')!.click();
    await el.updateComplete;
    hold.open();
    await waitUntil(() => el.selectedIds.length === 120, 'every match selected', { timeout: 4000 });
    window.scrollTo(0, 0);
  });

  it('asks for at most the API maximum a page', async () => {
    const { server, client } = setup(3);
    const el = await fixture<IntegrationListElement>(html`<integration-list page-size="500" .client=${client}></integration-list>`);
    await waitUntil(() => el.items.length === 3);
    expect(server.listRequests()[0]!.url.searchParams.get('limit')).to.equal('100');
  });
});

describe('field errors from the server', () => {
  it('are shown at the details header’s fields, not as a general notice, and focus goes to the first', async () => {
    const server = fakeServer(makeIntegrations(1));
    client = createClient({ apiBaseUrl: BASE, fetch: server.fetch, autoRefresh: false, refetchIntervalMs: 0, retry: { attempts: 1 } });
    server.intercept((request) =>
      request.method === 'PATCH'
        ? new Response(
            JSON.stringify({
              error: {
                code: 'validation_failed',
                message: 'Invalid',
                fields: { description: 'Description must not contain control characters.' },
              },
            }),
            {
              status: 422,
              headers: { 'Content-Type': 'application/json' },
            },
          )
        : undefined,
    );
    const el = await fixture<IntegrationDetailsElement>(
      html`<integration-details .client=${client} integration-id="int-1"></integration-details>`,
    );
    await waitUntil(() => header(el)?.shadowRoot?.querySelector('button.edit'), 'the header');
    const part = header(el)!;
    shadow(part).querySelector<HTMLButtonElement>('button.edit')!.click();
    await waitUntil(() => shadow(part).querySelector('textarea#description'), 'the form');
    const description = shadow(part).querySelector<HTMLTextAreaElement>('textarea#description')!;
    description.focus();
    await sendKeys({ type: ' more' });
    shadow(part).querySelector<HTMLButtonElement>('button[type="submit"]')!.click();
    await waitUntil(() => text(shadow(part).querySelector('#description-error')) !== '', 'the field message');
    expect(text(shadow(part).querySelector('#description-error'))).to.equal('Description must not contain control characters.');
    expect(description.getAttribute('aria-invalid')).to.equal('true');
    expect(shadow(part).querySelector('[role="alert"]'), 'no general notice').to.equal(null);
    expect(shadow(part).activeElement === description, 'focus on the field').to.equal(true);
  });
});
