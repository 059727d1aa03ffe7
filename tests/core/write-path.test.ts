/**
 * The client's one write path when writes overlap: optimistic layers per item, a queue per item,
 * lost answers read back, bulk actions that reload the lists once and wait out 429s, deletes
 * that watchers hear about.
 */
import { expect, waitUntil } from '@open-wc/testing';
import sinon from 'sinon';
import { createClient, queryKeys, type Integration, type IntegrationsClient, type Page, type QueryState } from '../../src/core/index.js';
import { jsonResponse } from '../support/fake-fetch.js';
import { expectIntegrationError } from '../support/expect-error.js';
import { makeIntegration, makeIntegrations } from '../support/fixtures.js';
import { fakeServer, gate, untilTrue } from '../support/fake-server.js';

const BASE = 'https://api.example.com/api';

let client: IntegrationsClient | undefined;
afterEach(() => {
  client?.destroy();
  client = undefined;
  sinon.restore();
});

function setup(items: Integration[]) {
  const server = fakeServer(items);
  client = createClient({ apiBaseUrl: BASE, fetch: server.fetch, autoRefresh: false, refetchIntervalMs: 0, retry: { attempts: 1 } });
  return { server, client };
}

/** Watches the first list page, as `<integration-list>` does, and returns what it shows. */
async function watchList(c: IntegrationsClient, query = {}) {
  let state: QueryState<Page<Integration>> | undefined;
  const stop = c.watch(c.queries.list(query), (s) => (state = s));
  await waitUntil(() => state?.status === 'success', 'the list loads');
  return {
    stop,
    item: (id: string) => state!.data!.items.find((i) => i.id === id),
    ids: () => state!.data!.items.map((i) => i.id),
  };
}

const refuse = (status: number, code: string) => () => jsonResponse(status, { error: { code, message: `refused: ${code}` } });
const isPatch = (id: string) => (r: { method: string; url: URL }) => r.method === 'PATCH' && r.url.pathname.endsWith(`/integrations/${id}`);
const isDelete = (id: string) => (r: { method: string; url: URL }) =>
  r.method === 'DELETE' && r.url.pathname.endsWith(`/integrations/${id}`);

