/**
 * The OAuth code + PKCE flow against the real dev provider (oidc-provider): token storage, refresh
 * with rotation, the connection test, usage recording and revocation on delete. The flow's
 * refusals (state, PKCE, code replay, iss, redirect URIs) and the log's secrecy are in the security
 * suite, tests/security/server/oauth-attacks.test.ts; roles and tenancy in tenancy.test.ts there.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { decryptTokens, findTokenRow } from '../db/tokens.js';
import { expectError, expectShape, schemas } from './support/contract.js';
import { startTestServer, type TestServer } from './support/harness.js';
import { authorize, completeCallback, connectedIntegration } from './support/oauth-helpers.js';

let server: TestServer;
let owner: string;
const shared = {
  jwt: { algorithm: 'HS256', secret: randomBytes(32).toString('base64url') },
  tokenEncryptionKey: randomBytes(32).toString('base64'),
};

before(async () => {
  server = await startTestServer(shared);
  owner = await server.token('tenant-oauth', 'owner');
});
after(() => server.dispose());

const dev = () => server.devProvider!;

async function createPending(name = 'Storage', token = owner): Promise<string> {
  const answer = await server.request('/api/integrations', {
    method: 'POST',
    token,
    body: { name, cloudProviderId: 'dev-cloud', settings: { region: 'eu-west-1' } },
  });
  assert.equal(answer.status, 201);
  return answer.body.id as string;
}

/** Calls the provider's token endpoint directly, as an attacker holding a stolen token would. */
async function providerRefresh(refreshToken: string): Promise<{ status: number; body: any }> {
  const secret = server.devClientSecrets['dev-cloud']!;
  const response = await fetch(`${server.providerIssuer}/token`, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/x-www-form-urlencoded',
      Authorization: `Basic ${Buffer.from(`dev-cloud-client:${secret}`).toString('base64')}`,
    },
    body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: refreshToken }),
  });
  return { status: response.status, body: await response.json() };
}

async function storedTokens(integrationId: string) {
  const row = await findTokenRow(server.db, integrationId);
  assert.ok(row, 'a token row');
  return decryptTokens(server.deps.cipher, row);
}

describe('authorization code + PKCE flow', () => {
  it('connects: the authorization URL carries the client’s challenge and state; the callback stores tokens and activates', async () => {
    const id = await createPending();
    const flow = await authorize(server, owner, id);
    const url = new URL(flow.authorizationUrl);
    assert.equal(url.origin, server.providerIssuer);
    assert.equal(url.searchParams.get('code_challenge'), flow.codeChallenge);
    assert.equal(url.searchParams.get('code_challenge_method'), 'S256');
    assert.equal(url.searchParams.get('state'), flow.state);
    assert.equal(url.searchParams.get('redirect_uri'), server.redirectUri);
    assert.equal(url.searchParams.get('prompt'), 'consent');
    assert.ok(url.searchParams.get('scope')!.split(' ').includes('offline_access'));
    assert.equal(flow.callback.get('state'), flow.state);
    assert.equal(flow.callback.get('iss'), server.providerIssuer, 'RFC 9207 iss on the redirect');

    const answer = await completeCallback(server, owner, flow);
    const integration = expectShape(answer, 200, schemas.integration);
    assert.equal(integration.status, 'active');
    assert.equal(integration.tokenStatus, 'valid');
    const lifetime = Date.parse(integration.tokenExpiresAt!) - Date.now();
    assert.ok(lifetime > 100_000 && lifetime <= 120_000, `access token lifetime ${lifetime} ms`);
    assert.ok(answer.headers.get('ETag'));
    const tokens = await storedTokens(id);
    assert.ok(tokens.refreshToken, 'offline_access gave a refresh token');
  });

  it('consent denied comes back as access_denied and leaves the integration pending', async () => {
    const id = await createPending();
    const flow = await authorize(server, owner, id, { deny: true });
    assert.equal(flow.callback.get('error'), 'access_denied');
    const integration = expectShape(await server.request(`/api/integrations/${id}`, { token: owner }), 200, schemas.integration);
    assert.equal(integration.status, 'pending');
  });
});

