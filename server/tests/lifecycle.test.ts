/**
 * The lifecycle worker (server/lifecycle/): refreshes ahead of expiry with no browser, stops on a
 * refused grant, backs off on transient failures, shares work between workers on one database,
 * survives a worker that dies mid-refresh, runs scheduled health checks, and stops cleanly. Its
 * clock is a FakeClock: the tests move time instead of waiting for it.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { LifecycleConfig } from '../config.js';
import { decryptTokens, findTokenRow } from '../db/tokens.js';
import { FakeClock } from '../lifecycle/clock.js';
import { claimDueRefreshes } from '../lifecycle/refresh-claims.js';
import { LifecycleWorker } from '../lifecycle/worker.js';
import { startTestServer, type TestServer } from './support/harness.js';
import { authorize, completeCallback, connectedIntegration } from './support/oauth-helpers.js';

let server: TestServer;
let owner: string;

before(async () => {
  server = await startTestServer();
  owner = await server.token('tenant-lifecycle', 'owner');
});

after(async () => {
  await server?.dispose();
});

// The worker looks at every row; each test starts from an empty table so its figures are its own.
beforeEach(async () => {
  await server.db.query('DELETE FROM integrations');
});

/** The moment the worker counts the token as due (its expiring_at), ms. */
async function dueAt(target: TestServer, id: string): Promise<number> {
  const [row] = await target.db.query<{ expiring_at: Date | null }>(
    'SELECT expiring_at FROM integration_tokens WHERE integration_id = $1',
    [id],
  );
  assert.ok(row?.expiring_at, 'a token with a lead time');
  return new Date(row.expiring_at).getTime();
}

async function refreshCalls(target: TestServer, id: string): Promise<{ ok: number; failed: number }> {
  const [calls] = await target.db.query<{ ok: number; failed: number }>(
    `SELECT count(*) FILTER (WHERE ok)::int AS ok, count(*) FILTER (WHERE NOT ok)::int AS failed
     FROM provider_calls WHERE integration_id = $1 AND kind = 'refresh'`,
    [id],
  );
  return calls!;
}

function worker(target: TestServer, clock: FakeClock, config: Partial<LifecycleConfig> = {}) {
  return new LifecycleWorker(target.deps, { clock, config: { healthCheckIntervalSeconds: 0, ...config } });
}

function moveTo(clock: FakeClock, at: number): void {
  clock.advance(Math.max(0, at - clock.now()));
}

async function providerRefresh(target: TestServer, refreshToken: string): Promise<number> {
  const secret = target.devClientSecrets['dev-cloud']!;
  const response = await fetch(`${target.providerIssuer}/token`, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/x-www-form-urlencoded',
      Authorization: `Basic ${Buffer.from(`dev-cloud-client:${secret}`).toString('base64')}`,
    },
    body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: refreshToken }),
  });
  await response.body?.cancel();
  return response.status;
}

