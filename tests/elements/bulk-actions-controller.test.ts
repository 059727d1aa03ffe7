/**
 * The list's BulkActionsController on its own, in a host that is nothing but the controller:
 * selection, a bulk action's outcome per item, Cancel, one bulk at a time, and select-all-matching.
 */
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { LitElement } from 'lit';
import { createClient, type Integration, type IntegrationsClient } from '../../src/core/index.js';
import { BulkActionsController, type BulkPages } from '../../src/elements/integration-list/bulk-actions-controller.js';
import { jsonResponse } from '../support/fake-fetch.js';
import { makeIntegrations } from '../support/fixtures.js';

const BASE = 'https://api.example.com/api';

/** Pages over `all`, `size` at a time; `fetchNextPage` appends one after a tick. */
function fakePages(all: Integration[], size = all.length): BulkPages & { loads: number } {
  let pages: Integration[][] = [all.slice(0, size)];
  const pagesObject = {
    loads: 0,
    get items() {
      return pages.flat();
    },
    get state() {
      return { hasNextPage: pages.flat().length < all.length, isError: false, error: null, isFetching: false, data: { pages } };
    },
    async fetchNextPage() {
      pagesObject.loads++;
      await new Promise((r) => setTimeout(r, 0));
      const loaded = pages.flat().length;
      pages = [...pages, all.slice(loaded, loaded + size)];
    },
  };
  return pagesObject;
}

/** Refreshes answer at once, fail for `failFor`, and wait for `hold` while it is set. */
function refreshApi(all: Integration[], options: { failFor?: string[] } = {}) {
  const started: string[] = [];
  const gates: Array<() => void> = [];
  const control = { hold: false, started, release: () => gates.splice(0).forEach((open) => open()) };
  const fetch: typeof globalThis.fetch = async (input) => {
    const id = decodeURIComponent(new URL(String(input)).pathname.split('/')[3]!);
    started.push(id);
    if (control.hold) await new Promise<void>((resolve) => gates.push(resolve));
    if (options.failFor?.includes(id)) return jsonResponse(502, { error: { code: 'token_exchange_failed', message: 'invalid_grant' } });
    const current = all.find((i) => i.id === id)!;
    return jsonResponse(200, { ...current, updatedAt: new Date().toISOString() });
  };
  const client = createClient({ apiBaseUrl: BASE, fetch, autoRefresh: false, retry: { attempts: 1 } });
  return { client, control };
}

class BulkHost extends LitElement {
  pages: BulkPages = fakePages([]);
  client: IntegrationsClient | undefined;
  concurrency = 4;
  confirms = 0;
  readonly bulk: BulkActionsController;

  constructor() {
    super();
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- the getters below read the host's current pages
    const host = this;
    this.bulk = new BulkActionsController(this, {
      // Through the host, so a test can swap the pages.
      pages: {
        get items() {
          return host.pages.items;
        },
        get state() {
          return host.pages.state;
        },
        fetchNextPage: () => host.pages.fetchNextPage(),
      },
      client: () => this.client,
      concurrency: () => this.concurrency,
      confirm: async () => {
        this.confirms++;
        return true;
      },
    });
  }
}
customElements.define('bulk-actions-test-host', BulkHost);

async function mount(all: Integration[], client?: IntegrationsClient, pages: BulkPages = fakePages(all)) {
  const el = await fixture<BulkHost>(html`<bulk-actions-test-host></bulk-actions-test-host>`);
  el.pages = pages;
  el.client = client;
  return el;
}