describe('tokens at rest', () => {
  it('are encrypted with AES-256-GCM, bound to their row, and are the real provider tokens', async () => {
    const id = await connectedIntegration(server, owner);
    const [raw] = await server.db.query<Record<string, string>>(
      'SELECT access_token_enc, refresh_token_enc FROM integration_tokens WHERE integration_id = $1',
      [id],
    );
    assert.match(raw!.access_token_enc!, /^v1\.[\w-]{16}\.[\w-]{22}\.[\w-]+$/);
    assert.match(raw!.refresh_token_enc!, /^v1\./);
    const tokens = await storedTokens(id);
    const everything = JSON.stringify(await server.db.query('SELECT * FROM integration_tokens'));
    assert.ok(!everything.includes(tokens.accessToken) && !everything.includes(tokens.refreshToken!), 'no plaintext token in the table');
    assert.throws(() => server.deps.cipher.decrypt(raw!.access_token_enc!, 'another-integration'), 'bound to its integration id');
    const userinfo = await fetch(`${server.providerIssuer}/me`, { headers: { Authorization: `Bearer ${tokens.accessToken}` } });
    assert.equal(userinfo.status, 200, 'the decrypted token works at the provider');
  });
});

describe('refresh', () => {
  it('uses the refresh_token grant, stores the rotated refresh token, and keeps working', async () => {
    const id = await connectedIntegration(server, owner, 'Rotating');
    const before = await storedTokens(id);
    const first = expectShape(
      await server.request(`/api/integrations/${id}/tokens/refresh`, { method: 'POST', token: owner }),
      200,
      schemas.integration,
    );
    assert.equal(first.tokenStatus, 'valid');
    const afterFirst = await storedTokens(id);
    assert.notEqual(afterFirst.refreshToken, before.refreshToken, 'the provider rotated the refresh token and the server kept the new one');
    assert.notEqual(afterFirst.accessToken, before.accessToken);
    expectShape(await server.request(`/api/integrations/${id}/tokens/refresh`, { method: 'POST', token: owner }), 200, schemas.integration);

    const health = expectShape(await server.request(`/api/integrations/${id}/tokens/health`, { token: owner }), 200, schemas.health);
    assert.equal(health.failureCount, 0);
    assert.equal(health.refreshHistory.length, 2);
    assert.ok(health.refreshHistory.every((event) => event.ok));
    assert.ok(health.lastRefreshAt);
    assert.ok(health.scopes.includes('storage.read'));
    // The spent refresh token is refused by the provider (rotation).
    const replay = await providerRefresh(before.refreshToken!);
    assert.equal(replay.status, 400);
    assert.equal(replay.body.error, 'invalid_grant');
  });

  it('two concurrent refreshes spend the refresh token once', async () => {
    const id = await connectedIntegration(server, owner, 'Concurrent');
    const answers = await Promise.all(
      [1, 2, 3].map(() => server.request(`/api/integrations/${id}/tokens/refresh`, { method: 'POST', token: owner })),
    );
    for (const answer of answers) expectShape(answer, 200, schemas.integration);
    // The provider rotates refresh tokens: a token spent twice would fail with invalid_grant. Requests
    // that overlap share one refresh; one that reaches the lease after it was released may refresh
    // again (on PostgreSQL's pool the order varies), but never with a spent token.
    const [calls] = await server.db.query<{ ok: number; failed: number }>(
      `SELECT count(*) FILTER (WHERE ok)::int AS ok, count(*) FILTER (WHERE NOT ok)::int AS failed
       FROM provider_calls WHERE integration_id = $1 AND kind = 'refresh'`,
      [id],
    );
    assert.equal(calls!.failed, 0);
    assert.ok(calls!.ok >= 1 && calls!.ok < 3, `${calls!.ok} refreshes for three overlapping requests`);
    expectShape(await server.request(`/api/integrations/${id}/tokens/refresh`, { method: 'POST', token: owner }), 200, schemas.integration);
  });

  it('a never-connected integration has nothing to refresh (token_expired)', async () => {
    const id = await createPending();
    expectError(await server.request(`/api/integrations/${id}/tokens/refresh`, { method: 'POST', token: owner }), 409, 'token_expired');
    const health = expectShape(await server.request(`/api/integrations/${id}/tokens/health`, { token: owner }), 200, schemas.health);
    assert.equal(health.tokenStatus, 'none');
  });

  it('a refresh token revoked at the provider turns the integration to error, and reconnecting heals it', async () => {
    const id = await connectedIntegration(server, owner, 'Revoked elsewhere');
    const { refreshToken } = await storedTokens(id);
    const secret = server.devClientSecrets['dev-cloud']!;
    await fetch(`${server.providerIssuer}/token/revocation`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/x-www-form-urlencoded',
        Authorization: `Basic ${Buffer.from(`dev-cloud-client:${secret}`).toString('base64')}`,
      },
      body: new URLSearchParams({ token: refreshToken!, token_type_hint: 'refresh_token' }),
    });
    const error = expectError(
      await server.request(`/api/integrations/${id}/tokens/refresh`, { method: 'POST', token: owner }),
      409,
      'token_expired',
    );
    assert.match(error.message, /invalid_grant/);
    const broken = expectShape(await server.request(`/api/integrations/${id}`, { token: owner }), 200, schemas.integration);
    assert.equal(broken.status, 'error');
    assert.equal(broken.tokenStatus, 'error');
    const flow = await authorize(server, owner, id);
    const healed = expectShape(await completeCallback(server, owner, flow), 200, schemas.integration);
    assert.equal(healed.status, 'active');
    assert.equal(healed.tokenStatus, 'valid');
  });

  it('a login that takes its access away at the provider (POST /__dev/revoke) is refused at the next refresh; other logins are not', async () => {
    const id = await createPending('Revoked by its owner');
    assert.equal((await completeCallback(server, owner, await authorize(server, owner, id, { login: 'carol' }))).status, 200);
    const other = await connectedIntegration(server, owner, 'Someone else’s');
    const revoke = (body: unknown) =>
      fetch(`${server.providerIssuer}/__dev/revoke`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      });
    assert.equal((await revoke({})).status, 400, 'a login is required');
    const answer = await revoke({ accountId: 'carol' });
    assert.equal(answer.status, 200);
    assert.deepEqual(await answer.json(), { revoked: 1 });
    const refused = expectError(
      await server.request(`/api/integrations/${id}/tokens/refresh`, { method: 'POST', token: owner }),
      409,
      'token_expired',
    );
    assert.match(refused.message, /invalid_grant/, 'the provider’s words');
    const refreshed = await server.request(`/api/integrations/${other}/tokens/refresh`, { method: 'POST', token: owner });
    assert.equal(refreshed.status, 200, 'another login’s grant still works');
  });
});