describe('refresh ahead of expiry', () => {
  it('refreshes a token once its lead time comes, with no client asking, once per window', async () => {
    const clock = new FakeClock();
    const id = await connectedIntegration(server, owner, 'Nobody watching');
    const before = decryptTokens(server.deps.cipher, (await findTokenRow(server.db, id))!);
    const lifecycle = worker(server, clock);

    assert.equal((await lifecycle.tick()).refreshes.refreshed, 0, 'not due yet: nothing happens');
    moveTo(clock, await dueAt(server, id));
    assert.equal((await lifecycle.tick()).refreshes.refreshed, 1);
    const afterRefresh = decryptTokens(server.deps.cipher, (await findTokenRow(server.db, id))!);
    assert.notEqual(afterRefresh.accessToken, before.accessToken);
    assert.ok(afterRefresh.expiresAt! > before.expiresAt!, 'the new token lives longer');
    assert.equal((await lifecycle.tick()).refreshes.refreshed, 0, 'the same window is not refreshed twice');
    assert.deepEqual(await refreshCalls(server, id), { ok: 1, failed: 0 });

    const health = await server.request(`/api/integrations/${id}/tokens/health`, { token: owner });
    assert.equal(health.status, 200);
    assert.equal(health.body.tokenStatus, 'valid');
    assert.equal(health.body.refreshHistory.length, 1);
    assert.ok(health.body.lastRefreshAt);
    const [activity] = await server.db.query<{ actor: { type: string }; via: string }>(
      `SELECT actor, via FROM activity WHERE integration_id = $1 AND kind = 'token_refreshed'`,
      [id],
    );
    assert.deepEqual(activity, { actor: { type: 'server' }, via: 'server' }, 'recorded as the server’s own refresh');

    // The next window comes round: refreshed again, once.
    moveTo(clock, await dueAt(server, id));
    assert.equal((await lifecycle.tick()).refreshes.refreshed, 1);
    assert.deepEqual(await refreshCalls(server, id), { ok: 2, failed: 0 });
  });

  it('leaves a disabled integration alone (its token is not refreshed while disabled), and refreshes it once enabled again', async () => {
    const clock = new FakeClock();
    const id = await connectedIntegration(server, owner, 'Switched off');
    const patch = (status: string) => server.request(`/api/integrations/${id}`, { method: 'PATCH', token: owner, body: { status } });
    assert.equal((await patch('disabled')).status, 200);
    const lifecycle = worker(server, clock);
    moveTo(clock, await dueAt(server, id));
    assert.equal((await lifecycle.tick()).refreshes.refreshed, 0, 'due, but disabled');
    clock.advance(24 * 3600_000);
    assert.equal((await lifecycle.tick()).refreshes.refreshed, 0, 'long past expiry, still disabled');
    assert.deepEqual(await refreshCalls(server, id), { ok: 0, failed: 0 });
    assert.equal((await patch('active')).status, 200);
    assert.equal((await lifecycle.tick()).refreshes.refreshed, 1, 'enabled: refreshed at the next tick');
    assert.equal((await server.request(`/api/integrations/${id}`, { token: owner })).body.tokenStatus, 'valid');
  });
});

describe('failures', () => {
  it('a grant the provider refuses (invalid_grant) marks the integration with its reason and is not retried until a reconnect', async () => {
    const clock = new FakeClock();
    const id = await connectedIntegration(server, owner, 'Revoked at the provider');
    const { refreshToken } = decryptTokens(server.deps.cipher, (await findTokenRow(server.db, id))!);
    const secret = server.devClientSecrets['dev-cloud']!;
    const revoked = await fetch(`${server.providerIssuer}/token/revocation`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/x-www-form-urlencoded',
        Authorization: `Basic ${Buffer.from(`dev-cloud-client:${secret}`).toString('base64')}`,
      },
      body: new URLSearchParams({ token: refreshToken!, token_type_hint: 'refresh_token' }),
    });
    assert.equal(revoked.status, 200);
    const lifecycle = worker(server, clock);

    moveTo(clock, await dueAt(server, id));
    assert.equal((await lifecycle.tick()).refreshes.stopped, 1);
    const integration = await server.request(`/api/integrations/${id}`, { token: owner });
    assert.equal(integration.body.tokenStatus, 'error');
    assert.equal(integration.body.status, 'error');
    const health = await server.request(`/api/integrations/${id}/tokens/health`, { token: owner });
    assert.equal(health.body.refreshHistory[0].ok, false);
    assert.match(health.body.refreshHistory[0].error, /grant|refresh token/i, 'the provider’s reason is kept');

    clock.advance(24 * 3600_000);
    const later = await lifecycle.tick();
    assert.equal(later.refreshes.stopped + later.refreshes.backed_off + later.refreshes.refreshed, 0, 'no retry a day later');
    assert.deepEqual(await refreshCalls(server, id), { ok: 0, failed: 1 });

    // A reconnect replaces the grant: the worker takes care of it again.
    const done = await completeCallback(server, owner, await authorize(server, owner, id));
    assert.equal(done.status, 200);
    moveTo(clock, Math.max(clock.now(), await dueAt(server, id)));
    assert.equal((await lifecycle.tick()).refreshes.refreshed, 1);
    assert.equal((await server.request(`/api/integrations/${id}`, { token: owner })).body.status, 'active');
  });

  it('a provider outage backs off exponentially, then the refresh goes through', async () => {
    const clock = new FakeClock();
    const id = await connectedIntegration(server, owner, 'Outage');
    const lifecycle = worker(server, clock, { retryBaseSeconds: 10, retryMaxSeconds: 40 });
    server.devProvider!.setOutage('token', true);
    try {
      moveTo(clock, await dueAt(server, id));
      assert.equal((await lifecycle.tick()).refreshes.backed_off, 1, 'attempt 1 fails');
      assert.equal((await lifecycle.tick()).refreshes.backed_off, 0, 'not again at once');
      clock.advance(10_000);
      assert.equal((await lifecycle.tick()).refreshes.backed_off, 1, 'attempt 2 after 10 s');
      clock.advance(10_000);
      assert.equal((await lifecycle.tick()).refreshes.backed_off, 0, 'attempt 3 waits 20 s, not 10');
      clock.advance(10_000);
      assert.equal((await lifecycle.tick()).refreshes.backed_off, 1, 'attempt 3 after 20 s');
    } finally {
      server.devProvider!.setOutage('token', false);
    }
    clock.advance(40_000);
    assert.equal((await lifecycle.tick()).refreshes.refreshed, 1);
    assert.deepEqual(await refreshCalls(server, id), { ok: 1, failed: 3 });
    const integration = await server.request(`/api/integrations/${id}`, { token: owner });
    assert.equal(integration.body.tokenStatus, 'valid');
  });
});