describe('BulkActionsController', () => {
  let client: IntegrationsClient | undefined;
  afterEach(() => {
    client?.destroy();
    client = undefined;
    document.querySelectorAll('mwap-toast-region').forEach((region) => region.remove());
  });

  it('selects by click, extends a range from the last click, keeps list order, and clears', async () => {
    const el = await mount(makeIntegrations(6));
    const { bulk } = el;
    bulk.toggle('int-5', true);
    bulk.toggle('int-2', true, true);
    expect(bulk.ids).to.deep.equal(['int-2', 'int-3', 'int-4', 'int-5']);
    bulk.toggle('int-3', false, true); // from int-2 to int-3, unselected
    expect(bulk.ids).to.deep.equal(['int-4', 'int-5']);
    bulk.set(['int-6', 'int-1']);
    expect(bulk.ids, 'in list order').to.deep.equal(['int-1', 'int-6']);
    expect(bulk.has('int-6')).to.equal(true);
    bulk.selectAllLoaded();
    expect(bulk.size).to.equal(6);
    bulk.clear();
    expect(bulk.size).to.equal(0);
    bulk.toggle('int-4', true, true); // no anchor after clear: a plain click
    expect(bulk.ids).to.deep.equal(['int-4']);
  });

  it('runs a bulk with one failure: the others are reported updated, the failed one stays selected and is in the outcome', async () => {
    const all = makeIntegrations(4);
    const api = refreshApi(all, { failFor: ['int-3'] });
    client = api.client;
    const el = await mount(all, client);
    const updated: string[] = [];
    const errors: unknown[] = [];
    el.addEventListener('integration-updated', (e) => updated.push(e.detail.integration.id));
    el.addEventListener('integration-error', (e) => errors.push(e));
    el.bulk.set(all.map((i) => i.id));
    await el.bulk.ask('refresh', el.bulk.ids);
    expect(el.confirms).to.equal(1);
    expect(updated).to.have.members(['int-1', 'int-2', 'int-4']);
    expect(el.bulk.ids, 'the failed one stays selected').to.deep.equal(['int-3']);
    const outcome = el.bulk.outcome!;
    expect(outcome.action).to.equal('refresh');
    expect(outcome.results.filter((r) => !r.ok).map((r) => [r.id, r.error?.code])).to.deep.equal([['int-3', 'token_exchange_failed']]);
    expect(outcome.names.get('int-3')).to.equal('Integration 00003');
    expect(el.bulk.progress).to.equal(undefined);
    expect(errors, 'per-item failures are in the outcome, not integration-error').to.have.length(0);
    await waitUntil(() => document.querySelector('mwap-toast-region')?.messages.some((m) => m.includes('1 of 4 failed')), 'the toast');
  });

  it('cancels mid-way: what is in flight finishes, items not started come back aborted', async () => {
    const all = makeIntegrations(5);
    const api = refreshApi(all);
    client = api.client;
    const el = await mount(all, client);
    el.concurrency = 1;
    api.control.hold = true;
    const done = el.bulk.run(
      'refresh',
      all.map((i) => i.id),
    );
    await waitUntil(() => api.control.started.length === 1, 'the first item started');
    expect(el.bulk.progress).to.deep.include({ action: 'refresh', total: 5, done: 0 });
    el.bulk.cancel();
    api.control.release();
    const results = (await done)!;
    expect(api.control.started, 'nothing started after Cancel').to.deep.equal(['int-1']);
    expect(results[0]).to.deep.include({ id: 'int-1', ok: true });
    expect(results.slice(1).map((r) => [r.id, r.error?.code])).to.deep.equal([
      ['int-2', 'aborted'],
      ['int-3', 'aborted'],
      ['int-4', 'aborted'],
      ['int-5', 'aborted'],
    ]);
    expect(el.bulk.outcome!.results).to.equal(results);
    expect(el.bulk.ids, 'the cancelled ones stay selected').to.deep.equal(['int-2', 'int-3', 'int-4', 'int-5']);
    expect(el.bulk.progress).to.equal(undefined);
  });

  it('does not start a second bulk while one runs', async () => {
    const all = makeIntegrations(3);
    const api = refreshApi(all);
    client = api.client;
    const el = await mount(all, client);
    api.control.hold = true;
    const first = el.bulk.run('refresh', ['int-1']);
    await waitUntil(() => api.control.started.length === 1, 'the first bulk is sending');
    expect(await el.bulk.run('refresh', ['int-2']), 'a second run').to.equal(undefined);
    await el.bulk.ask('refresh', ['int-3']);
    expect(el.confirms, 'no confirmation asked meanwhile').to.equal(0);
    api.control.release();
    expect((await first)!.map((r) => r.id)).to.deep.equal(['int-1']);
    expect(api.control.started).to.deep.equal(['int-1']);
    api.control.hold = false;
    expect(
      (await el.bulk.run('refresh', ['int-2']))!.map((r) => r.id),
      'after it ended',
    ).to.deep.equal(['int-2']);
  });

  it('selects all matching by loading each remaining page, and stops when a page adds nothing', async () => {
    const all = makeIntegrations(7);
    const pages = fakePages(all, 3);
    const el = await mount(all, undefined, pages);
    const done = el.bulk.selectAllMatching();
    expect(el.bulk.selectingAll).to.equal(true);
    await done;
    expect(el.bulk.selectingAll).to.equal(false);
    expect(pages.loads).to.equal(2);
    expect(el.bulk.size).to.equal(7);

    // A server that says there is more but sends nothing: one load, then it stops.
    const stuck: BulkPages & { loads: number } = {
      loads: 0,
      items: all.slice(0, 2),
      state: { hasNextPage: true, isError: false, error: null, isFetching: false, data: { pages: [all.slice(0, 2)] } },
      fetchNextPage: async () => {
        // Asking on and on would spin forever: fail instead, so the test says so.
        if (++stuck.loads > 3) throw new Error('asked for the same page again and again');
      },
    };
    el.pages = stuck;
    el.bulk.clear();
    await el.bulk.selectAllMatching();
    expect(stuck.loads).to.equal(1);
    expect(el.bulk.ids).to.deep.equal(['int-1', 'int-2']);
  });
});