describe('token status', () => {
  it('follows the stored expiry: valid, expiring, expired; and the list filters on it', async () => {
    const id = await connectedIntegration(server, owner, 'Ageing');
    const status = async () =>
      expectShape(await server.request(`/api/integrations/${id}`, { token: owner }), 200, schemas.integration).tokenStatus;
    assert.equal(await status(), 'valid');
    await server.db.query(`UPDATE integration_tokens SET expiring_at = now() - interval '1 second' WHERE integration_id = $1`, [id]);
    assert.equal(await status(), 'expiring');
    await server.db.query(`UPDATE integration_tokens SET expires_at = now() - interval '1 second' WHERE integration_id = $1`, [id]);
    assert.equal(await status(), 'expired');
    const expired = expectShape(await server.request('/api/integrations?tokenStatus=expired', { token: owner }), 200, schemas.page);
    assert.ok(expired.items.some((item) => item.id === id));
    const test = expectShape(await server.request(`/api/integrations/${id}/test`, { method: 'POST', token: owner }), 200, schemas.test);
    assert.equal(test.checks.find((c) => c.name === 'token not expired')!.errorCode, 'token_expired');
    assert.equal(await status(), 'expired');
    const refreshed = expectShape(
      await server.request(`/api/integrations/${id}/tokens/refresh`, { method: 'POST', token: owner }),
      200,
      schemas.integration,
    );
    assert.equal(refreshed.tokenStatus, 'valid');
  });
});

describe('restart', () => {
  it('a restarted server and dev provider keep integrations connected (grants live in the database)', async () => {
    const first = await startTestServer(shared, { shareDatabaseOf: server });
    const id = await connectedIntegration(first, owner, 'Survives restart');
    const providerPort = Number(new URL(first.providerIssuer!).port);
    await first.dispose();
    const second = await startTestServer({ ...shared, providerPort }, { shareDatabaseOf: server });
    try {
      const refreshed = expectShape(
        await second.request(`/api/integrations/${id}/tokens/refresh`, { method: 'POST', token: owner }),
        200,
        schemas.integration,
      );
      assert.equal(refreshed.tokenStatus, 'valid');
      const test = expectShape(await second.request(`/api/integrations/${id}/test`, { method: 'POST', token: owner }), 200, schemas.test);
      assert.equal(test.ok, true);
    } finally {
      await second.dispose();
    }
  });
});

