/**
 * The activity history: every kind with who did it (a person, a tab's scheduler, the server),
 * readable after the integration is deleted, cursor pages, parameter checks, nothing recorded for a
 * change that rolled back, secret settings kept out, and the CSV exports (RFC 4180, formula-safe).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Activity } from '../../src/core/types.js';
import { csvCell, toCsv } from '../csv.js';
import { createIntegration, findIntegration } from '../db/integrations.js';
import { SERVER_ORIGIN, userOrigin } from '../events/origin.js';
import { settingsChanges } from '../events/settings-diff.js';
import { refreshIntegration } from '../oauth/connections.js';
import { ProviderError } from '../oauth/provider-client.js';
import { startTestServer, type TestServer } from './support/harness.js';
import { authorize, completeCallback, connectedIntegration } from './support/oauth-helpers.js';

describe('activity history', () => {
  let server: TestServer;
  let owner: string;
  const tenantId = 'tenant-activity';
  const person = { type: 'user', id: `dev-owner@${tenantId}` };

  before(async () => {
    server = await startTestServer();
    owner = await server.token(tenantId, 'owner');
  });
  after(() => server.dispose());

  const call = (path: string, init: { method?: string; body?: unknown; headers?: Record<string, string> } = {}) =>
    server.request(path, { token: owner, ...init });
  const allActivity = async (id: string, token = owner): Promise<Activity[]> => {
    const items: Activity[] = [];
    let cursor: string | null = null;
    do {
      const page = await server.request(`/api/integrations/${id}/activity?limit=3${cursor ? `&cursor=${cursor}` : ''}`, { token });
      assert.equal(page.status, 200, JSON.stringify(page.body));
      items.push(...page.body.items);
      assert.ok(page.body.items.length <= 3);
      cursor = page.body.nextCursor;
    } while (cursor);
    return items;
  };

  it('records a whole life with its actors, newest first, and keeps it after the delete', async () => {
    const id = await connectedIntegration(server, owner, 'Lived');
    const refresh = (headers: Record<string, string> = {}) => call(`/api/integrations/${id}/tokens/refresh`, { method: 'POST', headers });
    assert.equal((await refresh({ 'X-Refresh-Trigger': 'scheduler' })).status, 200);
    assert.equal((await refresh()).status, 200);
    assert.equal((await call(`/api/integrations/${id}/test`, { method: 'POST' })).status, 200);
    const edited = await call(`/api/integrations/${id}`, {
      method: 'PATCH',
      body: { name: 'Lived on', settings: { region: 'us-east-1' } },
    });
    assert.equal(edited.status, 200);
    assert.equal((await call(`/api/integrations/${id}`, { method: 'PATCH', body: { status: 'disabled' } })).status, 200);
    assert.equal((await call(`/api/integrations/${id}`, { method: 'PATCH', body: { status: 'active' } })).status, 200);

    server.devProvider!.setOutage('token', true);
    try {
      assert.equal((await refresh()).status, 502);
    } finally {
      server.devProvider!.setOutage('token', false);
    }
    const client = server.deps.providerClients.get('dev-cloud')!;
    const realRefresh = client.refresh.bind(client);
    client.refresh = async () => {
      throw new ProviderError('rejected', 'The grant was revoked at the provider.', 'invalid_grant');
    };
    try {
      assert.equal((await refresh()).status, 409);
    } finally {
      client.refresh = realRefresh;
    }
    // The background worker's path: the same function, with the server as the actor.
    await refreshIntegration(server.deps, (await findIntegration(server.deps.db, tenantId, id))!, SERVER_ORIGIN);
    const flow = await authorize(server, owner, id);
    assert.equal((await completeCallback(server, owner, flow)).status, 200);
    assert.equal((await call(`/api/integrations/${id}`, { method: 'DELETE' })).status, 204);

    const history = await allActivity(id);
    const total = (await call(`/api/integrations/${id}/activity`)).body.total;
    assert.equal(total, history.length);
    assert.equal(new Set(history.map((entry) => entry.id)).size, history.length, 'no entry twice across pages');
    const oldestFirst = [...history].reverse();
    assert.deepEqual(
      oldestFirst.map((entry) => entry.kind),
      [
        'created',
        'connected',
        'token_refreshed',
        'token_refreshed',
        'tested',
        'renamed',
        'settings_changed',
        'disabled',
        'enabled',
        'refresh_failed',
        'token_revoked',
        'health_changed',
        'token_refreshed',
        'health_changed',
        'reconnected',
        'deleted',
      ],
    );
    const [created, , byTab, byClick, tested, renamed, changed, , , failed, revoked, broke, byServer, recovered] = oldestFirst as [
      Activity,
      ...Activity[],
    ];
    assert.deepEqual(created.actor, person);
    assert.equal(byTab!.via, 'tab');
    assert.equal(byClick!.via, 'user');
    assert.deepEqual(byServer!.actor, { type: 'server' });
    assert.equal(byServer!.via, 'server');
    assert.equal(tested!.detail?.ok, true);
    assert.equal(typeof tested!.detail?.latencyMs, 'number');
    assert.deepEqual(renamed!.detail, { from: 'Lived', to: 'Lived on' });
    assert.deepEqual(changed!.detail, { changes: [{ field: 'region', from: 'eu-west-1', to: 'us-east-1' }] });
    assert.match(failed!.detail!.reason!, /simulated outage|temporarily_unavailable/);
    assert.equal(revoked!.detail!.reason, 'The grant was revoked at the provider.');
    assert.deepEqual(broke!.detail, { from: 'active', to: 'error' });
    assert.deepEqual(recovered!.detail, { from: 'error', to: 'active' });
    assert.deepEqual(recovered!.actor, { type: 'server' });
    assert.ok(oldestFirst.filter((entry) => entry !== byServer && entry !== recovered).every((entry) => entry.actor.type === 'user'));
    assert.ok(history.every((entry) => entry.integrationId === id && !Number.isNaN(Date.parse(entry.at))));

    // Members read it; another tenant does not even learn it exists.
    assert.equal((await allActivity(id, await server.token(tenantId, 'member'))).length, history.length);
    const stranger = await server.request(`/api/integrations/${id}/activity`, { token: await server.token('tenant-stranger', 'owner') });
    assert.equal(stranger.status, 404);
    assert.equal((await call('/api/integrations/int_0123456789abcdef0123456789abcdef/activity')).status, 404);
  });

  it('checks its parameters: 400 with a field error, never a 5xx', async () => {
    const a = await connectedIntegration(server, owner, 'Params A');
    const b = await connectedIntegration(server, owner, 'Params B');
    const first = await call(`/api/integrations/${a}/activity?limit=1`);
    const cursor = first.body.nextCursor as string;
    assert.ok(cursor);
    const cases: Array<[string, string]> = [
      [`/api/integrations/${a}/activity?limit=0`, 'limit'],
      [`/api/integrations/${a}/activity?limit=101`, 'limit'],
      [`/api/integrations/${a}/activity?limit=abc`, 'limit'],
      [`/api/integrations/${a}/activity?limit=99999999999999999999`, 'limit'],
      [`/api/integrations/${a}/activity?cursor=${encodeURIComponent("1' OR '1'='1")}`, 'cursor'],
      [`/api/integrations/${a}/activity?cursor=${cursor.replace(/^\d+/, '1')}`, 'cursor'],
      [`/api/integrations/${b}/activity?cursor=${cursor}`, 'cursor'],
      ['/api/integrations/not%20an%20id/activity', 'id'],
      [`/api/integrations/${a}/usage.csv?range=1y`, 'range'],
    ];
    for (const [path, field] of cases) {
      const answer = await call(path);
      assert.equal(answer.status, 400, `${path}: ${JSON.stringify(answer.body)}`);
      assert.ok(answer.body.error.fields?.[field], `${path} names ${field}: ${JSON.stringify(answer.body)}`);
    }
    const otherTenant = await server.request(`/api/integrations/${a}/activity?cursor=${cursor}`, {
      token: await server.token('tenant-other', 'owner'),
    });
    assert.equal(otherTenant.status, 404);
  });

  it('records nothing for a change that rolls back', async () => {
    const rolledBack = 'tenant-rolled-back';
    await assert.rejects(
      server.deps.db.transaction(async (tx) => {
        await createIntegration(
          tx,
          { tenantId: rolledBack, cloudProviderId: 'dev-cloud', name: 'Never', description: null, settings: {} },
          userOrigin({ sub: 'someone' }),
        );
        throw new Error('a later step failed');
      }),
      /a later step failed/,
    );
    for (const table of ['integrations', 'activity', 'events']) {
      const [row] = await server.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table} WHERE tenant_id = $1`, [rolledBack]);
      assert.equal(row!.n, 0, table);
    }
  });

  it('shows secret settings as [secret], by the schema’s mark or by a name that says so', () => {
    const schema = [
      { key: 'region', label: 'Region', type: 'string' as const },
      { key: 'signingMaterial', label: 'Signing material', type: 'string' as const, secret: true },
    ];
    assert.deepEqual(
      settingsChanges(
        { region: 'eu', signingMaterial: 'old-value', apiKey: 'k1', same: 1 },
        { region: 'us', signingMaterial: 'new-value', apiKey: 'k2', same: 1, added: true },
        schema,
      ),
      [
        { field: 'added', from: null, to: true },
        { field: 'apiKey', from: '[secret]', to: '[secret]' },
        { field: 'region', from: 'eu', to: 'us' },
        { field: 'signingMaterial', from: '[secret]', to: '[secret]' },
      ],
    );
  });

  it('exports the history and the usage as CSV a spreadsheet cannot run', async () => {
    const id = await connectedIntegration(server, owner, 'Say "hi", then');
    const formula = '=HYPERLINK("http://evil.example","x")';
    assert.equal((await call(`/api/integrations/${id}`, { method: 'PATCH', body: { name: formula } })).status, 200);
    const response = await fetch(new URL(`/api/integrations/${id}/activity.csv`, server.url), {
      headers: { Authorization: `Bearer ${owner}` },
    });
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-type'), 'text/csv; charset=utf-8; header=present');
    assert.match(response.headers.get('content-disposition')!, /^attachment; filename="activity-int_[0-9a-f]+\.csv"$/);
    const text = await response.text();
    const lines = text.split('\r\n');
    assert.equal(lines[0], 'id,at,kind,actor_type,actor_id,via,reason,from,to,ok,latency_ms,message,changes');
    assert.equal(lines.at(-1), '', 'every row ends with CRLF');
    const renamed = lines.find((line) => line.includes(',renamed,'))!;
    assert.ok(renamed.includes(',"Say ""hi"", then",'), renamed);
    assert.ok(renamed.includes(`,"'=HYPERLINK(""http://evil.example"",""x"")",`), renamed);
    assert.equal(lines.length, 1 + 3 + 1, 'header, created, connected, renamed');

    const usage = await fetch(new URL(`/api/integrations/${id}/usage.csv?range=24h`, server.url), {
      headers: { Authorization: `Bearer ${owner}` },
    });
    assert.equal(usage.status, 200);
    const rows = (await usage.text()).trimEnd().split('\r\n');
    assert.equal(rows[0], 'at,calls,errors,latency_p50_ms,latency_p95_ms');
    assert.equal(rows.length, 1 + 24);
    assert.ok(
      rows.slice(1).some((row) => /,[1-9]\d*,0,/.test(row)),
      'the exchange is counted',
    );
  });

  it('writes cells RFC 4180 and formula-safe', () => {
    for (const start of ['=', '+', '-', '@', '\t', '\r'])
      assert.ok(csvCell(`${start}1`).replace(/^"/, '').startsWith(`'${start}`), JSON.stringify(start));
    assert.equal(csvCell('plain'), 'plain');
    assert.equal(csvCell('a,b'), '"a,b"');
    assert.equal(csvCell('line\nbreak'), '"line\nbreak"');
    assert.equal(csvCell('\rx'), `"'\rx"`);
    assert.equal(csvCell('say "x"'), '"say ""x"""');
    assert.equal(csvCell(null), '');
    assert.equal(csvCell(12.5), '12.5');
    assert.equal(toCsv(['a', 'b'], [['1', null]]), 'a,b\r\n1,\r\n');
  });

  it('GET /api/me says the server has the event stream', async () => {
    const me = await call('/api/me');
    assert.equal(me.status, 200);
    // No serverRefresh in the test config: no worker runs, so the browser keeps refreshing.
    assert.deepEqual(me.body.features, { events: true, serverRefresh: false });
  });
});