describe('write path', () => {
  describe('overlapping optimistic writes', () => {
    it('a failed write rolls back only its own item; a write that succeeded meanwhile stays', async () => {
      const { server, client } = setup(makeIntegrations(3));
      const list = await watchList(client);
      const holdA = gate();
      server.intercept(async (r) => {
        if (!isPatch('int-1')(r)) return undefined;
        await holdA.opened;
        return refuse(403, 'permission_denied')();
      });
      const a = client.updateIntegration('int-1', { name: 'A renamed' });
      const b = client.updateIntegration('int-2', { name: 'B renamed' });
      expect(list.item('int-1')!.name).to.equal('A renamed');
      await b;
      holdA.open();
      await expectIntegrationError(a, 'permission_denied');
      expect(list.item('int-1')!.name).to.equal('Integration 00001');
      expect(list.item('int-2')!.name).to.equal('B renamed');
      list.stop();
    });

    it('a list refetch that lands during a write does not undo the write on screen', async () => {
      const { server, client } = setup(makeIntegrations(2));
      const list = await watchList(client);
      const hold = gate();
      server.intercept(async (r, apply) => {
        if (!isPatch('int-1')(r)) return undefined;
        await hold.opened;
        return apply();
      });
      const saving = client.updateIntegration('int-1', { status: 'disabled' });
      // Focus, an interval, another element: the list is read again while the PATCH is out.
      await client.cache.invalidate(queryKeys.lists());
      expect(list.item('int-1')!.status).to.equal('disabled');
      hold.open();
      await saving;
      expect(list.item('int-1')!.status).to.equal('disabled');
      list.stop();
    });

    it('two quick edits of one item are sent one after another, each with the ETag the previous answer carried', async () => {
      const { server, client } = setup([makeIntegration({ id: 'int-1', name: 'Old', settings: { region: 'eu-west-1' } })]);
      await client.getIntegration('int-1');
      const slow = gate();
      server.intercept(async (r, apply) => {
        if (!isPatch('int-1')(r) || !(r.body as { name?: string }).name) return undefined;
        await slow.opened;
        return apply();
      });
      const rename = client.updateIntegration('int-1', { name: 'New' });
      const save = client.updateIntegration('int-1', { settings: { region: 'us-east-1' } });
      // Both show at once, the second on top of the first.
      expect(client.cachedIntegration('int-1')).to.include({ name: 'New' });
      expect(client.cachedIntegration('int-1')!.settings).to.deep.equal({ region: 'us-east-1' });
      const patches = () => server.requests.filter(isPatch('int-1'));
      await waitUntil(() => patches().length === 1, 'the rename is sent');
      slow.open();
      await Promise.all([rename, save]);
      expect(patches().map((r) => r.headers.get('If-Match'))).to.deep.equal(['"v1"', '"v2"']);
      expect(server.stored.get('int-1')).to.include({ name: 'New' });
      expect(server.stored.get('int-1')!.settings).to.deep.equal({ region: 'us-east-1' });
      expect(client.cachedIntegration('int-1')).to.include({ name: 'New', etag: '"v3"' });
      expect(client.cachedIntegration('int-1')!.settings).to.deep.equal({ region: 'us-east-1' });
    });

    it('a write stops a read of the item that could land after it with older data', async () => {
      const { server, client } = setup([makeIntegration({ id: 'int-1', name: 'Old' })]);
      await client.getIntegration('int-1');
      const readHeld = gate();
      server.intercept(async (r, apply) => {
        if (r.method !== 'GET' || !r.url.pathname.endsWith('/int-1')) return undefined;
        const before = apply(); // what the server held when the read arrived
        await readHeld.opened;
        return before;
      });
      let state: QueryState<Integration> | undefined;
      const stop = client.watch({ ...client.queries.integration('int-1'), staleTime: 0 }, (s) => (state = s));
      await waitUntil(() => state?.isFetching, 'the read starts');
      await client.updateIntegration('int-1', { name: 'New' });
      readHeld.open();
      await waitUntil(() => !state?.isFetching);
      expect(state!.data!.name).to.equal('New');
      stop();
    });
  });

  describe('a lost answer', () => {
    const loseAnswer = (kind: 'network' | 'bad-gateway' | 'cut-off') => (_: unknown, apply: () => Response) => {
      apply(); // the server has it…
      if (kind === 'network') throw new TypeError('Failed to fetch'); // …and the answer never arrives
      if (kind === 'bad-gateway') return jsonResponse(502, { error: { code: 'server_error', message: 'Bad gateway' } });
      return new Response('{"id":"int-1","na', { status: 200, headers: { 'Content-Type': 'application/json' } });
    };

    for (const [what, patch, kind] of [
      ['a rename', { name: 'Renamed' }, 'network'],
      ['a settings save', { settings: { region: 'us-east-1' } }, 'bad-gateway'],
      ['a disable', { status: 'disabled' }, 'cut-off'],
    ] as const) {
      it(`after the server applied ${what} (${kind}): reads it back, succeeds, and the next edit carries the new ETag`, async () => {
        const { server, client } = setup(makeIntegrations(2));
        const list = await watchList(client);
        await client.getIntegration('int-1');
        let lost = false;
        server.intercept((r, apply) => {
          if (!isPatch('int-1')(r) || lost) return undefined;
          lost = true;
          return loseAnswer(kind)(r, apply);
        });
        const saved = await client.updateIntegration('int-1', patch);
        expect(saved).to.deep.include(patch);
        expect(client.cachedIntegration('int-1')).to.deep.include(patch);
        expect(list.item('int-1')).to.deep.include(patch);
        await client.updateIntegration('int-1', { description: 'next edit' });
        const patches = server.requests.filter(isPatch('int-1'));
        // int-2 was v2; the lost PATCH made int-1 v3 on the server.
        expect(patches[1]!.headers.get('If-Match')).to.equal('"v3"');
        list.stop();
      });
    }

    it('an enable of a never-connected integration whose answer was lost counts as applied when it reads back pending', async () => {
      const { server, client } = setup([makeIntegration({ id: 'int-1', status: 'disabled', tokenStatus: 'none' })]);
      await client.getIntegration('int-1');
      server.intercept((r) => {
        if (!isPatch('int-1')(r)) return undefined;
        // The server enables it as far as it can: without a token it stays pending.
        server.stored.set('int-1', { ...server.stored.get('int-1')!, status: 'pending', etag: '"v9"' });
        throw new TypeError('Failed to fetch');
      });
      const saved = await client.updateIntegration('int-1', { status: 'active' });
      expect(saved).to.include({ status: 'pending', etag: '"v9"' });
    });

    it('when the server did not apply it: shows what the server holds and fails', async () => {
      const { server, client } = setup([makeIntegration({ id: 'int-1', name: 'Old' })]);
      await client.getIntegration('int-1');
      server.intercept((r) => (isPatch('int-1')(r) ? jsonResponse(503, { error: { code: 'server_error', message: 'down' } }) : undefined));
      const error = await expectIntegrationError(client.updateIntegration('int-1', { name: 'New' }), 'server_error');
      expect(error.unconfirmed).to.equal(false);
      expect(client.cachedIntegration('int-1')!.name).to.equal('Old');
      expect(server.requests.filter((r) => r.method === 'GET' && r.url.pathname.endsWith('/int-1'))).to.have.length(2);
    });

    it('when it cannot be read back either: the error says the save is unconfirmed', async () => {
      const { server, client } = setup([makeIntegration({ id: 'int-1', name: 'Old' })]);
      await client.getIntegration('int-1');
      server.intercept(() => {
        throw new TypeError('Failed to fetch');
      });
      const error = await expectIntegrationError(client.updateIntegration('int-1', { name: 'New' }), 'network_error');
      expect(error.unconfirmed).to.equal(true);
      expect(client.cachedIntegration('int-1')!.name).to.equal('Old');
    });

    it('a delete whose answer was lost counts as done when the integration is gone', async () => {
      const { server, client } = setup(makeIntegrations(2));
      const list = await watchList(client);
      server.intercept((r, apply) => {
        if (!isDelete('int-1')(r)) return undefined;
        apply();
        throw new TypeError('Failed to fetch');
      });
      await client.deleteIntegration('int-1');
      await waitUntil(() => list.ids().length === 1);
      expect(list.ids()).to.deep.equal(['int-2']);
      list.stop();
    });
  });

  describe('bulk', () => {
    it('with one failure: the others keep their new state at once, the failed one is put back', async () => {
      const { server, client } = setup(makeIntegrations(3));
      const list = await watchList(client);
      // A's refusal comes after B and C were saved and stored.
      const saved = (id: string) => list.item(id)?.etag === server.stored.get(id)!.etag && server.stored.get(id)!.status === 'disabled';
      server.intercept(async (r) => {
        if (!isPatch('int-1')(r)) return undefined;
        await untilTrue(() => saved('int-2') && saved('int-3'), 'B and C are saved');
        return refuse(403, 'permission_denied')();
      });
      const results = await client.bulk('disable', ['int-1', 'int-2', 'int-3']);
      expect(results.map((r) => r.ok)).to.deep.equal([false, true, true]);
      expect(list.item('int-1')!.status).to.equal('active');
      expect(list.item('int-2')!.status).to.equal('disabled');
      expect(list.item('int-3')!.status).to.equal('disabled');
      list.stop();
    });

    it('a bulk delete with one failure never brings a deleted item back', async () => {
      const { server, client } = setup(makeIntegrations(3));
      const list = await watchList(client);
      const shown: string[][] = [];
      const stop = client.watch(client.queries.list(), (s) => s.data && shown.push(s.data.items.map((i) => i.id)));
      // A's refusal comes after B was deleted and taken out of the list.
      server.intercept(async (r) => {
        if (!isDelete('int-1')(r)) return undefined;
        await untilTrue(() => !server.stored.has('int-2') && !client!.cachedIntegration('int-2'), 'B is deleted');
        return refuse(403, 'permission_denied')();
      });
      await client.bulk('delete', ['int-1', 'int-2'], { concurrency: 2 });
      await waitUntil(() => !client!.cache.watch(client!.queries.list()).getCurrentResult().isFetching);
      const afterDeleted = shown.slice(shown.findIndex((ids) => !ids.includes('int-2')));
      expect(afterDeleted.every((ids) => !ids.includes('int-2'))).to.equal(true, JSON.stringify(shown));
      expect(list.ids()).to.deep.equal(['int-1', 'int-3']);
      stop();
      list.stop();
    });

    it('on 100 integrations reads the list at most once more, at the end', async () => {
      const { server, client } = setup(makeIntegrations(100));
      const list = await watchList(client, { limit: 100 });
      const before = server.listRequests().length;
      await client.bulk(
        'disable',
        makeIntegrations(100).map((i) => i.id),
      );
      await waitUntil(() => list.item('int-100')!.status === 'disabled');
      expect(server.listRequests().length - before).to.be.at.most(1);
      list.stop();
    });

    it('waits out a 429 with Retry-After instead of failing items', async () => {
      const clock = sinon.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
      const { server, client } = setup(makeIntegrations(4));
      let limited = 0;
      server.intercept((r) => {
        if (r.method !== 'PATCH' || limited >= 2) return undefined;
        limited++;
        return jsonResponse(429, { error: { code: 'rate_limited', message: 'slow down' } }, { 'Retry-After': '30' });
      });
      const waits: number[] = [];
      const run = client.bulk('enable', ['int-1', 'int-2', 'int-3', 'int-4'], { concurrency: 2, onWait: (ms) => waits.push(ms) });
      await untilTrue(() => limited === 2 && waits.length === 1, 'both first requests are refused');
      await clock.tickAsync(29_000);
      expect(server.requests.filter((r) => r.method === 'PATCH')).to.have.length(2); // both paused
      await clock.tickAsync(1_000);
      await untilTrue(() => server.requests.filter((r) => r.method === 'PATCH').length === 6, 'the paused requests are sent again');
      const results = await run;
      expect(results.every((r) => r.ok)).to.equal(true, JSON.stringify(results.map((r) => r.error?.code)));
      expect(waits).to.deep.equal([30_000]);
      expect(server.requests.filter((r) => r.method === 'PATCH')).to.have.length(6);
    });
  });

  describe('delete while watched', () => {
    it('tells a watcher of the integration: it reads not_found, and the client knows it deleted it', async () => {
      const { client } = setup(makeIntegrations(2));
      let state: QueryState<Integration> | undefined;
      const stop = client.watch(client.queries.integration('int-1'), (s) => (state = s));
      await waitUntil(() => state?.status === 'success');
      await client.deleteIntegration('int-1');
      await waitUntil(() => state?.status === 'error', 'the watcher hears of the delete');
      expect((state!.error as { code?: string }).code).to.equal('not_found');
      expect(client.wasDeleted('int-1')).to.equal(true);
      expect(client.wasDeleted('int-2')).to.equal(false);
      stop();
    });
  });

  describe('reloading', () => {
    it('invalidate() rejects when the reload failed, and resolves when it worked', async () => {
      const { server, client } = setup(makeIntegrations(1));
      let state: QueryState<Integration> | undefined;
      const stop = client.watch(client.queries.integration('int-1'), (s) => (state = s));
      await waitUntil(() => state?.status === 'success');
      let down = true;
      server.intercept((r) => (down && r.method === 'GET' ? refuse(503, 'server_error')() : undefined));
      await expectIntegrationError(client.invalidate('int-1'), 'server_error');
      down = false;
      await client.invalidate('int-1');
      stop();
    });
  });

  describe('lists', () => {
    it('keeps lists of different page sizes apart', async () => {
      const { server, client } = setup(makeIntegrations(60));
      const small = client.cache.watchPages(client.queries.pages({}, 10));
      const large = client.cache.watchPages(client.queries.pages({}, 30));
      const stops = [small.subscribe(() => undefined), large.subscribe(() => undefined)];
      await waitUntil(() => small.getCurrentResult().isSuccess && large.getCurrentResult().isSuccess);
      expect(small.getCurrentResult().data!.pages[0]!.items).to.have.length(10);
      expect(large.getCurrentResult().data!.pages[0]!.items).to.have.length(30);
      expect(server.listRequests().map((r) => r.url.searchParams.get('limit'))).to.include.members(['10', '30']);
      for (const stop of stops) stop();
    });
  });
});