describe('provider outages', () => {
  it('token endpoint down: exchange → token_exchange_failed, refresh → connection_failed, with the provider’s words', async () => {
    const id = await connectedIntegration(server, owner, 'Outage');
    const pending = await createPending('Outage pending');
    const flow = await authorize(server, owner, pending);
    dev().setOutage('token', true);
    try {
      const exchange = expectError(await completeCallback(server, owner, flow), 502, 'token_exchange_failed');
      assert.match(exchange.message, /simulated outage/);
      const refresh = expectError(
        await server.request(`/api/integrations/${id}/tokens/refresh`, { method: 'POST', token: owner }),
        502,
        'connection_failed',
      );
      assert.match(refresh.message, /temporarily_unavailable/);
      const health = expectShape(await server.request(`/api/integrations/${id}/tokens/health`, { token: owner }), 200, schemas.health);
      assert.equal(health.failureCount, 1);
      assert.equal(health.tokenStatus, 'error');
      assert.equal(health.refreshHistory[0]!.ok, false);
      assert.match(health.refreshHistory[0]!.error!, /simulated outage/);
    } finally {
      dev().setOutage('token', false);
    }
    const recovered = expectShape(
      await server.request(`/api/integrations/${id}/tokens/refresh`, { method: 'POST', token: owner }),
      200,
      schemas.integration,
    );
    assert.equal(recovered.tokenStatus, 'valid');
    const health = expectShape(await server.request(`/api/integrations/${id}/tokens/health`, { token: owner }), 200, schemas.health);
    assert.equal(health.failureCount, 0);
  });
});

describe('connection test and usage', () => {
  it('reports per-check diagnostics with latency, and a failing check names the problem', async () => {
    const id = await connectedIntegration(server, owner, 'Tested');
    const result = expectShape(await server.request(`/api/integrations/${id}/test`, { method: 'POST', token: owner }), 200, schemas.test);
    assert.equal(result.ok, true);
    assert.deepEqual(
      result.checks.map((c) => c.name),
      ['token present', 'token not expired', 'provider reachable', 'userinfo accepted'],
    );
    assert.ok(result.checks.every((c) => c.ok && c.latencyMs >= 0 && c.message.length > 0));
    const integration = expectShape(await server.request(`/api/integrations/${id}`, { token: owner }), 200, schemas.integration);
    assert.equal(integration.lastHealthCheck, result.testedAt);

    dev().setOutage('userinfo', true);
    try {
      const failing = expectShape(
        await server.request(`/api/integrations/${id}/test`, { method: 'POST', token: owner }),
        200,
        schemas.test,
      );
      assert.equal(failing.ok, false);
      const userinfo = failing.checks.find((c) => c.name === 'userinfo accepted')!;
      assert.equal(userinfo.ok, false);
      assert.equal(userinfo.errorCode, 'connection_failed');
      assert.match(userinfo.message, /.+/);
    } finally {
      dev().setOutage('userinfo', false);
    }

    const pending = await createPending('Not connected');
    const notConnected = expectShape(
      await server.request(`/api/integrations/${pending}/test`, { method: 'POST', token: owner }),
      200,
      schemas.test,
    );
    assert.equal(notConnected.ok, false);
    assert.equal(notConnected.checks[0]!.ok, false);
  });

  it('usage counts every provider call (exchange, refresh, test, errors) per hour and per day, with the quota', async () => {
    const id = await connectedIntegration(server, owner, 'Measured'); // 1 exchange
    await server.request(`/api/integrations/${id}/tokens/refresh`, { method: 'POST', token: owner }); // 1 refresh
    await server.request(`/api/integrations/${id}/test`, { method: 'POST', token: owner }); // 2 test calls
    dev().setOutage('token', true);
    await server.request(`/api/integrations/${id}/tokens/refresh`, { method: 'POST', token: owner }); // 1 failed refresh
    dev().setOutage('token', false);

    const day = expectShape(await server.request(`/api/integrations/${id}/usage?range=24h`, { token: owner }), 200, schemas.usage);
    assert.equal(day.interval, 'hour');
    assert.equal(day.points.length, 24);
    assert.deepEqual(day.totals, { calls: 5, errors: 1 });
    const now = day.points.at(-1)!;
    assert.equal(now.calls, 5);
    assert.ok(now.latencyP50Ms !== null && now.latencyP95Ms !== null && now.latencyP95Ms >= now.latencyP50Ms);
    assert.equal(day.points[0]!.latencyP50Ms, null);
    assert.deepEqual(day.quota && { limit: day.quota.limit, used: day.quota.used, period: day.quota.period }, {
      limit: 1000,
      used: 5,
      period: 'day',
    });

    const week = expectShape(await server.request(`/api/integrations/${id}/usage?range=7d`, { token: owner }), 200, schemas.usage);
    assert.equal(week.interval, 'day');
    assert.equal(week.points.length, 7);
    assert.equal(week.totals.calls, 5);
    const month = expectShape(await server.request(`/api/integrations/${id}/usage?range=30d`, { token: owner }), 200, schemas.usage);
    assert.equal(month.points.length, 30);
    expectError(await server.request(`/api/integrations/${id}/usage?range=1y`, { token: owner }), 400, 'validation_failed');
    const member = await server.token('tenant-oauth', 'member');
    expectShape(await server.request(`/api/integrations/${id}/usage`, { token: member }), 200, schemas.usage);
  });
});

