/** The REST contract without OAuth: auth, roles, tenancy, validation, concurrency, idempotency, lists. */
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../../src/core/contract.js';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { expectError, expectShape, schemas } from './support/contract.js';
import { startTestServer, type TestServer } from './support/harness.js';
import { pruneOldRecords } from '../db/housekeeping.js';
import { decryptTokens, findTokenRow, saveTokens } from '../db/tokens.js';

let server: TestServer;
let ownerA: string;
let memberA: string;
let ownerB: string;

before(async () => {
  server = await startTestServer();
  [ownerA, memberA, ownerB] = await Promise.all([
    server.token('tenant-a', 'owner'),
    server.token('tenant-a', 'member'),
    server.token('tenant-b', 'owner'),
  ]);
});
after(() => server.dispose());

const validCreate = { name: 'Backups', cloudProviderId: 'dev-cloud', description: 'Nightly backups', settings: { region: 'eu-west-1' } };

async function create(token: string, body: Record<string, unknown> = validCreate, headers: Record<string, string> = {}) {
  return server.request('/api/integrations', { method: 'POST', token, body, headers });
}

describe('authentication and roles', () => {
  it('401 without a token, with a malformed one and with a forged one', async () => {
    expectError(await server.request('/api/integrations'), 401, 'unauthenticated');
    expectError(await server.request('/api/integrations', { headers: { Authorization: 'Basic abc' } }), 401, 'unauthenticated');
    const forged = ownerA.slice(0, -4) + (ownerA.endsWith('AAAA') ? 'BBBB' : 'AAAA');
    const answer = await server.request('/api/integrations', { token: forged });
    expectError(answer, 401, 'unauthenticated');
    assert.match(answer.headers.get('WWW-Authenticate') ?? '', /^Bearer/);
  });

  it('a member reads but cannot write (403)', async () => {
    const created = expectShape(await create(ownerA), 201, schemas.integration);
    expectShape(await server.request('/api/integrations', { token: memberA }), 200, schemas.page);
    expectShape(await server.request(`/api/integrations/${created.id}`, { token: memberA }), 200, schemas.integration);
    expectError(await create(memberA), 403, 'permission_denied');
    expectError(
      await server.request(`/api/integrations/${created.id}`, { method: 'PATCH', token: memberA, body: { name: 'x' } }),
      403,
      'permission_denied',
    );
    expectError(await server.request(`/api/integrations/${created.id}`, { method: 'DELETE', token: memberA }), 403, 'permission_denied');
    expectError(
      await server.request(`/api/integrations/${created.id}/tokens/refresh`, { method: 'POST', token: memberA }),
      403,
      'permission_denied',
    );
    expectError(await server.request(`/api/integrations/${created.id}/test`, { method: 'POST', token: memberA }), 403, 'permission_denied');
  });

  it('any other role gets 403 even for reads', async () => {
    const viewer = await server.token('tenant-a', 'auditor');
    expectError(await server.request('/api/integrations', { token: viewer }), 403, 'permission_denied');
    expectError(await server.request('/api/cloud-providers', { token: viewer }), 403, 'permission_denied');
  });

  it('GET /api/me says what each role may do, and the routes agree with it', async () => {
    const viewer = await server.token('tenant-a', 'auditor');
    const me = async (token: string) => {
      const answer = await server.request('/api/me', { token });
      assert.equal(answer.status, 200);
      return answer.body as { tenant: { id: string }; user: { id: string }; role: string; permissions: string[] };
    };
    const owner = await me(ownerA);
    assert.equal(owner.tenant.id, 'tenant-a');
    assert.equal(owner.role, 'owner');
    assert.deepEqual([...owner.permissions].sort(), ['connect', 'create', 'delete', 'read', 'refresh', 'test', 'update']);
    assert.deepEqual((await me(memberA)).permissions, ['read']);
    assert.deepEqual((await me(viewer)).permissions, []);
    expectError(await server.request('/api/me'), 401, 'unauthenticated');

    // What /me denies, the server refuses; what it grants, the server does.
    const created = expectShape(await create(ownerA), 201, schemas.integration);
    const attempts: Record<string, (token: string) => Promise<{ status: number }>> = {
      read: (token) => server.request(`/api/integrations/${created.id}`, { token }),
      create: (token) => create(token),
      update: (token) => server.request(`/api/integrations/${created.id}`, { method: 'PATCH', token, body: { description: 'x' } }),
      test: (token) => server.request(`/api/integrations/${created.id}/test`, { method: 'POST', token }),
    };
    for (const [token, who] of [
      [memberA, 'member'],
      [viewer, 'viewer'],
      [ownerA, 'owner'],
    ] as const) {
      const granted = (await me(token)).permissions;
      for (const [action, attempt] of Object.entries(attempts)) {
        const { status } = await attempt(token);
        assert.equal(status === 403, !granted.includes(action), `${who} ${action}: ${status}`);
      }
    }
  });
});