describe('several workers on one database', () => {
  it('two workers ticking at once refresh each due token exactly once', async () => {
    const clock = new FakeClock();
    const ids: string[] = [];
    for (let i = 0; i < 6; i++) ids.push(await connectedIntegration(server, owner, `Shared ${i}`));
    moveTo(clock, Math.max(...(await Promise.all(ids.map((id) => dueAt(server, id))))));
    // Small batches, so the two workers' claims interleave.
    const a = worker(server, clock, { batchSize: 2, concurrency: 2 });
    const b = worker(server, clock, { batchSize: 2, concurrency: 2 });
    const [first, second] = await Promise.all([a.tick(), b.tick(), a.tick(), b.tick()]);
    assert.ok(first && second);
    for (const id of ids) assert.deepEqual(await refreshCalls(server, id), { ok: 1, failed: 0 }, `${id} refreshed once`);
  });

  it('a worker that dies after claiming: its lease runs out and another worker refreshes the token', async () => {
    const clock = new FakeClock();
    const id = await connectedIntegration(server, owner, 'Claimed by the dead');
    moveTo(clock, await dueAt(server, id));
    // What a killed process leaves behind: the claim (lease) and no result.
    const [claim] = await claimDueRefreshes(server.db, { owner: 'killed', now: new Date(clock.now()), leaseMs: 60_000, limit: 50 });
    assert.equal(claim?.row.integration_id, id);
    const survivor = worker(server, clock, { leaseSeconds: 60 });
    assert.equal((await survivor.tick()).refreshes.refreshed, 0, 'the lease is still held');
    clock.advance(60_001);
    assert.equal((await survivor.tick()).refreshes.refreshed, 1, 'the lease ran out: taken over');
    assert.deepEqual(await refreshCalls(server, id), { ok: 1, failed: 0 });
  });

  it('dead after the provider rotated the token: with no reuse window, marked for reconnect with a clear reason', async () => {
    const clock = new FakeClock();
    const id = await connectedIntegration(server, owner, 'Spent by the dead');
    moveTo(clock, await dueAt(server, id));
    const [claim] = await claimDueRefreshes(server.db, { owner: 'killed', now: new Date(clock.now()), leaseMs: 60_000, limit: 50 });
    // The killed process had spent the refresh token; the new one died with it.
    assert.equal(await providerRefresh(server, decryptTokens(server.deps.cipher, claim!.row).refreshToken!), 200);
    clock.advance(60_001);
    assert.equal((await worker(server, clock).tick()).refreshes.stopped, 1);
    const health = await server.request(`/api/integrations/${id}/tokens/health`, { token: owner });
    assert.match(health.body.refreshHistory[0].error, /invalid_grant/, 'the provider’s words');
    assert.match(health.body.refreshHistory[0].error, /earlier refresh .* stopped before its result was stored/, 'and what happened');
    assert.equal((await server.request(`/api/integrations/${id}`, { token: owner })).body.status, 'error');
  });

  it('dead after the provider rotated the token: within the dev provider’s reuse window, the next worker still refreshes', async () => {
    const lenient = await startTestServer({ devRefreshTokenReuseSeconds: 120 });
    try {
      const token = await lenient.token('tenant-lifecycle', 'owner');
      const clock = new FakeClock();
      const id = await connectedIntegration(lenient, token, 'Spent, then reused');
      moveTo(clock, await dueAt(lenient, id));
      const [claim] = await claimDueRefreshes(lenient.db, { owner: 'killed', now: new Date(clock.now()), leaseMs: 60_000, limit: 50 });
      const spent = decryptTokens(lenient.deps.cipher, claim!.row).refreshToken!;
      assert.equal(await providerRefresh(lenient, spent), 200);
      clock.advance(60_001);
      assert.equal((await worker(lenient, clock).tick()).refreshes.refreshed, 1);
      assert.equal((await lenient.request(`/api/integrations/${id}`, { token })).body.tokenStatus, 'valid');
      const userinfo = await fetch(`${lenient.providerIssuer}/me`, {
        headers: { Authorization: `Bearer ${decryptTokens(lenient.deps.cipher, (await findTokenRow(lenient.db, id))!).accessToken}` },
      });
      assert.equal(userinfo.status, 200, 'the stored token works');
    } finally {
      await lenient.dispose();
    }
  });
});

