/**
 * Events and writes overlapping: an event goes through the one write path, so the layer of a
 * write in flight stays on top of it, and an event older than the copy held (a replay after a
 * write's answer) does not put back what the write changed.
 */
import { expect } from '@open-wc/testing';
import sinon from 'sinon';
import type { Integration, IntegrationsClient, QueryState } from '../../src/core/index.js';
import { makeIntegrations } from '../support/fixtures.js';
import { fakeServer, gate, untilTrue } from '../support/fake-server.js';
import { destroyLiveClients, LIVE_OWNER, liveClient, streamOpen } from '../support/live.js';

afterEach(() => {
  destroyLiveClients();
  sinon.restore();
});

function watchDetail(client: IntegrationsClient, id: string) {
  let state: QueryState<Integration> | undefined;
  const stop = client.watch(client.queries.integration(id), (s) => (state = s));
  return { stop, data: () => state?.data };
}

const about = (integrationId: string) => ({ integrationId, at: new Date().toISOString(), actor: { type: 'server' } as const });

describe('live events and writes overlapping', () => {
  it('an event arriving during a PATCH: the edit stays on screen over the event’s data, then both hold', async () => {
    const server = fakeServer(makeIntegrations(1), { me: LIVE_OWNER, events: true });
    const client = liveClient(server);
    const detail = watchDetail(client, 'int-1');
    await streamOpen(client);
    await untilTrue(() => detail.data() !== undefined, 'loaded');
    const hold = gate();
    server.intercept(async (request, apply) => {
      if (request.method !== 'PATCH') return undefined;
      await hold.opened;
      return apply();
    });
    const saving = client.updateIntegration('int-1', { name: 'Mine' });
    expect(detail.data()!.name).to.equal('Mine');
    // The server's worker refreshes the token meanwhile (the edit version does not move).
    const later = new Date(Date.now() + 7_200_000).toISOString();
    const refreshed = { ...server.stored.get('int-1')!, tokenExpiresAt: later, updatedAt: new Date().toISOString() };
    server.stored.set('int-1', refreshed);
    server.emit('token.refreshed', { ...about('int-1'), integration: refreshed });
    await untilTrue(() => detail.data()!.tokenExpiresAt === later, 'the event’s token data shows');
    expect(detail.data()!.name, 'the write in flight stays on top').to.equal('Mine');
    hold.open();
    await saving;
    expect(detail.data()!.name).to.equal('Mine');
    expect(detail.data()!.tokenExpiresAt).to.equal(later);
    detail.stop();
  });

  it('an old event arriving after the PATCH’s answer does not overwrite the newer copy', async () => {
    const server = fakeServer(makeIntegrations(2), { me: LIVE_OWNER, events: true });
    const client = liveClient(server);
    const detail = watchDetail(client, 'int-1');
    const other = watchDetail(client, 'int-2');
    await streamOpen(client);
    await untilTrue(() => detail.data() !== undefined && other.data() !== undefined, 'loaded');
    const before = server.stored.get('int-1')!;
    await client.updateIntegration('int-1', { name: 'Newer' });
    expect(detail.data()!.name).to.equal('Newer');
    // Replayed late: the copy from before the PATCH (an older ETag), and one with an older updatedAt.
    server.emit('integration.updated', { ...about('int-1'), integration: before });
    const stale = { ...server.stored.get('int-1')!, name: 'Stale', updatedAt: '2020-01-01T00:00:00.000Z' };
    server.emit('token.refreshed', { ...about('int-1'), integration: stale });
    // Events apply in order: once a later one shows, the two above were handled.
    server.change('int-2', { name: 'Marker' });
    await untilTrue(() => other.data()!.name === 'Marker', 'the marker event applied');
    expect(detail.data()!.name).to.equal('Newer');
    expect(detail.data()!.etag).to.equal(server.stored.get('int-1')!.etag);
    detail.stop();
    other.stop();
  });

  it('a newer event after the answer is stored (another person’s later edit)', async () => {
    const server = fakeServer(makeIntegrations(1), { me: LIVE_OWNER, events: true });
    const client = liveClient(server);
    const detail = watchDetail(client, 'int-1');
    await streamOpen(client);
    await untilTrue(() => detail.data() !== undefined, 'loaded');
    await client.updateIntegration('int-1', { name: 'Mine' });
    server.change('int-1', { name: 'Theirs, later' });
    await untilTrue(() => detail.data()!.name === 'Theirs, later', 'the later edit shows');
    detail.stop();
  });
});