describe('tenant isolation', () => {
  it("another tenant's integration is 404 for every endpoint, never 403", async () => {
    const created = expectShape(await create(ownerA), 201, schemas.integration);
    const paths: Array<[string, string, unknown?]> = [
      ['GET', ''],
      ['PATCH', '', { name: 'Hijacked' }],
      ['DELETE', ''],
      ['POST', '/tokens/refresh'],
      ['GET', '/tokens/health'],
      ['POST', '/test'],
      ['GET', '/usage'],
      [
        'POST',
        '/oauth/initiate',
        { codeChallenge: 'a'.repeat(43), codeChallengeMethod: 'S256', state: 's'.repeat(32), redirectUri: server.redirectUri },
      ],
    ];
    for (const [method, suffix, body] of paths) {
      const answer = await server.request(`/api/integrations/${created.id}${suffix}`, { method, token: ownerB, body });
      expectError(answer, 404, 'not_found');
    }
    const listB = expectShape(await server.request('/api/integrations', { token: ownerB }), 200, schemas.page);
    assert.ok(listB.items.every((item) => item.tenantId === 'tenant-b'));
    // Still there, unchanged, for its own tenant.
    const mine = expectShape(await server.request(`/api/integrations/${created.id}`, { token: ownerA }), 200, schemas.integration);
    assert.equal(mine.name, 'Backups');
  });
});

describe('provider catalogue', () => {
  it('lists at least two providers with different scopes and settings schemas', async () => {
    const providers = expectShape(await server.request('/api/cloud-providers', { token: memberA }), 200, schemas.providers);
    assert.ok(providers.length >= 2);
    const [a, b] = providers;
    assert.notDeepEqual(a!.scopes, b!.scopes);
    assert.notDeepEqual(
      a!.settingsSchema.map((f) => f.key),
      b!.settingsSchema.map((f) => f.key),
    );
    assert.ok(providers.every((p) => p.scopes.includes('offline_access')));
  });
});

