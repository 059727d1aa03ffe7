/**
 * The client's live events (GET /api/events) against the fake server's stream: every watcher
 * gets each change, two clients ("tabs") on one server both follow it, a reconnect resumes after
 * the last event seen, and refusals, bad events and a server without a stream are handled.
 */
import { expect } from '@open-wc/testing';
import sinon from 'sinon';
import { isIntegrationError, type Integration, type IntegrationsClient, type Page, type QueryState } from '../../src/core/index.js';
import { makeIntegration, makeIntegrations } from '../support/fixtures.js';
import { fakeServer, untilTrue } from '../support/fake-server.js';
import { jsonResponse } from '../support/fake-fetch.js';
import { destroyLiveClients, LIVE_OWNER, liveClient, streamOpen as open } from '../support/live.js';

afterEach(() => {
  destroyLiveClients();
  sinon.restore();
});

function watchDetail(client: IntegrationsClient, id: string) {
  let state: QueryState<Integration> | undefined;
  const stop = client.watch(client.queries.integration(id), (s) => (state = s));
  return { stop, state: () => state };
}

function watchList(client: IntegrationsClient) {
  let state: QueryState<Page<Integration>> | undefined;
  const stop = client.watch(client.queries.list(), (s) => (state = s));
  return { stop, item: (id: string) => state?.data?.items.find((i) => i.id === id), ids: () => state?.data?.items.map((i) => i.id) ?? [] };
}