describe('delete', () => {
  it('revokes the tokens at the provider (RFC 7009), then deletes', async () => {
    const id = await connectedIntegration(server, owner, 'To delete');
    const tokens = await storedTokens(id);
    assert.equal((await server.request(`/api/integrations/${id}`, { method: 'DELETE', token: owner })).status, 204);
    const refresh = await providerRefresh(tokens.refreshToken!);
    assert.equal(refresh.body.error, 'invalid_grant');
    const userinfo = await fetch(`${server.providerIssuer}/me`, { headers: { Authorization: `Bearer ${tokens.accessToken}` } });
    assert.equal(userinfo.status, 401);
    const rows = await server.db.query('SELECT 1 FROM integration_tokens WHERE integration_id = $1', [id]);
    assert.equal(rows.length, 0);
  });
});

describe('two server processes on one database', () => {
  it('initiate on one, callback on the other: pending state lives in the database', async () => {
    const second = await startTestServer(
      { ...shared, allowedRedirectUris: [server.redirectUri] },
      { shareDatabaseOf: server, devProvider: { provider: dev(), clientSecrets: server.devClientSecrets } },
    );
    try {
      const id = await createPending('Two processes');
      const flow = await authorize(server, owner, id);
      const answer = await completeCallback(second, owner, flow, { redirectUri: server.redirectUri });
      const integration = expectShape(answer, 200, schemas.integration);
      assert.equal(integration.status, 'active');
      // And the first one sees the tokens the second stored.
      expectShape(
        await server.request(`/api/integrations/${id}/tokens/refresh`, { method: 'POST', token: owner }),
        200,
        schemas.integration,
      );
    } finally {
      await second.dispose();
    }
  });
});

describe("a host's own catalogue (PROVIDERS_FILE)", () => {
  it('serves the providers of the file and connects through their issuer, with no dev provider of its own', async () => {
    const file = join(server.dataDir, 'providers.json');
    process.env.TEST_DEV_CLOUD_SECRET = server.devClientSecrets['dev-cloud'];
    writeFileSync(
      file,
      JSON.stringify([
        {
          id: 'dev-cloud',
          name: 'Acme Cloud (from file)',
          scopes: ['openid', 'offline_access', 'storage.read'],
          settingsSchema: [{ key: 'region', label: 'Region', type: 'select', required: true, options: ['eu-west-1'] }],
          issuer: server.providerIssuer,
          clientId: 'dev-cloud-client',
          clientSecretEnv: 'TEST_DEV_CLOUD_SECRET',
          authorizationParams: { prompt: 'consent' },
        },
      ]),
    );
    const host = await startTestServer(
      { ...shared, providersFile: file, allowedRedirectUris: [server.redirectUri] },
      { shareDatabaseOf: server },
    );
    try {
      assert.equal(host.devProvider, undefined);
      const providers = expectShape(await host.request('/api/cloud-providers', { token: owner }), 200, schemas.providers);
      assert.deepEqual(
        providers.map((p) => p.name),
        ['Acme Cloud (from file)'],
      );
      const created = await host.request('/api/integrations', {
        method: 'POST',
        token: owner,
        body: { name: 'From file', cloudProviderId: 'dev-cloud', settings: { region: 'eu-west-1' } },
      });
      assert.equal(created.status, 201);
      const flow = await authorize(host, owner, created.body.id, { redirectUri: server.redirectUri });
      assert.equal(new URL(flow.authorizationUrl).searchParams.get('scope'), 'openid offline_access storage.read');
      const connected = expectShape(
        await completeCallback(host, owner, flow, { redirectUri: server.redirectUri }),
        200,
        schemas.integration,
      );
      assert.equal(connected.status, 'active');
    } finally {
      await host.dispose();
      delete process.env.TEST_DEV_CLOUD_SECRET;
    }
  });
});