describe('create and validation', () => {
  it('creates a pending integration with defaults filled in, with an ETag', async () => {
    const answer = await create(ownerA);
    const created = expectShape(answer, 201, schemas.integration);
    assert.equal(created.status, 'pending');
    assert.equal(created.tokenStatus, 'none');
    assert.equal(created.tenantId, 'tenant-a');
    assert.deepEqual(created.settings, { region: 'eu-west-1', syncIntervalMinutes: 60 });
    assert.match(answer.headers.get('ETag') ?? '', /^"v\d+"$/);
  });

  it('422 with a message per field for bad values', async () => {
    const error = expectError(await create(ownerA, { name: '  ', cloudProviderId: 'dev-cloud' }), 422, 'validation_failed');
    assert.ok(error.fields?.name);
    const unknown = expectError(await create(ownerA, { name: 'x', cloudProviderId: 'nope' }), 422, 'validation_failed');
    assert.ok(unknown.fields?.cloudProviderId);
  });

  it("validates settings against the provider's schema: required, options, pattern, type, min/max, unknown", async () => {
    const cloud = expectError(
      await create(ownerA, {
        name: 'x',
        cloudProviderId: 'dev-cloud',
        settings: { bucketPrefix: 'UPPER', syncIntervalMinutes: 2, color: 'red' },
      }),
      422,
      'validation_failed',
    );
    assert.match(cloud.fields!['settings.region']!, /required/);
    assert.ok(cloud.fields!['settings.bucketPrefix']);
    assert.match(cloud.fields!['settings.syncIntervalMinutes']!, /at least 5/);
    assert.ok(cloud.fields!['settings.color']);

    const analytics = expectError(
      await create(ownerA, {
        name: 'x',
        cloudProviderId: 'dev-analytics',
        settings: { projectId: 'web-shop', environment: 'qa', sampleRatePercent: '50', includePII: 'yes' },
      }),
      422,
      'validation_failed',
    );
    assert.deepEqual(Object.keys(analytics.fields!).sort(), ['settings.environment', 'settings.includePII', 'settings.sampleRatePercent']);
    assert.match(analytics.fields!['settings.environment']!, /one of/);

    const region = expectError(
      await create(ownerA, { name: 'x', cloudProviderId: 'dev-cloud', settings: { region: 'mars-1' } }),
      422,
      'validation_failed',
    );
    assert.deepEqual(Object.keys(region.fields!), ['settings.region']);
  });

  it('413 for a body over 64 KB', async () => {
    expectError(await create(ownerA, { ...validCreate, description: 'x'.repeat(70_000) }), 413, 'validation_failed');
  });

  it('400 for a body that is not JSON, and for unknown fields', async () => {
    expectError(
      await server.request('/api/integrations', {
        method: 'POST',
        token: ownerA,
        body: '{oops',
        headers: { 'Content-Type': 'application/json' },
      }),
      400,
      'validation_failed',
    );
    const extra = expectError(await create(ownerA, { ...validCreate, tenantId: 'tenant-b' }), 422, 'validation_failed');
    assert.ok(extra.fields?.tenantId, JSON.stringify(extra));
  });
});

describe('update with If-Match', () => {
  it('applies a PATCH with the current ETag and bumps it; a stale ETag gets 412 conflict', async () => {
    const first = await create(ownerA);
    const etag = first.headers.get('ETag')!;
    const id = first.body.id as string;
    const updated = await server.request(`/api/integrations/${id}`, {
      method: 'PATCH',
      token: ownerA,
      body: { name: 'Renamed', settings: { region: 'us-east-1' } },
      headers: { 'If-Match': etag },
    });
    const integration = expectShape(updated, 200, schemas.integration);
    assert.equal(integration.name, 'Renamed');
    assert.deepEqual(integration.settings, { region: 'us-east-1', syncIntervalMinutes: 60 });
    assert.notEqual(updated.headers.get('ETag'), etag);

    const stale = await server.request(`/api/integrations/${id}`, {
      method: 'PATCH',
      token: ownerA,
      body: { name: 'Lost update' },
      headers: { 'If-Match': etag },
    });
    expectError(stale, 412, 'conflict');
    const now = expectShape(await server.request(`/api/integrations/${id}`, { token: ownerA }), 200, schemas.integration);
    assert.equal(now.name, 'Renamed');
  });

  it('validates PATCH settings and status; enabling a never-connected integration keeps it pending', async () => {
    const id = (await create(ownerA)).body.id as string;
    const bad = expectError(
      await server.request(`/api/integrations/${id}`, { method: 'PATCH', token: ownerA, body: { settings: { region: 'x' } } }),
      422,
      'validation_failed',
    );
    assert.ok(bad.fields?.['settings.region']);
    expectError(
      await server.request(`/api/integrations/${id}`, { method: 'PATCH', token: ownerA, body: { status: 'error' } }),
      422,
      'validation_failed',
    );
    const disabled = expectShape(
      await server.request(`/api/integrations/${id}`, { method: 'PATCH', token: ownerA, body: { status: 'disabled' } }),
      200,
      schemas.integration,
    );
    assert.equal(disabled.status, 'disabled');
    const enabled = expectShape(
      await server.request(`/api/integrations/${id}`, { method: 'PATCH', token: ownerA, body: { status: 'active' } }),
      200,
      schemas.integration,
    );
    assert.equal(enabled.status, 'pending');
  });
});

