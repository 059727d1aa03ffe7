import { expect, waitUntil } from '@open-wc/testing';
import { createClient, queryKeys, type Integration, type Page, type QueryState } from '../../src/core/index.js';
import { fakeFetch, jsonResponse, type RecordedRequest } from '../support/fake-fetch.js';
import { expectIntegrationError } from '../support/expect-error.js';
import { makeIntegration, makeIntegrations } from '../support/fixtures.js';
import { gate } from '../support/fake-server.js';

const BASE = 'https://api.example.com/api';

/** A response the test releases by hand, to look at the cache while a request is in flight. */
function deferredResponse() {
  let release!: (response: Response) => void;
  const promise = new Promise<Response>((resolve) => (release = resolve));
  return { answer: (_req: RecordedRequest) => promise, release };
}

describe('client cache', () => {
  it('deduplicates concurrent reads of one integration into one request', async () => {
    const server = gate();
    const { fetch, requests } = fakeFetch(async () => {
      await server.opened; // both reads are made while the request is in flight
      return jsonResponse(200, makeIntegration());
    });
    const client = createClient({ apiBaseUrl: BASE, fetch });
    const reads = Promise.all([client.getIntegration('int-1'), client.getIntegration('int-1')]);
    await waitUntil(() => requests.length > 0, 'the request is sent');
    server.open();
    const [a, b] = await reads;
    expect(a).to.equal(b);
    expect(requests).to.have.length(1);
    await client.getIntegration('int-1'); // fresh: served from cache
    expect(requests).to.have.length(1);
  });

  it('applies an update optimistically everywhere and rolls it back when the server refuses', async () => {
    const pending = deferredResponse();
    const { fetch } = fakeFetch(
      jsonResponse(200, { items: makeIntegrations(2), nextCursor: null, total: 2 }),
      jsonResponse(200, makeIntegration({ id: 'int-1', name: 'Integration 00001' })),
      pending.answer,
    );
    const client = createClient({ apiBaseUrl: BASE, fetch });
    await client.listIntegrations();
    await client.getIntegration('int-1');

    const update = client.updateIntegration('int-1', { name: 'Renamed', status: 'disabled' });
    await waitUntil(() => client.cachedIntegration('int-1')!.status === 'disabled', 'the optimistic update is applied');
    const listed = client.cache.get<Page<Integration>>(queryKeys.list({}))!;
    expect(listed.items[0]!.name).to.equal('Renamed');
    expect(client.cachedIntegration('int-1')!.status).to.equal('disabled');

    pending.release(jsonResponse(500, { error: { code: 'server_error', message: 'nope' } }));
    await expectIntegrationError(update, 'server_error');
    const restored = client.cache.get<Page<Integration>>(queryKeys.list({}))!;
    expect(restored.items[0]!.name).to.equal('Integration 00001');
    expect(client.cachedIntegration('int-1')!.status).to.equal('active');
  });

  it('keeps the server copy after a successful update', async () => {
    const { fetch } = fakeFetch(
      jsonResponse(200, makeIntegration(), { ETag: '"v1"' }),
      jsonResponse(200, makeIntegration({ name: 'Saved by server' }), { ETag: '"v2"' }),
    );
    const client = createClient({ apiBaseUrl: BASE, fetch });
    await client.getIntegration('int-1');
    const saved = await client.updateIntegration('int-1', { name: 'Saved' });
    expect(saved.name).to.equal('Saved by server');
    expect(client.cachedIntegration('int-1')!.etag).to.equal('"v2"');
  });

  it('removes a deleted integration from lists at once and restores it if the delete fails', async () => {
    const pending = deferredResponse();
    const { fetch } = fakeFetch(jsonResponse(200, { items: makeIntegrations(3), nextCursor: null, total: 3 }), pending.answer);
    const client = createClient({ apiBaseUrl: BASE, fetch, retry: { attempts: 1 } });
    await client.listIntegrations();
    const deletion = client.deleteIntegration('int-2');
    await waitUntil(() => client.cache.get<Page<Integration>>(queryKeys.list({}))!.total === 2, 'the optimistic delete is applied');
    const during = client.cache.get<Page<Integration>>(queryKeys.list({}))!;
    expect(during.items.map((i) => i.id)).to.deep.equal(['int-1', 'int-3']);
    expect(during.total).to.equal(2);
    pending.release(jsonResponse(403, { error: { code: 'permission_denied', message: 'Owners only' } }));
    await expectIntegrationError(deletion, 'permission_denied');
    const after = client.cache.get<Page<Integration>>(queryKeys.list({}))!;
    expect(after.items.map((i) => i.id)).to.deep.equal(['int-1', 'int-2', 'int-3']);
  });

  it('lets a watcher see loading, then data, then a refetch after invalidation', async () => {
    let version = 0;
    const { fetch, requests } = fakeFetch(() => jsonResponse(200, makeIntegration({ name: `v${++version}` })));
    const client = createClient({ apiBaseUrl: BASE, fetch });
    const states: Array<QueryState<Integration>> = [];
    const stop = client.watch(client.queries.integration('int-1'), (state) => states.push(state));
    await waitUntil(() => states.at(-1)?.isSuccess, 'the first load lands');
    expect(states[0]!.status).to.equal('pending');
    expect(states.at(-1)!.data?.name).to.equal('v1');
    await client.invalidate('int-1');
    await waitUntil(() => states.at(-1)?.data?.name !== 'v1', 'the refetch lands');
    expect(states.at(-1)!.data?.name).to.equal('v2');
    expect(requests.length).to.equal(2);
    stop();
  });

  it('normalises list queries so empty filters share one cache entry', async () => {
    const { fetch, requests } = fakeFetch(jsonResponse(200, { items: [], nextCursor: null, total: 0 }));
    const client = createClient({ apiBaseUrl: BASE, fetch });
    await client.listIntegrations({ q: '' });
    await client.listIntegrations({});
    expect(requests).to.have.length(1);
  });

  it('lists every integration the cache knows once', async () => {
    const { fetch } = fakeFetch(
      jsonResponse(200, { items: makeIntegrations(2), nextCursor: null, total: 2 }),
      jsonResponse(200, makeIntegration({ id: 'int-9' })),
    );
    const client = createClient({ apiBaseUrl: BASE, fetch });
    await client.listIntegrations();
    await client.getIntegration('int-9');
    expect(
      client
        .cachedIntegrations()
        .map((i) => i.id)
        .sort(),
    ).to.deep.equal(['int-1', 'int-2', 'int-9']);
  });

  it('lets the refresh scheduler forget a deleted integration even when no list is cached', async () => {
    const soon = new Date(Date.now() + 10 * 60_000).toISOString();
    const { fetch } = fakeFetch(
      jsonResponse(200, makeIntegration({ id: 'int-1', status: 'active', tokenStatus: 'valid', tokenExpiresAt: soon })),
      () => new Response(null, { status: 204 }),
    );
    const client = createClient({ apiBaseUrl: BASE, fetch });
    client.tokens.start();
    await client.getIntegration('int-1');
    await waitUntil(() => client.tokens.stateOf('int-1') !== 'none', 'the scheduler learns of the integration');
    expect(client.tokens.stateOf('int-1')).to.equal('valid');
    await client.deleteIntegration('int-1');
    await waitUntil(() => client.tokens.stateOf('int-1') === 'none', 'the scheduler forgets the integration');
    expect(client.tokens.stateOf('int-1')).to.equal('none');
    client.destroy();
  });
});