describe('live events', () => {
  it('opens one stream with the bearer header (no token in the address) and applies an event to every watcher', async () => {
    const server = fakeServer(makeIntegrations(2), { me: LIVE_OWNER, events: true });
    const client = liveClient(server);
    const detail = watchDetail(client, 'int-1');
    const list = watchList(client);
    await open(client);
    await untilTrue(() => detail.state()?.isSuccess === true && list.ids().length === 2, 'both loaded');
    const [request] = server.eventRequests();
    expect(server.eventRequests()).to.have.length(1);
    expect(request!.headers.get('Authorization')).to.equal('Bearer token-1');
    expect(request!.headers.get('Accept')).to.equal('text/event-stream');
    expect(request!.url.search).to.equal('');
    server.change('int-1', { name: 'Renamed elsewhere' });
    await untilTrue(() => detail.state()?.data?.name === 'Renamed elsewhere', 'the detail follows');
    await untilTrue(() => list.item('int-1')?.name === 'Renamed elsewhere', 'the list follows');
    detail.stop();
    list.stop();
  });

  it('two clients on one server (two tabs): a write in one shows in the other', async () => {
    const server = fakeServer(makeIntegrations(2), { me: LIVE_OWNER, events: true });
    const tabA = liveClient(server);
    const tabB = liveClient(server);
    const inA = watchList(tabA);
    const inB = watchList(tabB);
    await open(tabA);
    await open(tabB);
    await untilTrue(() => inB.ids().length === 2 && inA.ids().length === 2, 'both lists loaded');
    await tabA.updateIntegration('int-2', { status: 'disabled' });
    await untilTrue(() => inB.item('int-2')?.status === 'disabled', 'tab B shows tab A’s write');
    await tabB.deleteIntegration('int-1');
    await untilTrue(() => !inA.ids().includes('int-1'), 'tab A drops what tab B deleted');
    expect(inA.item('int-2')!.status).to.equal('disabled');
  });

  it('integration.deleted: the list drops it and a watcher of its detail reads not_found', async () => {
    const server = fakeServer(makeIntegrations(2), { me: LIVE_OWNER, events: true });
    const client = liveClient(server);
    const list = watchList(client);
    const detail = watchDetail(client, 'int-1');
    await open(client);
    await untilTrue(() => detail.state()?.isSuccess === true && list.ids().length === 2, 'loaded');
    server.stored.delete('int-1');
    server.emit('integration.deleted', { integrationId: 'int-1', at: new Date().toISOString(), actor: { type: 'server' } });
    await untilTrue(() => !list.ids().includes('int-1'), 'the list drops it');
    await untilTrue(() => detail.state()?.isError === true, 'the detail reads again');
    const error = detail.state()!.error;
    expect(isIntegrationError(error) && error.code).to.equal('not_found');
    expect(client.wasDeleted('int-1'), 'not deleted by this client').to.equal(false);
  });

  it('reset: everything held is read again', async () => {
    const server = fakeServer(makeIntegrations(1), { me: LIVE_OWNER, events: true });
    const client = liveClient(server);
    const list = watchList(client);
    await open(client);
    await untilTrue(() => list.ids().length === 1, 'loaded');
    const before = server.listRequests().length;
    server.stored.set('int-1', { ...server.stored.get('int-1')!, name: 'Changed while the log was lost' });
    server.emit('reset', {});
    await untilTrue(() => list.item('int-1')?.name === 'Changed while the log was lost', 'read again');
    expect(server.listRequests().length).to.equal(before + 1);
  });

  it('reconnects after a drop with Last-Event-ID and loses nothing', async () => {
    const server = fakeServer(makeIntegrations(3), { me: LIVE_OWNER, events: true });
    const clock = sinon.useFakeTimers({ now: Date.now(), toFake: ['setTimeout', 'clearTimeout'] });
    const client = liveClient(server);
    const list = watchList(client);
    await open(client);
    await untilTrue(() => list.ids().length === 3, 'loaded');
    const seen = server.change('int-1', { name: 'One' });
    await untilTrue(() => list.item('int-1')?.name === 'One', 'first event applied');
    expect(seen.etag).to.be.a('string');
    server.dropStreams();
    await untilTrue(() => client.liveState === 'down', 'the client sees the drop');
    // Changes while the stream is down: the server keeps them in its log.
    server.change('int-2', { name: 'Two' });
    server.change('int-3', { name: 'Three' });
    await clock.tickAsync(3_000); // the server's retry: 3000 is the floor
    await open(client);
    await untilTrue(() => list.item('int-2')?.name === 'Two' && list.item('int-3')?.name === 'Three', 'replayed');
    const requests = server.eventRequests();
    expect(requests).to.have.length(2);
    expect(requests[1]!.headers.get('Last-Event-ID')).to.equal(server.events[0]!.id);
  });

  it('offline: the stream closes and waits; online: it reconnects at once, resuming after the last event', async () => {
    const server = fakeServer(makeIntegrations(2), { me: LIVE_OWNER, events: true });
    const client = liveClient(server);
    const list = watchList(client);
    await open(client);
    await untilTrue(() => list.ids().length === 2, 'loaded');
    server.change('int-1', { name: 'Before going offline' });
    await untilTrue(() => list.item('int-1')?.name === 'Before going offline', 'applied');
    let online = false;
    sinon.stub(Navigator.prototype, 'onLine').get(() => online);
    window.dispatchEvent(new Event('offline'));
    expect(client.liveState).to.equal('down');
    await untilTrue(() => server.openStreams() === 0, 'the stream is closed');
    server.change('int-2', { name: 'While offline' });
    expect(server.eventRequests(), 'no attempt while offline').to.have.length(1);
    online = true;
    window.dispatchEvent(new Event('online'));
    await open(client);
    await untilTrue(() => list.item('int-2')?.name === 'While offline', 'replayed');
    expect(server.eventRequests()[1]!.headers.get('Last-Event-ID')).to.equal(server.events[0]!.id);
  });

  it('a missed heartbeat (45 s without a byte) counts as a drop; heartbeats keep the stream', async () => {
    const server = fakeServer(makeIntegrations(1), { me: LIVE_OWNER, events: true });
    const clock = sinon.useFakeTimers({ now: Date.now(), toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
    const client = liveClient(server);
    const list = watchList(client);
    await open(client);
    for (let i = 0; i < 4; i++) {
      server.send(': heartbeat\n\n');
      await untilTrue(server.streamsDrained, 'the heartbeat is read');
      await clock.tickAsync(15_000);
    }
    await clock.tickAsync(29_000);
    expect(client.liveState, '44 s after the last heartbeat').to.equal('open');
    expect(server.eventRequests()).to.have.length(1);
    await clock.tickAsync(1_000);
    expect(client.liveState, '45 s of silence').to.equal('down');
    await clock.tickAsync(3_000);
    await untilTrue(() => server.eventRequests().length === 2, 'reconnected');
    list.stop();
  });

  it('401: stops with one typed error and does not reconnect', async () => {
    const server = fakeServer(makeIntegrations(1), { me: LIVE_OWNER, events: true });
    server.intercept((request) =>
      request.url.pathname.endsWith('/events')
        ? jsonResponse(401, { error: { code: 'unauthenticated', message: 'Signed out.' } })
        : undefined,
    );
    const clock = sinon.useFakeTimers({ now: Date.now(), toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
    const client = liveClient(server);
    const heard: Array<[string, string | undefined]> = [];
    client.onLiveChange((state, error) => heard.push([state, error?.code]));
    const list = watchList(client);
    await untilTrue(() => client.liveState === 'refused', 'refused');
    await clock.tickAsync(10 * 60_000);
    expect(server.eventRequests()).to.have.length(1);
    expect(heard.filter(([state]) => state === 'refused')).to.deep.equal([['refused', 'unauthenticated']]);
    // Signed in again (the host says so): one new attempt.
    client.resumeEvents();
    await untilTrue(() => server.eventRequests().length === 2, 'tried again once');
    list.stop();
  });

  it('an invalid event is skipped with a warning; the stream goes on', async () => {
    const warn = sinon.stub(console, 'warn');
    const server = fakeServer(makeIntegrations(1), { me: LIVE_OWNER, events: true });
    const client = liveClient(server);
    const list = watchList(client);
    await open(client);
    await untilTrue(() => list.ids().length === 1, 'loaded');
    server.send('id: 900\nevent: integration.updated\ndata: {"integrationId":"int-1","integration":{"id":"int-1"}}\n\n');
    server.send('id: 901\nevent: integration.updated\ndata: not json\n\n');
    server.change('int-1', { name: 'After the bad ones' });
    await untilTrue(() => list.item('int-1')?.name === 'After the bad ones', 'the good event applied');
    expect(warn.callCount).to.equal(2);
    expect(String(warn.firstCall.args[0])).to.contain('integration.updated');
    expect(client.liveState).to.equal('open');
  });

  it('no stream when /me has no features.events, nor when /events is 404', async () => {
    const without = fakeServer(makeIntegrations(1), { me: { ...LIVE_OWNER, features: undefined } });
    const plain = liveClient(without);
    const a = watchList(plain);
    const offers = fakeServer(makeIntegrations(1), { me: LIVE_OWNER, events: false });
    const missing = liveClient(offers);
    const b = watchList(missing);
    await untilTrue(() => missing.liveState === 'unsupported', 'the 404 is understood');
    await untilTrue(() => a.ids().length === 1 && b.ids().length === 1, 'both lists load');
    expect(without.eventRequests()).to.have.length(0);
    expect(offers.eventRequests()).to.have.length(1);
    expect(plain.liveState).to.equal('off');
  });

  it('the stream runs only while something watches, and stops with the client', async () => {
    const server = fakeServer([makeIntegration()], { me: LIVE_OWNER, events: true });
    const client = liveClient(server);
    await client.getIntegration('int-1');
    await client.loadPermissions();
    expect(client.liveState, 'nothing watches yet').to.equal('off');
    const detail = watchDetail(client, 'int-1');
    await open(client);
    detail.stop();
    await untilTrue(() => client.liveState === 'off' && server.openStreams() === 0, 'closed when nobody watches');
    const again = watchDetail(client, 'int-1');
    await open(client);
    client.destroy();
    await untilTrue(() => server.openStreams() === 0, 'closed with the client');
    again.stop();
  });
});