describe('idempotent create', () => {
  it('the same Idempotency-Key answers the same integration and creates no duplicate', async () => {
    const token = await server.token('tenant-idem', 'owner');
    const body = { ...validCreate, name: 'Only once' };
    const key = 'create-7f3a';
    const first = await create(token, body, { 'Idempotency-Key': key });
    expectShape(first, 201, schemas.integration);
    const [second, third] = await Promise.all([
      create(token, body, { 'Idempotency-Key': key }),
      create(token, body, { 'Idempotency-Key': key }),
    ]);
    assert.equal(second.status, 200);
    assert.equal(second.body.id, first.body.id);
    assert.equal(third.body.id, first.body.id);
    const list = expectShape(await server.request('/api/integrations', { token }), 200, schemas.page);
    assert.equal(list.total, 1);

    expectError(await create(token, { ...body, name: 'Something else' }, { 'Idempotency-Key': key }), 409, 'conflict');
    // Keys are per tenant: another tenant's same key is a new create.
    const other = await create(ownerB, body, { 'Idempotency-Key': key });
    assert.equal(other.status, 201);
    assert.notEqual(other.body.id, first.body.id);
  });
});

describe('housekeeping', () => {
  it('prunes old provider calls, refresh history, idempotency keys, OAuth states and rate-limit windows; keeps recent ones', async () => {
    const token = await server.token('tenant-prune', 'owner');
    const created = await create(token, { ...validCreate, name: 'Pruned' }, { 'Idempotency-Key': 'prune-new' });
    assert.equal(created.status, 201);
    const id = created.body.id as string;
    const db = server.db;
    const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000);
    for (const at of [daysAgo(40), daysAgo(2)]) {
      await db.query('INSERT INTO provider_calls (integration_id, tenant_id, kind, ok, latency_ms, at) VALUES ($1, $2, $3, $4, $5, $6)', [
        id,
        'tenant-prune',
        'test',
        true,
        12,
        at,
      ]);
    }
    // 22 refresh events: the token report shows the newest 20, so the two oldest go (however recent).
    for (let i = 0; i < 22; i++) {
      await db.query('INSERT INTO token_refresh_events (integration_id, at, ok) VALUES ($1, $2, $3)', [id, daysAgo(22 - i), i >= 2]);
    }
    await db.query('INSERT INTO idempotency_keys (tenant_id, key, request_hash, integration_id, created_at) VALUES ($1, $2, $3, $4, $5)', [
      'tenant-prune',
      'prune-old',
      'h',
      id,
      daysAgo(2),
    ]);
    for (const [hash, expires] of [
      ['old-state', daysAgo(2)],
      ['fresh-state', new Date(Date.now() + 600_000)],
    ] as const) {
      await db.query(
        'INSERT INTO oauth_states (state_hash, tenant_id, integration_id, code_challenge, redirect_uri, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7)',
        [hash, 'tenant-prune', id, 'c', 'http://127.0.0.1/cb', daysAgo(3), expires],
      );
    }
    await db.query('INSERT INTO rate_limit_windows (tenant_id, window_start, count) VALUES ($1, $2, $3)', ['tenant-prune', daysAgo(3), 7]);

    const pruned = await pruneOldRecords(db);
    assert.ok(
      pruned.providerCalls >= 1 &&
        pruned.refreshEvents >= 2 &&
        pruned.idempotencyKeys >= 1 &&
        pruned.oauthStates >= 1 &&
        pruned.rateLimitWindows >= 1,
      JSON.stringify(pruned),
    );
    const left = async (sql: string) => (await db.query<{ n: number }>(sql, ['tenant-prune']))[0]!.n;
    assert.equal(await left('SELECT count(*)::int AS n FROM provider_calls WHERE tenant_id = $1'), 1);
    assert.equal(
      await left(
        'SELECT count(*)::int AS n FROM token_refresh_events e JOIN integrations i ON i.id = e.integration_id WHERE i.tenant_id = $1',
      ),
      20,
    );
    assert.equal(
      await left(
        'SELECT count(*)::int AS n FROM token_refresh_events e JOIN integrations i ON i.id = e.integration_id WHERE i.tenant_id = $1 AND NOT e.ok',
      ),
      0,
      'the two oldest went',
    );
    assert.equal(await left('SELECT count(*)::int AS n FROM idempotency_keys WHERE tenant_id = $1'), 1, 'the key from this test run stays');
    assert.equal(await left("SELECT count(*)::int AS n FROM oauth_states WHERE tenant_id = $1 AND state_hash = 'fresh-state'"), 1);
    assert.equal(await left('SELECT count(*)::int AS n FROM oauth_states WHERE tenant_id = $1'), 1);
    assert.equal(
      await left("SELECT count(*)::int AS n FROM rate_limit_windows WHERE tenant_id = $1 AND window_start < now() - interval '1 day'"),
      0,
    );
    // The integration itself, and what the API says of it, are untouched.
    assert.equal((await server.request(`/api/integrations/${id}`, { token })).status, 200);
  });
});