describe('health checks and shutdown', () => {
  it('runs the connection test on schedule, once per interval per integration', async () => {
    const clock = new FakeClock();
    const id = await connectedIntegration(server, owner, 'Checked');
    await server.db.query('UPDATE integrations SET last_health_check = NULL');
    const etagBefore = (await server.request(`/api/integrations/${id}`, { token: owner })).headers.get('etag');
    const lifecycle = new LifecycleWorker(server.deps, { clock, config: { healthCheckIntervalSeconds: 600 } });
    const first = await lifecycle.tick();
    assert.ok(first.healthChecks >= 1);
    const checked = await server.request(`/api/integrations/${id}`, { token: owner });
    assert.ok(checked.body.lastHealthCheck, 'the test ran and was recorded');
    assert.equal(checked.headers.get('etag'), etagBefore, 'a scheduled check is not an edit: a pending PATCH still applies');
    assert.equal((await lifecycle.tick()).healthChecks, 0, 'not again within the interval');
    // last_health_check is the wall clock's; the fake one started with it, give it room.
    clock.advance(600_000 + 30_000);
    assert.ok((await lifecycle.tick()).healthChecks >= 1, 'again after it');
  });

  it('starts with the server when serverRefresh is on and leaves no timer behind on close', async () => {
    const clock = new FakeClock();
    const running = await startTestServer({ serverRefresh: true }, { clock });
    try {
      assert.ok(running.lifecycle, 'a worker runs');
      assert.equal(clock.pendingTimers, 1, 'its first tick is scheduled');
      const me = await running.request('/api/me', { token: await running.token('tenant-lifecycle', 'member') });
      assert.equal(me.body.features?.serverRefresh, true);
    } finally {
      await running.dispose();
    }
    assert.equal(clock.pendingTimers, 0, 'closing cleared it');
    const off = await startTestServer({}, { clock });
    try {
      assert.equal(off.lifecycle, undefined, 'no worker when serverRefresh is off');
    } finally {
      await off.dispose();
    }
  });
});

