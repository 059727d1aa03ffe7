/**
 * Webhook deliveries (server/webhooks/): the stream's events reach a receiver (a node http server on
 * 127.0.0.1 here) signed the Standard Webhooks way, and the receiver verifies every one with the
 * standardwebhooks package's Webhook class; a receiver answering 500 gets retries with exponential
 * backoff until the delivery is given up; the owner reads the attempts in the delivery log.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import { Webhook } from 'standardwebhooks';
import { FakeClock } from '../lifecycle/clock.js';
import { WebhookDispatcher } from '../webhooks/dispatcher.js';
import { DEV_WEBHOOK_SECRET_FILE } from '../webhooks/secret.js';
import { startTestServer, type TestServer } from './support/harness.js';

interface Received {
  body: string;
  headers: IncomingHttpHeaders;
}

/** A receiver that answers `status` and keeps what it got. */
async function startReceiver(): Promise<{ url: string; received: Received[]; status: { code: number }; close(): Promise<void> }> {
  const received: Received[] = [];
  const status = { code: 204 };
  const http: Server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      received.push({ body, headers: req.headers });
      res.writeHead(status.code).end();
    });
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(http.address() as AddressInfo).port}/hooks`,
    received,
    status,
    close: () =>
      new Promise((resolve) => {
        http.close(() => resolve());
        http.closeAllConnections();
      }),
  };
}

const secret = `whsec_${randomBytes(32).toString('base64')}`;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
let server: TestServer;
let owner: string;
let clock: FakeClock;

before(async () => {
  receiver = await startReceiver();
  clock = new FakeClock();
  // The server's own dispatcher runs on the fake clock: it delivers only when a test moves time.
  server = await startTestServer({ webhooks: { url: receiver.url, secret, retryBaseSeconds: 10, maxAttempts: 3 } }, { clock });
  owner = await server.token('tenant-webhooks', 'owner');
});

after(async () => {
  await server?.dispose();
  await receiver?.close();
});

beforeEach(() => {
  receiver.received.length = 0;
  receiver.status.code = 204;
});

async function createIntegration(name: string): Promise<string> {
  const created = await server.request('/api/integrations', {
    method: 'POST',
    token: owner,
    body: { name, cloudProviderId: 'dev-cloud', settings: { region: 'eu-west-1' } },
  });
  assert.equal(created.status, 201);
  return created.body.id as string;
}

function verified(delivery: Received): { type: string; tenantId: string; data: { integrationId: string } } {
  const headers = {
    'webhook-id': String(delivery.headers['webhook-id']),
    'webhook-timestamp': String(delivery.headers['webhook-timestamp']),
    'webhook-signature': String(delivery.headers['webhook-signature']),
  };
  return new Webhook(secret).verify(delivery.body, headers) as ReturnType<typeof verified>;
}

describe('signed deliveries', () => {
  it('delivers the stream’s events, each signed, and the receiver verifies every signature', async () => {
    const id = await createIntegration('Announced');
    const renamed = await server.request(`/api/integrations/${id}`, { method: 'PATCH', token: owner, body: { name: 'Announced again' } });
    assert.equal(renamed.status, 200);
    const attempted = await server.webhooks!.deliverDue();
    assert.ok(attempted >= 2, `${attempted} deliveries`);
    assert.equal(receiver.received.length, attempted);
    const events = receiver.received.map(verified);
    const types = events.map((event) => event.type);
    assert.ok(types.includes('integration.created') && types.includes('integration.updated'), types.join(', '));
    assert.ok(types.includes('activity.recorded'));
    assert.ok(events.every((event) => event.tenantId === 'tenant-webhooks' && event.data.integrationId === id));
    assert.equal(new Set(receiver.received.map((r) => r.headers['webhook-id'])).size, attempted, 'one id per message');
    assert.equal(await server.webhooks!.deliverDue(), 0, 'delivered once');
  });

  it('a body changed on the way fails verification (the check can fail)', async () => {
    await createIntegration('Tampered');
    await server.webhooks!.deliverDue();
    const [delivery] = receiver.received;
    assert.ok(delivery);
    assert.throws(() => verified({ ...delivery, body: delivery.body.replace('Tampered', 'Tampered!') }));
    assert.throws(() => new Webhook(`whsec_${randomBytes(32).toString('base64')}`).verify(delivery.body, delivery.headers as never));
  });
});

describe('retries and the delivery log', () => {
  it('a receiver answering 500 gets retries with exponential backoff, then the delivery is given up; the log shows every attempt', async () => {
    receiver.status.code = 500;
    const id = await createIntegration('Failing receiver');
    const due = await server.webhooks!.deliverDue();
    assert.ok(due >= 1);
    const perMessage = () => {
      const counts = new Map<string, number>();
      for (const r of receiver.received)
        counts.set(String(r.headers['webhook-id']), (counts.get(String(r.headers['webhook-id'])) ?? 0) + 1);
      return counts;
    };
    assert.ok(
      [...perMessage().values()].every((n) => n === 1),
      'attempt 1',
    );
    assert.equal(await server.webhooks!.deliverDue(), 0, 'no retry at once');
    clock.advance(10_000);
    assert.equal(await server.webhooks!.deliverDue(), due, 'attempt 2 after 10 s');
    clock.advance(10_000);
    assert.equal(await server.webhooks!.deliverDue(), 0, 'attempt 3 waits 20 s');
    clock.advance(10_000);
    assert.equal(await server.webhooks!.deliverDue(), due, 'attempt 3 after 20 s');
    clock.advance(3600_000);
    assert.equal(await server.webhooks!.deliverDue(), 0, 'given up after 3 attempts');
    assert.ok([...perMessage().values()].every((n) => n === 3));
    // Every retry carries the same id and a valid signature.
    for (const delivery of receiver.received) verified(delivery);

    const log = await server.request('/api/webhooks/deliveries?limit=100', { token: owner });
    assert.equal(log.status, 200);
    const mine = log.body.items.filter((item: { eventType: string; state: string }) => item.state === 'failed');
    assert.equal(mine.length, due);
    for (const item of mine) {
      assert.deepEqual(
        item.attempts.map((a: { attempt: number; httpStatus: number }) => [a.attempt, a.httpStatus]),
        [
          [1, 500],
          [2, 500],
          [3, 500],
        ],
      );
      assert.equal(item.nextAttemptAt, null);
    }
    assert.ok(id);
  });

  it('a delivery waiting in the outbox survives a restart: a new dispatcher on the same database sends it', async () => {
    receiver.status.code = 503;
    await createIntegration('Across a restart');
    const pending = await server.webhooks!.deliverDue();
    assert.ok(pending >= 1);
    receiver.received.length = 0;
    receiver.status.code = 200;
    const restarted = new WebhookDispatcher({ db: server.db, url: receiver.url, secret, logger: server.deps.logger, clock });
    clock.advance(10_000);
    assert.equal(await restarted.deliverDue(), pending);
    assert.equal(receiver.received.length, pending);
    receiver.received.forEach(verified);
    const log = await server.request('/api/webhooks/deliveries', { token: owner });
    const delivered = log.body.items.filter((item: { state: string }) => item.state === 'delivered').slice(0, pending);
    assert.ok(
      delivered.every((item: { attempts: Array<{ httpStatus: number }> }) => item.attempts.map((a) => a.httpStatus).join() === '503,200'),
    );
  });

  it('the log is the owner’s: members get 403; a bad cursor or limit is a 400 naming it', async () => {
    const member = await server.token('tenant-webhooks', 'member');
    const refused = await server.request('/api/webhooks/deliveries', { token: member });
    assert.equal(refused.status, 403);
    assert.equal(refused.body.error.code, 'permission_denied');
    const badCursor = await server.request('/api/webhooks/deliveries?cursor=abc', { token: owner });
    assert.equal(badCursor.status, 400);
    assert.ok(badCursor.body.error.fields.cursor);
    const badLimit = await server.request('/api/webhooks/deliveries?limit=1000', { token: owner });
    assert.equal(badLimit.status, 400);
    assert.ok(badLimit.body.error.fields.limit);
    const other = await server.request('/api/webhooks/deliveries', { token: await server.token('tenant-elsewhere', 'owner') });
    assert.deepEqual(other.body.items, [], 'another tenant sees none of these');
  });
});

describe('configuration', () => {
  it('without WEBHOOK_URL nothing is queued; in dev the secret is generated once into the data folder', async () => {
    const plain = await startTestServer();
    try {
      const token = await plain.token('tenant-no-hooks', 'owner');
      const created = await plain.request('/api/integrations', {
        method: 'POST',
        token,
        body: { name: 'Quiet', cloudProviderId: 'dev-cloud', settings: { region: 'eu-west-1' } },
      });
      assert.equal(created.status, 201);
      const [queued] = await plain.db.query<{ n: number }>('SELECT count(*)::int AS n FROM webhook_outbox');
      assert.equal(queued!.n, 0);
      assert.equal(plain.webhooks, undefined);
      const file = join(plain.dataDir, DEV_WEBHOOK_SECRET_FILE);
      assert.ok(existsSync(file));
      assert.match(readFileSync(file, 'utf8'), /^whsec_[A-Za-z0-9+/]+=*\n$/);
    } finally {
      await plain.dispose();
    }
  });
});