describe('stored provider tokens', () => {
  it('a refresh without a new refresh token keeps the old one; a reconnect replaces the whole grant', async () => {
    const token = await server.token('tenant-grant', 'owner');
    const created = await create(token, { ...validCreate, name: 'Grant' });
    assert.equal(created.status, 201);
    const id = created.body.id as string;
    const { db, cipher } = server.deps;
    const stored = async () => decryptTokens(cipher, (await findTokenRow(db, id))!);
    const set = (accessToken: string, refreshToken: string | undefined, subject: string | undefined) => ({
      accessToken,
      refreshToken,
      subject,
      tokenType: 'bearer',
      expiresIn: 120,
      scope: 'openid',
    });
    const options = (refreshed: boolean) => ({ requestedScopes: ['openid'], refreshed });

    await saveTokens(db, cipher, id, set('access-a1', 'refresh-a', 'account-a'), options(false));
    await saveTokens(db, cipher, id, set('access-a2', undefined, undefined), options(true));
    assert.deepEqual(
      [(await stored()).accessToken, (await stored()).refreshToken, (await stored()).subject],
      ['access-a2', 'refresh-a', 'account-a'],
    );

    // Reconnected as another account; the provider sent no refresh token this time.
    await saveTokens(db, cipher, id, set('access-b1', undefined, 'account-b'), options(false));
    const after = await stored();
    assert.deepEqual(
      [after.accessToken, after.refreshToken, after.subject],
      ['access-b1', null, 'account-b'],
      'nothing of account A stays',
    );
  });
});