describe(
  'two server processes on one PostgreSQL',
  {
    skip: process.env.DATABASE_URL
      ? false
      : 'DATABASE_URL is not set: this test needs a real PostgreSQL (scripts/ci-postgres.sh provides one)',
  },
  () => {
    it('both run the worker with the wall clock; every token is refreshed once per window, never spent twice', async () => {
      const jwtSecret = randomBytes(32).toString('base64url');
      const tokenEncryptionKey = randomBytes(32).toString('base64');
      // Ten-second tokens: due 2.5 s before expiry, so windows come round while the test runs.
      const first = await startTestServer({
        jwt: { algorithm: 'HS256', secret: jwtSecret },
        tokenEncryptionKey,
        devAccessTokenTtl: 10,
        serverRefresh: true,
        lifecycle: { tickSeconds: 1, healthCheckIntervalSeconds: 0 },
      });
      const workDir = mkdtempSync(join(tmpdir(), 'mwap-lifecycle-processes-'));
      let child: ChildProcess | undefined;
      try {
        const token = await first.token('tenant-two-workers', 'owner');
        const providersFile = join(workDir, 'providers.json');
        writeFileSync(
          providersFile,
          JSON.stringify([
            {
              id: 'dev-cloud',
              name: 'Dev Cloud',
              scopes: ['openid', 'profile', 'offline_access', 'storage.read', 'storage.write'],
              settingsSchema: [{ key: 'region', label: 'Region', type: 'select', required: true, options: ['eu-west-1', 'us-east-1'] }],
              issuer: first.providerIssuer,
              clientId: 'dev-cloud-client',
              clientSecretEnv: 'DEV_CLOUD_CLIENT_SECRET',
            },
          ]),
        );
        const [current] = await first.db.query<{ name: string }>('SELECT current_database() AS name');
        const databaseUrl = new URL(process.env.DATABASE_URL!);
        databaseUrl.pathname = `/${current!.name}`;
        child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
          cwd: resolve(import.meta.dirname, '../..'),
          env: {
            ...process.env,
            NODE_ENV: 'development',
            PORT: '0',
            DATA_DIR: join(workDir, 'second'),
            DATABASE_URL: databaseUrl.href,
            JWT_SECRET: jwtSecret,
            TOKEN_ENCRYPTION_KEY: tokenEncryptionKey,
            PROVIDERS_FILE: providersFile,
            DEV_CLOUD_CLIENT_SECRET: first.devClientSecrets['dev-cloud'],
            SERVE_DEMO: '0',
            LOG_LEVEL: 'warn',
            SERVER_REFRESH: '1',
            LIFECYCLE_TICK_SECONDS: '1',
            HEALTH_CHECK_INTERVAL_SECONDS: '0',
          },
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        let output = '';
        await new Promise<void>((started, reject) => {
          const timer = setTimeout(() => reject(new Error(`the second process did not start:\n${output}`)), 30_000);
          const read = (chunk: Buffer) => {
            output += chunk.toString();
            if (output.includes('API base URL')) {
              clearTimeout(timer);
              started();
            }
          };
          child!.stdout!.on('data', read);
          child!.stderr!.on('data', read);
        });
        const ids: string[] = [];
        for (let i = 0; i < 4; i++) ids.push(await connectedIntegration(first, token, `Two workers ${i}`));
        // Until each token has been through three windows (positive progress, not a fixed wait).
        const deadline = Date.now() + 60_000;
        for (;;) {
          const rows = await first.db.query<{ n: number }>(
            `SELECT count(*)::int AS n FROM token_refresh_events WHERE ok AND integration_id IN (SELECT jsonb_array_elements_text($1::jsonb)) GROUP BY integration_id`,
            [ids],
          );
          if (rows.length === ids.length && rows.every((row) => row.n >= 3)) break;
          assert.ok(Date.now() < deadline, `refreshes so far: ${JSON.stringify(rows)}\n${output}`);
          await new Promise((r) => setTimeout(r, 250));
        }
        for (const id of ids) {
          const calls = await refreshCalls(first, id);
          assert.equal(calls.failed, 0, 'no refresh token was presented twice (the provider rotates and would refuse)');
          const times = (
            await first.db.query<{ at: Date }>('SELECT at FROM token_refresh_events WHERE ok AND integration_id = $1 ORDER BY at', [id])
          ).map((row) => new Date(row.at).getTime());
          // One refresh per window: a token lives 10 s and is due 2.5 s before expiry.
          for (let i = 1; i < times.length; i++)
            assert.ok(times[i]! - times[i - 1]! > 5_000, `${id}: refreshes ${times[i]! - times[i - 1]!} ms apart`);
        }
      } finally {
        if (child && child.exitCode === null) {
          const exited = new Promise((done) => child!.once('exit', done));
          child.kill('SIGTERM');
          await exited;
        }
        await first.dispose();
        rmSync(workDir, { recursive: true, force: true });
      }
    });
  },
);
