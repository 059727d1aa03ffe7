/**
 * GET /api/events: order, replay after a drop (events written while away included, and events
 * written during the reconnect), reset, tenant isolation, auth, heartbeats, freed subscriptions,
 * slow readers; and, with DATABASE_URL, two servers on one PostgreSQL hearing each other's commits.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { pruneOldRecords } from '../db/housekeeping.js';
import { createIntegration } from '../db/integrations.js';
import { openEventStream } from '../events/event-stream.js';
import { FanOut } from '../events/hub.js';
import { SERVER_ORIGIN } from '../events/origin.js';
import { startTestServer, type TestServer } from './support/harness.js';
import { eventually, openStream, type StreamEvent } from './support/sse-reader.js';

const body = (name: string) => ({ name, cloudProviderId: 'dev-cloud', settings: { region: 'eu-west-1' } });
const ids = (events: StreamEvent[]) => events.map((event) => Number(event.id));

describe('GET /api/events', () => {
  let server: TestServer;

  before(async () => {
    server = await startTestServer();
  });
  after(() => server.dispose());

  const create = async (token: string, name: string) => {
    const answer = await server.request('/api/integrations', { method: 'POST', token, body: body(name) });
    assert.equal(answer.status, 201, JSON.stringify(answer.body));
    return answer.body.id as string;
  };
  const rename = async (token: string, id: string, name: string) => {
    const answer = await server.request(`/api/integrations/${id}`, { method: 'PATCH', token, body: { name } });
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
  };

  it('streams a tenant’s changes in order, each with the integration as GET answers it', async () => {
    const owner = await server.token('tenant-order', 'owner');
    const stream = await openStream(server.url, owner);
    assert.equal(stream.response.status, 200);
    assert.equal(stream.response.headers.get('content-type'), 'text/event-stream; charset=utf-8');
    assert.equal(stream.response.headers.get('cache-control'), 'no-store');
    const id = await create(owner, 'Ordered');
    await rename(owner, id, 'Ordered, renamed');
    const disabled = await server.request(`/api/integrations/${id}`, { method: 'PATCH', token: owner, body: { status: 'disabled' } });
    assert.equal(disabled.status, 200);
    assert.equal((await server.request(`/api/integrations/${id}`, { method: 'DELETE', token: owner })).status, 204);
    await stream.waitFor((e) => e.type === 'activity.recorded' && e.data.activity.kind === 'deleted');
    stream.close();

    assert.equal(stream.retry, 3000);
    assert.deepEqual(
      stream.events.map((e) => (e.type === 'activity.recorded' ? `activity:${e.data.activity.kind}` : e.type)),
      [
        'integration.created',
        'activity:created',
        'integration.updated',
        'activity:renamed',
        'integration.updated',
        'activity:disabled',
        'integration.deleted',
        'activity:deleted',
      ],
    );
    const numbers = ids(stream.events);
    assert.ok(
      numbers.every((n, i) => i === 0 || n > numbers[i - 1]!),
      `ids increase: ${numbers}`,
    );
    const lastUpdate = stream.events.filter((e) => e.type === 'integration.updated').at(-1)!;
    assert.deepEqual(lastUpdate.data.integration, disabled.body);
    for (const event of stream.events) {
      assert.equal(event.data.integrationId, id);
      assert.deepEqual(event.data.actor, { type: 'user', id: 'dev-owner@tenant-order' });
      assert.ok(!Number.isNaN(Date.parse(event.data.at)));
    }
  });

  it('after a drop, Last-Event-ID replays what happened while away, then goes on live, with no gap and no repeat', async () => {
    const owner = await server.token('tenant-replay', 'owner');
    const first = await openStream(server.url, owner);
    const a = await create(owner, 'A');
    const seen = await first.waitFor((e) => e.type === 'activity.recorded');
    first.close();
    // While nobody listens:
    await rename(owner, a, 'A while away');
    const b = await create(owner, 'B while away');

    // The reconnect races writes that commit while it reads its replay.
    const reconnecting = openStream(server.url, owner, { 'Last-Event-ID': seen.id });
    const racing = Promise.all(Array.from({ length: 10 }, (_, i) => rename(owner, i % 2 ? a : b, `race ${i}`)));
    const second = await reconnecting;
    await racing;
    await rename(owner, b, 'B live');
    await second.waitFor((e) => e.type === 'integration.updated' && e.data.integration.name === 'B live');
    second.close();

    const stored = await server.db.query<{ id: string }>(
      "SELECT id::text AS id FROM events WHERE tenant_id = 'tenant-replay' AND id > $1 ORDER BY events.id",
      [seen.id],
    );
    assert.deepEqual(
      second.events.map((e) => e.id),
      stored.map((row) => row.id),
      'every stored event after the id, once, in order',
    );
    assert.ok(!second.events.some((e) => e.type === 'reset'));
  });

  it('answers an id it cannot resume from (malformed, unknown, or older than the log) with reset, then goes on', async () => {
    const owner = await server.token('tenant-reset', 'owner');
    const old = await openStream(server.url, owner);
    const id = await create(owner, 'Soon pruned');
    const pruned = await old.waitFor((e) => e.type === 'integration.created');
    old.close();
    await server.db.query("UPDATE events SET at = now() - interval '2 days' WHERE tenant_id = 'tenant-reset'");
    await pruneOldRecords(server.db);
    await rename(owner, id, 'After pruning');

    for (const lastEventId of ['not-a-number', '99999999999999', pruned.id]) {
      const stream = await openStream(server.url, owner, { 'Last-Event-ID': lastEventId });
      const reset = await stream.waitFor(() => true);
      stream.close();
      assert.equal(reset.type, 'reset', lastEventId);
      assert.deepEqual(reset.data, {});
      // The reset's id is a position to resume from: no second reset, and the next change arrives.
      const resumed = await openStream(server.url, owner, { 'Last-Event-ID': reset.id });
      await rename(owner, id, `after ${lastEventId}`);
      const next = await resumed.waitFor(() => true);
      resumed.close();
      assert.equal(next.type, 'integration.updated', lastEventId);
      assert.equal(next.data.integration.name, `after ${lastEventId}`);
    }
  });

  it('never sends another tenant’s events, live or replayed', async () => {
    const alice = await server.token('tenant-alice', 'owner');
    const bob = await server.token('tenant-bob', 'owner');
    const live = await openStream(server.url, alice);
    await create(bob, 'Bob’s');
    const mine = await create(alice, 'Alice’s');
    const first = await live.waitFor(() => true);
    live.close();
    // Bob's event committed first: had it been sent, it would come first.
    assert.equal(first.data.integrationId, mine);
    assert.ok(live.events.every((e) => e.data.integrationId === mine));

    const replay = await openStream(server.url, alice, { 'Last-Event-ID': '0' });
    await replay.waitFor((e) => e.type === 'activity.recorded' && e.data.integrationId === mine);
    replay.close();
    const bobs = await server.db.query<{ integration_id: string }>("SELECT integration_id FROM events WHERE tenant_id = 'tenant-bob'");
    assert.ok(bobs.length > 0);
    assert.ok(replay.events.every((e) => !bobs.some((row) => row.integration_id === e.data.integrationId)));
  });

  it('takes the token from the Authorization header only; a member reads the stream too', async () => {
    const owner = await server.token('tenant-auth', 'owner');
    const inUrl = await fetch(new URL(`/api/events?access_token=${owner}`, server.url), { headers: { Accept: 'text/event-stream' } });
    assert.equal(inUrl.status, 401);
    assert.equal(inUrl.headers.get('content-type')?.startsWith('application/json'), true);
    const both = await fetch(new URL(`/api/events?access_token=${owner}`, server.url), { headers: { Authorization: `Bearer ${owner}` } });
    assert.equal(both.status, 400);
    assert.ok(((await both.json()) as { error: { fields: Record<string, string> } }).error.fields.access_token);
    const member = await openStream(server.url, await server.token('tenant-auth', 'member'));
    assert.equal(member.response.status, 200);
    await create(owner, 'Seen by the member');
    await member.waitFor((e) => e.type === 'integration.created');
    member.close();
    const guest = await fetch(new URL('/api/events', server.url), {
      headers: { Authorization: `Bearer ${await server.token('tenant-auth', 'guest')}` },
    });
    assert.equal(guest.status, 403);
  });

  it('sends a heartbeat comment at the configured interval', async () => {
    const saved = server.deps.events.tuning.heartbeatMs;
    server.deps.events.tuning.heartbeatMs = 50;
    try {
      const stream = await openStream(server.url, await server.token('tenant-beat', 'member'));
      await stream.waitForComment('heartbeat');
      stream.close();
    } finally {
      server.deps.events.tuning.heartbeatMs = saved;
    }
  });

  it('frees the subscription of every client that goes away (100 connects and disconnects)', async () => {
    const hub = server.deps.events.hub;
    await eventually(() => hub.subscriptions === 0, 'earlier streams to end');
    const token = await server.token('tenant-churn', 'member');
    for (let i = 0; i < 100; i++) {
      const stream = await openStream(server.url, token, i % 2 ? { 'Last-Event-ID': '0' } : {});
      assert.equal(stream.response.status, 200);
      assert.ok(hub.subscriptions >= 1);
      stream.close();
    }
    await eventually(() => hub.subscriptions === 0, 'every subscription to be freed');
  });

  describe('a slow client', () => {
    const tenantId = 'tenant-slow';
    const tuning = { heartbeatMs: 30, highWaterMark: 600, maxBufferedBytes: 64 * 1024, pageSize: 5 };
    /** The tenant's stream from its first event, with `changes` to the tuning. */
    const openSlow = (hub: FanOut, changes: Partial<typeof tuning> = {}) =>
      openEventStream({
        db: server.deps.db,
        hub,
        tenantId,
        lastEventId: '0',
        tuning: { ...tuning, ...changes },
        logger: server.deps.logger,
      });

    before(async () => {
      // Ids that cross a power of ten: they must come in number order, not text order.
      await server.db.query('ALTER TABLE events ALTER COLUMN id RESTART WITH 99990');
      for (let i = 0; i < 15; i++) {
        await server.deps.db.transaction((tx) =>
          createIntegration(
            tx,
            { tenantId, cloudProviderId: 'dev-cloud', name: `Slow ${i}`, description: null, settings: {} },
            SERVER_ORIGIN,
          ),
        );
      }
    });

    it('that reads slowly gets every event, in order, read page by page as it makes room', async () => {
      const hub = new FanOut();
      // Beats far apart next to its reads: a loaded machine that keeps the reader waiting for two
      // short beats would look like a stall (the test beside this one is about stalls).
      const stream = openSlow(hub, { heartbeatMs: 250 });
      const reader = stream.getReader();
      let text = '';
      while ((text.match(/^id: /gm) ?? []).length < 30) {
        const { value, done } = await reader.read();
        assert.equal(done, false);
        text += new TextDecoder().decode(value);
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      await reader.cancel();
      const sent = [...text.matchAll(/^id: (\d+)$/gm)].map((m) => Number(m[1]));
      assert.equal(sent.length, 30);
      assert.ok(sent.every((n, i) => i === 0 || n > sent[i - 1]!));
      assert.equal(hub.subscriptions, 0);
    });

    it('that takes from its buffer between beats is kept, though the buffer stays above its mark', async (t) => {
      t.mock.timers.enable({ apis: ['setInterval'] });
      const hub = new FanOut();
      // One page of 15 events: several times the 600-byte mark, so reading a few never asks for more.
      const stream = openSlow(hub, { pageSize: 15 });
      const reader = stream.getReader();
      await reader.read(); // the retry line; the next read waits for the page
      for (let beat = 0; beat < 4; beat++) {
        assert.equal((await reader.read()).done, false);
        t.mock.timers.tick(tuning.heartbeatMs);
      }
      assert.equal(hub.subscriptions, 1, 'kept while it reads');
      t.mock.timers.tick(tuning.heartbeatMs);
      t.mock.timers.tick(tuning.heartbeatMs);
      assert.equal(hub.subscriptions, 0, 'dropped two beats after it stopped reading');
      await assert.rejects(reader.read());
    });

    it('that reads nothing is dropped, and its subscription freed, instead of buffering without bound', async () => {
      const hub = new FanOut();
      const stream = openSlow(hub);
      assert.equal(hub.subscriptions, 1);
      await eventually(() => hub.subscriptions === 0, 'the stalled stream to be dropped');
      await assert.rejects(stream.getReader().read());
    });
  });
});

describe(
  'two servers on one PostgreSQL',
  { skip: process.env.DATABASE_URL ? false : 'DATABASE_URL is not set: needs a real PostgreSQL' },
  () => {
    let first: TestServer;
    let second: TestServer;

    before(async () => {
      // One signing key, so a token of one server is good on the other, as with two processes of one host.
      const jwt = { algorithm: 'HS256' as const, secret: randomBytes(32).toString('base64url') };
      first = await startTestServer({ jwt });
      second = await startTestServer({ jwt }, { shareDatabaseOf: first });
    });
    after(async () => {
      await second.close();
      await first.dispose();
    });

    it('a change through one reaches a stream on the other, through LISTEN/NOTIFY', async () => {
      const token = await first.token('tenant-fan-out', 'owner');
      const onSecond = await openStream(second.url, token);
      const created = await first.request('/api/integrations', { method: 'POST', token, body: body('Across servers') });
      assert.equal(created.status, 201);
      const event = await onSecond.waitFor((e) => e.type === 'integration.created');
      onSecond.close();
      assert.equal(event.data.integration.id, created.body.id);
    });
  },
);