describe('list: search, filters, sort and cursor pagination', () => {
  let token: string;
  before(async () => {
    token = await server.token('tenant-list', 'owner');
    for (let i = 1; i <= 25; i++) {
      const provider = i % 2 === 0 ? 'dev-analytics' : 'dev-cloud';
      const settings = provider === 'dev-cloud' ? { region: 'eu-west-1' } : { projectId: `proj-${i}` };
      const description = i % 5 === 0 ? `Quarterly 100%_report ${i}` : `Item ${i}`;
      const answer = await create(token, {
        name: `Integration ${String(i).padStart(2, '0')}`,
        cloudProviderId: provider,
        description,
        settings,
      });
      assert.equal(answer.status, 201);
    }
  });

  it('walks every page with an opaque cursor, no duplicates, no gaps', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const query: string = `?sort=name&limit=10${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const page = expectShape(await server.request(`/api/integrations${query}`, { token }), 200, schemas.page);
      assert.equal(page.total, 25);
      seen.push(...page.items.map((item) => item.name));
      cursor = page.nextCursor;
      pages++;
    } while (cursor);
    assert.equal(pages, 3);
    assert.equal(seen.length, 25);
    assert.deepEqual(seen, [...seen].sort());
    assert.equal(new Set(seen).size, 25);
  });

  it('pages by the page size the client assumes when no limit is named', async () => {
    const page = expectShape(await server.request('/api/integrations', { token }), 200, schemas.page);
    assert.equal(DEFAULT_PAGE_SIZE >= 25, true, 'the fixture must fit in one default page');
    assert.equal(page.items.length, 25);
    assert.equal(page.nextCursor, null);
    expectError(await server.request(`/api/integrations?limit=${MAX_PAGE_SIZE + 1}`, { token }), 400, 'validation_failed');
  });

  it('sorts descending by creation by default', async () => {
    const page = expectShape(await server.request('/api/integrations?limit=3', { token }), 200, schemas.page);
    assert.deepEqual(
      page.items.map((i) => i.name),
      ['Integration 25', 'Integration 24', 'Integration 23'],
    );
    const next = expectShape(await server.request(`/api/integrations?limit=3&cursor=${page.nextCursor}`, { token }), 200, schemas.page);
    assert.deepEqual(
      next.items.map((i) => i.name),
      ['Integration 22', 'Integration 21', 'Integration 20'],
    );
  });

  it('searches name and description server-side, wildcards taken literally', async () => {
    const byName = expectShape(await server.request('/api/integrations?q=integration%2007', { token }), 200, schemas.page);
    assert.deepEqual(
      byName.items.map((i) => i.name),
      ['Integration 07'],
    );
    const byDescription = expectShape(
      await server.request(`/api/integrations?q=${encodeURIComponent('100%_report')}`, { token }),
      200,
      schemas.page,
    );
    assert.equal(byDescription.total, 5);
    const literal = expectShape(
      await server.request(`/api/integrations?q=${encodeURIComponent('%')}&limit=100`, { token }),
      200,
      schemas.page,
    );
    assert.equal(literal.total, 5);
  });

  it('filters by provider, status and token status', async () => {
    const analytics = expectShape(
      await server.request('/api/integrations?providerId=dev-analytics&limit=100', { token }),
      200,
      schemas.page,
    );
    assert.equal(analytics.total, 12);
    assert.ok(analytics.items.every((i) => i.cloudProviderId === 'dev-analytics'));
    const pending = expectShape(await server.request('/api/integrations?status=pending&tokenStatus=none', { token }), 200, schemas.page);
    assert.equal(pending.total, 25);
    const active = expectShape(await server.request('/api/integrations?status=active', { token }), 200, schemas.page);
    assert.equal(active.total, 0);
  });

  it('400 with fields for bad query parameters and for a cursor of another sort', async () => {
    const bad = expectError(
      await server.request('/api/integrations?limit=1000&status=nope&sort=size', { token }),
      400,
      'validation_failed',
    );
    assert.deepEqual(Object.keys(bad.fields!).sort(), ['limit', 'sort', 'status']);
    const page = expectShape(await server.request('/api/integrations?sort=name&limit=5', { token }), 200, schemas.page);
    expectError(await server.request(`/api/integrations?sort=-createdAt&cursor=${page.nextCursor}`, { token }), 400, 'validation_failed');
    expectError(await server.request('/api/integrations?cursor=garbage', { token }), 400, 'validation_failed');
  });
});

describe('delete', () => {
  it('deletes (204) and the integration is gone (404)', async () => {
    const id = (await create(ownerA)).body.id as string;
    const answer = await server.request(`/api/integrations/${id}`, { method: 'DELETE', token: ownerA });
    assert.equal(answer.status, 204);
    expectError(await server.request(`/api/integrations/${id}`, { token: ownerA }), 404, 'not_found');
    expectError(await server.request(`/api/integrations/${id}`, { method: 'DELETE', token: ownerA }), 404, 'not_found');
  });

  it('unknown API routes answer a JSON 404', async () => {
    expectError(await server.request('/api/nothing-here', { token: ownerA }), 404, 'not_found');
  });
});
