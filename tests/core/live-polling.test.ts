/**
 * Polling is the fallback of the event stream: no interval request while the stream is up, polling
 * again while it is down, and a reconnect that catches up from the log instead of refetching.
 * Also: the token scheduler steps aside while the server refreshes tokens itself.
 */
import { expect } from '@open-wc/testing';
import sinon from 'sinon';
import type { Integration, IntegrationsClient, Page, QueryState } from '../../src/core/index.js';
import { makeIntegration, makeIntegrations } from '../support/fixtures.js';
import { fakeServer, untilTrue } from '../support/fake-server.js';
import { jsonResponse } from '../support/fake-fetch.js';
import { destroyLiveClients, LIVE_OWNER, liveClient, streamOpen } from '../support/live.js';

afterEach(() => {
  destroyLiveClients();
  sinon.restore();
});

const fakeClock = () =>
  sinon.useFakeTimers({ now: Date.now(), toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });

function watchList(client: IntegrationsClient) {
  let state: QueryState<Page<Integration>> | undefined;
  const stop = client.watch(client.queries.list(), (s) => (state = s));
  return { stop, item: (id: string) => state?.data?.items.find((i) => i.id === id), loaded: () => state?.isSuccess === true };
}

type Server = ReturnType<typeof fakeServer>;

/** Lets `ms` pass on the fake clock with a heartbeat every 15 s, as the server sends them. */
async function passWithHeartbeats(clock: sinon.SinonFakeTimers, server: Server, ms: number): Promise<void> {
  for (let passed = 0; passed < ms; passed += 15_000) {
    server.send(': heartbeat\n\n');
    await untilTrue(server.streamsDrained, 'the heartbeat is read');
    await clock.tickAsync(15_000);
  }
}

describe('polling as the fallback of the event stream', () => {
  it('without a stream, the list polls every minute (as before)', async () => {
    const clock = fakeClock();
    const server = fakeServer(makeIntegrations(2), { me: { ...LIVE_OWNER, features: { events: false, serverRefresh: false } } });
    const client = liveClient(server, { refetchIntervalMs: 60_000 });
    const list = watchList(client);
    await untilTrue(list.loaded, 'loaded');
    const before = server.listRequests().length;
    await clock.tickAsync(5 * 60_000);
    expect(server.listRequests().length - before).to.be.at.least(2);
    list.stop();
  });

  it('while the stream is up no polling request is made; on a drop polling resumes; reconnected, it catches up from the log', async () => {
    const clock = fakeClock();
    const server = fakeServer(makeIntegrations(2), { me: LIVE_OWNER, events: true });
    let streamsRefused = false;
    server.intercept((request) =>
      streamsRefused && request.url.pathname.endsWith('/events')
        ? jsonResponse(503, { error: { code: 'server_error', message: 'Restarting.' } })
        : undefined,
    );
    const client = liveClient(server, { refetchIntervalMs: 60_000 });
    const list = watchList(client);
    await streamOpen(client);
    await untilTrue(list.loaded, 'loaded');
    const atOpen = server.readRequests().length;
    await passWithHeartbeats(clock, server, 5 * 60_000);
    expect(server.readRequests().length, 'no request in 5 minutes of an open stream').to.equal(atOpen);

    streamsRefused = true;
    server.dropStreams();
    await untilTrue(() => client.liveState === 'down', 'dropped');
    await clock.tickAsync(61_000);
    await untilTrue(() => server.listRequests().length > 1, 'polled while down');
    const afterPolling = server.readRequests().length;

    // A change the poll did not see: the log keeps it for the reconnect.
    server.change('int-1', { name: 'Changed while down' });
    streamsRefused = false;
    await clock.tickAsync(30_000);
    await streamOpen(client);
    await untilTrue(() => list.item('int-1')?.name === 'Changed while down', 'replayed');
    expect(server.readRequests().length, 'caught up from the log, nothing refetched').to.equal(afterPolling);
    await passWithHeartbeats(clock, server, 3 * 60_000);
    expect(server.readRequests().length, 'no polling once up again').to.equal(afterPolling);
    list.stop();
  });
});

describe('the token scheduler and the server’s own refreshes', () => {
  const expiringSoon = () => makeIntegration({ id: 'int-1', tokenExpiresAt: new Date(Date.now() + 30_000).toISOString() });

  it('steps aside while /me says serverRefresh; a manual refresh still goes, marked user', async () => {
    const clock = fakeClock();
    const server = fakeServer([expiringSoon()], { me: { ...LIVE_OWNER, features: { events: true, serverRefresh: true } }, events: true });
    const client = liveClient(server, { autoRefresh: true });
    const list = watchList(client);
    await streamOpen(client);
    await untilTrue(list.loaded, 'loaded');
    await client.tokens.settled();
    await passWithHeartbeats(clock, server, 3 * 60_000);
    expect(server.refreshRequests(), 'no automatic refresh').to.have.length(0);
    await client.refreshToken('int-1');
    expect(server.refreshRequests()).to.have.length(1);
    expect(server.refreshRequests()[0]!.headers.get('X-Refresh-Trigger')).to.equal('user');
    list.stop();
  });

  it('stays the fallback without serverRefresh: it refreshes, marked scheduler', async () => {
    const clock = fakeClock();
    const server = fakeServer([expiringSoon()], { me: LIVE_OWNER, events: true });
    const client = liveClient(server, { autoRefresh: true });
    const list = watchList(client);
    await streamOpen(client);
    await untilTrue(list.loaded, 'loaded');
    // The scheduler's first look at the cache comes after a frame (real time): wait for it, then pass the due time.
    await client.tokens.settled();
    await clock.tickAsync(20_000);
    await untilTrue(() => server.refreshRequests().length === 1, 'the scheduler refreshed');
    expect(server.refreshRequests()[0]!.headers.get('X-Refresh-Trigger')).to.equal('scheduler');
    list.stop();
  });
});
