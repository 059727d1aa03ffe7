/**
 * Threat: hostile input to the reference server. A request built to break the server rather than to
 * use it (NUL and other control characters, lone UTF-16 surrogates, bytes that are not UTF-8,
 * forged list cursors, media types that only contain "application/json", a Host header naming
 * another site as DNS rebinding sends it, an oversized body on a keep-alive connection) must get a
 * 4xx with a field error or a clear code, never a 5xx, and what the server does store must read back
 * exactly as it was sent (after the documented trim). Each fixed case is its own test; then
 * property-based fuzzing (fast-check, seeded) of every endpoint that takes input and of the shared
 * text rule in src/core/rules.ts. Runs on PGlite, and on PostgreSQL with DATABASE_URL
 * (scripts/ci-postgres.sh tests/security/server/hostile-input.test.ts).
 */
import assert from 'node:assert/strict';
import http from 'node:http';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { ERROR_CODES } from '../../../src/core/errors.js';
import { DESCRIPTION_MAX_LENGTH, NAME_MAX_LENGTH, SEARCH_MAX_LENGTH, textProblem } from '../../../src/core/rules.js';
import { startTestServer, type ApiAnswer, type TestServer } from '../../../server/tests/support/harness.js';
import { authorize, completeCallback, newState, pkcePair } from '../../../server/tests/support/oauth-helpers.js';
import { findPendingState } from '../../../server/db/oauth-states.js';

/** Fixed seed, so a failure reproduces; fast-check prints the seed and the shrunk case on failure. */
const SEED = Number(process.env.FC_SEED ?? 20261202);
const RUNS = Number(process.env.FC_RUNS ?? 150);
const property = { seed: SEED, numRuns: RUNS, endOnFailure: true } as const;

let server: TestServer;
let owner: string;
let otherTenant: string;

before(async () => {
  server = await startTestServer({ serveDemo: true });
  [owner, otherTenant] = await Promise.all([server.token('tenant-a', 'owner'), server.token('tenant-b', 'owner')]);
});
after(() => server.dispose());

const validCreate = { name: 'Backups', cloudProviderId: 'dev-cloud', description: 'Nightly', settings: { region: 'eu-west-1' } };

function create(body: unknown, token = owner) {
  return server.request('/api/integrations', { method: 'POST', token, body });
}

async function createdId(name = 'Target'): Promise<string> {
  const answer = await create({ ...validCreate, name });
  assert.equal(answer.status, 201, JSON.stringify(answer.body));
  return answer.body.id as string;
}

/** A refusal the client can show: a 4xx of the closed set, with fields when it is validation_failed. */
function assertRefusal(answer: ApiAnswer, context: unknown): void {
  const where = `${answer.status} ${JSON.stringify(answer.body)} for ${JSON.stringify(context)}`;
  assert.ok(answer.status >= 400 && answer.status < 500, `expected a 4xx: ${where}`);
  const error = answer.body?.error;
  assert.ok((ERROR_CODES as readonly string[]).includes(error?.code), `a code of the closed set: ${where}`);
  assert.equal(typeof error.message, 'string', where);
  if (error.code === 'validation_failed') {
    assert.ok(error.fields && Object.keys(error.fields).length > 0, `validation_failed names a field: ${where}`);
    for (const text of Object.values(error.fields)) assert.equal(typeof text, 'string', where);
  }
}

function expectFieldError(answer: ApiAnswer, status: number, field: string): string {
  assert.equal(answer.status, status, JSON.stringify(answer.body));
  assert.equal(answer.body?.error?.code, 'validation_failed', JSON.stringify(answer.body));
  const text = answer.body.error.fields?.[field];
  assert.equal(typeof text, 'string', `a field error on "${field}": ${JSON.stringify(answer.body)}`);
  return text as string;
}

interface RawAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  body: any;
}

/** A request through node:http, which (unlike fetch) sends the Host header it is given. */
function raw(
  path: string,
  init: { method?: string; headers?: Record<string, string>; body?: string | Buffer; agent?: http.Agent; base?: string } = {},
): Promise<RawAnswer> {
  const url = new URL(init.base ?? server.url);
  return new Promise((resolve, reject) => {
    const request = http.request(
      { host: url.hostname, port: url.port, path, method: init.method ?? 'GET', headers: init.headers, agent: init.agent ?? false },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let body: unknown;
          try {
            body = JSON.parse(text);
          } catch {
            body = undefined;
          }
          resolve({ status: response.statusCode!, headers: response.headers, text, body });
        });
      },
    );
    request.on('error', reject);
    request.end(init.body);
  });
}

const json = (value: unknown) => Buffer.from(JSON.stringify(value));

// ── Text fields ──────────────────────────────────────────────────────────────────────────────

describe('text fields refuse control characters and lone surrogates', () => {
  it('a NUL in name on create is 422 on name (was a 500 from PostgreSQL)', async () => {
    expectFieldError(await create({ ...validCreate, name: 'a\u0000b' }), 422, 'name');
  });

  it('a NUL in description on create is 422 on description', async () => {
    expectFieldError(await create({ ...validCreate, description: 'a\u0000b' }), 422, 'description');
  });

  it('a NUL in name or description on PATCH is 422, and nothing changes', async () => {
    const id = await createdId('Unchanged');
    const patch = (body: unknown) => server.request(`/api/integrations/${id}`, { method: 'PATCH', token: owner, body });
    expectFieldError(await patch({ name: 'x\u0000' }), 422, 'name');
    expectFieldError(await patch({ description: '\u0000' }), 422, 'description');
    const now = await server.request(`/api/integrations/${id}`, { token: owner });
    assert.equal(now.body.name, 'Unchanged');
    assert.equal(now.body.description, 'Nightly');
  });

  it('a name takes no control character at all: not tab, line feed, DEL or C1', async () => {
    for (const bad of ['a\tb', 'a\nb', 'a\rb', 'a\u0001b', 'a\u001bb', 'a\u007fb', 'a\u0085b', 'a\u009fb']) {
      expectFieldError(await create({ ...validCreate, name: bad }), 422, 'name');
    }
  });

  it('a description may have line feeds and tabs, but no other control character', async () => {
    const ok = await create({ ...validCreate, description: 'line one\n\tline two' });
    assert.equal(ok.status, 201, JSON.stringify(ok.body));
    assert.equal(ok.body.description, 'line one\n\tline two');
    for (const bad of ['a\rb', 'a\u0000b', 'a\u0007b', 'a\u007fb', 'a\u0080b']) {
      expectFieldError(await create({ ...validCreate, description: bad }), 422, 'description');
    }
  });

  it('a lone surrogate is refused, not stored as U+FFFD; a surrogate pair is stored as sent', async () => {
    // JSON.stringify writes a lone surrogate as the escape \ud800, as any JSON client would.
    for (const bad of ['a\ud800', '\udc00b', 'x\udbff\u0041']) {
      expectFieldError(await create({ ...validCreate, name: bad }), 422, 'name');
      expectFieldError(await create({ ...validCreate, description: bad }), 422, 'description');
    }
    const emoji = await create({ ...validCreate, name: 'Cloud \ud83d\ude80' });
    assert.equal(emoji.status, 201);
    assert.equal(emoji.body.name, 'Cloud 🚀');
  });

  it('the message is worded in German too', async () => {
    const answer = await server.request('/api/integrations', {
      method: 'POST',
      token: owner,
      body: { ...validCreate, name: 'a\u0000' },
      headers: { 'Accept-Language': 'de' },
    });
    assert.match(expectFieldError(answer, 422, 'name'), /Steuerzeichen/);
  });

  it('a body that is not UTF-8 is 400, not stored with U+FFFD', async () => {
    const bytes = Buffer.concat([
      Buffer.from('{"name":"ab'),
      Buffer.from([0xff, 0xfe]),
      Buffer.from('","cloudProviderId":"dev-cloud","settings":{"region":"eu-west-1"}}'),
    ]);
    const answer = await raw('/api/integrations', {
      method: 'POST',
      headers: { Authorization: `Bearer ${owner}`, 'Content-Type': 'application/json' },
      body: bytes,
    });
    assert.equal(answer.status, 400, answer.text);
    assert.equal(answer.body.error.code, 'validation_failed');
    assert.ok(answer.body.error.fields.body);
  });

  it('a dev token refuses a role or sub with control characters', async () => {
    expectFieldError(await server.request('/dev/token', { method: 'POST', body: { tenantId: 't', role: 'owner\u0000' } }), 422, 'role');
    expectFieldError(
      await server.request('/dev/token', { method: 'POST', body: { tenantId: 't', role: 'owner', sub: 'a\nb' } }),
      422,
      'sub',
    );
  });
});

describe('setting values that are text follow the same rule', () => {
  let free: TestServer;
  let freeOwner: string;
  let catalogueDir: string;

  before(async () => {
    catalogueDir = mkdtempSync(join(tmpdir(), 'mwap-hostile-catalogue-'));
    const file = join(catalogueDir, 'providers.json');
    writeFileSync(
      file,
      JSON.stringify([
        {
          id: 'free-text',
          name: 'Free text',
          scopes: ['openid'],
          settingsSchema: [{ key: 'note', label: 'Note', type: 'string' }],
          // Never contacted: creating and editing integrations needs no provider.
          issuer: 'http://127.0.0.1:9',
          clientId: 'c',
          clientSecret: 's',
        },
      ]),
    );
    free = await startTestServer({ providersFile: file });
    freeOwner = await free.token('tenant-a', 'owner');
  });
  after(async () => {
    await free.dispose();
    rmSync(catalogueDir, { recursive: true, force: true });
  });

  it('a NUL in a free-text setting is 422 on settings.note (was a 500 from jsonb)', async () => {
    const answer = await free.request('/api/integrations', {
      method: 'POST',
      token: freeOwner,
      body: { name: 'n', cloudProviderId: 'free-text', settings: { note: 'a\u0000b' } },
    });
    expectFieldError(answer, 422, 'settings.note');
  });

  it('a lone surrogate in a setting is 422; any other text is stored exactly', async () => {
    const bad = await free.request('/api/integrations', {
      method: 'POST',
      token: freeOwner,
      body: { name: 'n', cloudProviderId: 'free-text', settings: { note: '\ud800' } },
    });
    expectFieldError(bad, 422, 'settings.note');
  });

  it('property: any settings object is refused with a field error or stored as sent', async () => {
    await fc.assert(
      fc.asyncProperty(settingsArbitrary, async (settings) => {
        const answer = await free.request('/api/integrations', {
          method: 'POST',
          token: freeOwner,
          body: { name: 'fuzz', cloudProviderId: 'free-text', settings },
        });
        if (answer.status === 201) {
          const note = (settings as Record<string, unknown>).note;
          const stored = (await free.request(`/api/integrations/${answer.body.id}`, { token: freeOwner })).body.settings;
          if (typeof note === 'string' && note.trim() !== '') assert.deepEqual(stored, { note });
          else assert.deepEqual(stored, {});
        } else {
          assertRefusal(answer, settings);
        }
      }),
      property,
    );
  });
});

// ── Query and path parameters ────────────────────────────────────────────────────────────────

describe('query and path parameters are checked before SQL', () => {
  const list = (query: string, token = owner) => server.request(`/api/integrations?${query}`, { token });

  it('?q=%00 is 400 on q (was a 500)', async () => {
    expectFieldError(await list('q=%00'), 400, 'q');
  });

  it('?providerId=%00 is 400 on providerId (was a 500); a well-formed unknown one lists nothing', async () => {
    expectFieldError(await list('providerId=%00'), 400, 'providerId');
    const none = await list('providerId=no-such-provider');
    assert.equal(none.status, 200);
    assert.equal(none.body.total, 0);
  });

  it('GET, PATCH, DELETE /api/integrations/%00 are 400 on id (was a 500); a well-formed unknown id stays 404', async () => {
    expectFieldError(await server.request('/api/integrations/%00', { token: owner }), 400, 'id');
    expectFieldError(await server.request('/api/integrations/%00', { method: 'PATCH', token: owner, body: { name: 'x' } }), 400, 'id');
    expectFieldError(await server.request('/api/integrations/%00', { method: 'DELETE', token: owner }), 400, 'id');
    expectFieldError(await server.request('/api/integrations/%00/tokens/health', { token: owner }), 400, 'id');
    const unknown = await server.request('/api/integrations/int_0000000000000000', { token: owner });
    assert.equal(unknown.status, 404);
    assert.equal(unknown.body.error.code, 'not_found');
  });

  it('a forged cursor (["-createdAt","not-a-date","x"]) is 400 on cursor (was a 500)', async () => {
    const forged = Buffer.from(JSON.stringify(['-createdAt', 'not-a-date', 'x'])).toString('base64url');
    expectFieldError(await list(`cursor=${forged}`), 400, 'cursor');
  });

  it('an unsigned cursor with plausible content is refused: only cursors the server wrote are read', async () => {
    const plausible = Buffer.from(JSON.stringify(['-createdAt', '2999-01-01 00:00:00+00', 'int_x'])).toString('base64url');
    expectFieldError(await list(`cursor=${plausible}`), 400, 'cursor');
  });

  it('a tampered cursor, or another tenant’s, is 400; the cursor given out still works', async () => {
    for (let i = 0; i < 3; i++) await createdId(`Page ${i}`);
    const first = await list('limit=1');
    const cursor = first.body.nextCursor as string;
    assert.equal(typeof cursor, 'string');
    const flipped = cursor.slice(0, 5) + (cursor[5] === 'A' ? 'B' : 'A') + cursor.slice(6);
    expectFieldError(await list(`limit=1&cursor=${flipped}`), 400, 'cursor');
    expectFieldError(await list(`limit=1&cursor=${cursor}`, otherTenant), 400, 'cursor');
    expectFieldError(await list(`limit=1&sort=createdAt&cursor=${cursor}`), 400, 'cursor');
    assert.equal((await list(`limit=1&cursor=${cursor}`)).status, 200);
  });

  it('status, tokenStatus, sort and limit outside their sets are 400 naming the parameter', async () => {
    const answer = await list('status=%00&tokenStatus=x&sort=name%00&limit=1e3');
    assert.equal(answer.status, 400);
    assert.deepEqual(Object.keys(answer.body.error.fields).sort(), ['limit', 'sort', 'status', 'tokenStatus']);
  });
});

// ── Media types ──────────────────────────────────────────────────────────────────────────────

describe('media types are parsed, not searched', () => {
  const post = (contentType: string, path = '/api/integrations', body: Buffer = json(validCreate), token: string | undefined = owner) =>
    raw(path, {
      method: 'POST',
      headers: { 'Content-Type': contentType, ...(token ? { Authorization: `Bearer ${token}` } : {}) },
      body,
    });

  it('text/plain; charset=application/json is 415 (a cross-site form can send it without a preflight)', async () => {
    const answer = await post('text/plain; charset=application/json');
    assert.equal(answer.status, 415, answer.text);
    assert.equal(answer.body.error.code, 'validation_failed');
    assert.ok(answer.body.error.fields['Content-Type']);
  });

  it('application/jsonp and application/json-seq are 415', async () => {
    assert.equal((await post('application/jsonp')).status, 415);
    assert.equal((await post('application/json-seq')).status, 415);
  });

  it('application/json in any case, with parameters and charset utf-8, is JSON; another charset is 415', async () => {
    assert.equal((await post('Application/JSON')).status, 201);
    assert.equal((await post('application/json; charset="UTF-8"')).status, 201);
    assert.equal((await post('application/json;charset=utf-8; profile=x')).status, 201);
    assert.equal((await post('application/json; charset=iso-8859-1')).status, 415);
    assert.equal((await post('application/merge-patch+json')).status, 415);
  });

  it('a text/plain body to a route that reads none, and to /dev/token, is 415 too', async () => {
    const id = await createdId('Media');
    assert.equal((await post('text/plain', `/api/integrations/${id}/tokens/refresh`, Buffer.from('{}'))).status, 415);
    const mint = await post('text/plain; charset=application/json', '/dev/token', json({ tenantId: 't', role: 'owner' }), undefined);
    assert.equal(mint.status, 415, mint.text);
    assert.equal(mint.body.accessToken, undefined);
  });
});

// ── Host names ───────────────────────────────────────────────────────────────────────────────

describe('the server answers only its own host names (DNS rebinding)', () => {
  const rebind = 'rebind.attacker.example';

  it('Host: rebind.attacker.example gets 421 on the API', async () => {
    const answer = await raw('/api/me', { headers: { Host: rebind, Authorization: `Bearer ${owner}` } });
    assert.equal(answer.status, 421, answer.text);
    assert.equal(answer.body.error.code, 'validation_failed');
    assert.ok(answer.body.error.fields.Host);
  });

  it('POST /dev/token under a rebound name mints nothing, even with a text/plain body', async () => {
    for (const type of ['text/plain; charset=application/json', 'application/json']) {
      const answer = await raw('/dev/token', {
        method: 'POST',
        headers: { Host: `${rebind}:${new URL(server.url).port}`, 'Content-Type': type },
        body: json({ tenantId: 'victim', role: 'owner' }),
      });
      assert.equal(answer.status, 421, answer.text);
      assert.doesNotMatch(answer.text, /accessToken/);
    }
  });

  it('the site (demo page) is refused under a rebound name too', async () => {
    const answer = await raw('/integrations', { headers: { Host: rebind } });
    assert.equal(answer.status, 421);
    assert.doesNotMatch(answer.text, /<html/i);
  });

  it('loopback names with any port are answered; look-alikes are not', async () => {
    for (const host of ['127.0.0.1', '127.0.0.1:1', 'localhost', 'LOCALHOST:5173', '[::1]', '[::1]:8080']) {
      assert.equal((await raw('/api/me', { headers: { Host: host, Authorization: `Bearer ${owner}` } })).status, 200, host);
    }
    for (const host of ['localhost.attacker.example', '127.0.0.1.nip.io', 'attacker.example:127', 'x']) {
      assert.equal((await raw('/api/me', { headers: { Host: host, Authorization: `Bearer ${owner}` } })).status, 421, host);
    }
    // A Host that is no host at all: @hono/node-server refuses it (400) before the app sees it.
    assert.equal((await raw('/api/me', { headers: { Host: 'a@localhost', Authorization: `Bearer ${owner}` } })).status, 400);
  });

  it('the dev OAuth provider (its login accepts anyone, and it hands out codes) answers only its loopback names too', async () => {
    const base = server.providerIssuer!;
    const discovery = '/.well-known/openid-configuration';
    assert.equal((await raw(discovery, { base })).status, 200);
    assert.equal((await raw(discovery, { base, headers: { Host: `localhost:${new URL(base).port}` } })).status, 200);
    const rebound = await raw(discovery, { base, headers: { Host: `${rebind}:${new URL(base).port}` } });
    assert.equal(rebound.status, 421);
    assert.doesNotMatch(rebound.text, /authorization_endpoint/);
    const outage = await raw('/__dev/outage', {
      base,
      method: 'POST',
      headers: { Host: rebind, 'Content-Type': 'text/plain' },
      body: JSON.stringify({ endpoint: 'token', down: true }),
    });
    assert.equal(outage.status, 421, 'a rebound page cannot switch the provider off either');
  });

  it('the host of PUBLIC_URL is answered, and ALLOWED_HOSTS adds names', async () => {
    const published = await startTestServer(
      { publicUrl: 'https://integrations.example.com', allowedHosts: ['internal.proxy'] },
      { shareDatabaseOf: server },
    );
    try {
      const ask = (host: string) => published.app.request('/api/cloud-providers', { headers: { Host: host } });
      assert.equal((await ask('integrations.example.com')).status, 401, 'answered (and asks for a token)');
      assert.equal((await ask('internal.proxy:8080')).status, 401);
      assert.equal((await ask(rebind)).status, 421);
    } finally {
      await published.dispose();
    }
  });
});

// ── Body size ────────────────────────────────────────────────────────────────────────────────

describe('a body over the limit', () => {
  it('is 413 with Connection: close, and the next request on a keep-alive agent succeeds', async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const big = json({ ...validCreate, description: 'x'.repeat(5_000_000) });
      const tooLarge = await raw('/api/integrations', {
        method: 'POST',
        agent,
        headers: { Authorization: `Bearer ${owner}`, 'Content-Type': 'application/json', 'Content-Length': String(big.length) },
        body: big,
      });
      assert.equal(tooLarge.status, 413);
      assert.equal(tooLarge.headers.connection, 'close');
      assert.equal(tooLarge.body.error.code, 'validation_failed');
      assert.ok(tooLarge.body.error.fields.body);
      const next = await raw('/api/me', { agent, headers: { Authorization: `Bearer ${owner}` } });
      assert.equal(next.status, 200);
    } finally {
      agent.destroy();
    }
  });

  it('is 413 for a chunked body with no Content-Length as well', async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const tooLarge = await raw('/dev/token', {
        method: 'POST',
        agent,
        headers: { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked' },
        body: Buffer.from(`{"tenantId":"t","role":"owner","sub":"${'x'.repeat(200_000)}"}`),
      });
      assert.equal(tooLarge.status, 413);
      assert.equal(tooLarge.headers.connection, 'close');
      assert.equal((await raw('/api/me', { agent, headers: { Authorization: `Bearer ${owner}` } })).status, 200);
    } finally {
      agent.destroy();
    }
  });
});

// ── OAuth callback ───────────────────────────────────────────────────────────────────────────

describe('the OAuth callback checks its code before it spends the sign-in', () => {
  it('a code with a NUL is 400 on code, and the same sign-in then completes with the real code', async () => {
    const id = await createdId('OAuth');
    const flow = await authorize(server, owner, id);
    const code = flow.callback.get('code')!;
    expectFieldError(await completeCallback(server, owner, flow, { code: `${code}\u0000` }), 400, 'code');
    expectFieldError(await completeCallback(server, owner, flow, { code: `${code}\n` }), 400, 'code');
    const done = await completeCallback(server, owner, flow);
    assert.equal(done.status, 200, JSON.stringify(done.body));
    assert.equal(done.body.status, 'active');
  });
});

// ── Properties ───────────────────────────────────────────────────────────────────────────────

/** One UTF-16 unit or code point chosen to hurt: controls, lone surrogates, odd whitespace, plus plain letters. */
const hostileUnit = fc.oneof(
  { weight: 2, arbitrary: fc.constant('\u0000') },
  { weight: 3, arbitrary: fc.constantFrom('\u0000', '\t', '\n', '\r', '\u000b', '\u001b', '\u007f', '\u0085', '\u009f') },
  { weight: 2, arbitrary: fc.constantFrom('\ud800', '\udbff', '\udc00', '\udfff', '\ud83d\ude80') },
  {
    weight: 2,
    arbitrary: fc.constantFrom(' ', '\u00a0', '\u2028', '\u2029', '\ufeff', '\u200b', '\u202e', '\uffff', '%', '_', '\\', '"', "'"),
  },
  { weight: 6, arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }) },
);
const hostileText = (maxLength: number) => fc.string({ unit: hostileUnit, maxLength });
/** Text around a limit: short, right at it, just past it, far past it. */
const textNear = (limit: number) =>
  fc.oneof(
    { weight: 6, arbitrary: hostileText(40) },
    { weight: 1, arbitrary: fc.integer({ min: limit - 2, max: limit + 2 }).map((n) => 'a'.repeat(n)) },
    { weight: 1, arbitrary: fc.tuple(fc.integer({ min: limit - 5, max: limit }), hostileUnit).map(([n, unit]) => 'b'.repeat(n) + unit) },
    { weight: 1, arbitrary: fc.constant('c'.repeat(limit * 10)) },
  );
/** Anything that is not what a field wants: numbers, booleans, null, arrays, objects, deep nesting. */
const wrongType = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string(), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 }), { maxKeys: 3 }),
  fc.jsonValue({ depthSize: 'medium', maxDepth: 8 }),
  fc.integer({ min: 10, max: 3000 }).map((depth) => JSON.parse('['.repeat(depth) + ']'.repeat(depth)) as unknown),
);
const fieldValue = (limit: number) => fc.oneof({ weight: 4, arbitrary: textNear(limit) }, { weight: 1, arbitrary: wrongType });
/** The right value, or a hostile one in its place (or none). */
const near = <T>(good: T, limit: number) =>
  fc.oneof({ weight: 1, arbitrary: fc.constant(good) }, { weight: 2, arbitrary: fc.oneof(fieldValue(limit), fc.constant(undefined)) });
const settingsArbitrary = fc.oneof(
  fc.record({ note: fc.oneof({ weight: 4, arbitrary: textNear(200) }, { weight: 1, arbitrary: wrongType }) }),
  fc.dictionary(hostileText(8), fc.oneof(hostileText(20), wrongType), { maxKeys: 4 }),
  wrongType,
);
const devSettings = fc.oneof(
  fc.constant({ region: 'eu-west-1' }),
  fc.record(
    { region: fc.oneof(fc.constant('eu-west-1'), hostileText(12)), bucketPrefix: fc.oneof(hostileText(70), wrongType) },
    { requiredKeys: ['region'] },
  ),
  settingsArbitrary,
);

/** A field's value as it is stored: text is trimmed (String.prototype.trim), a missing description is null. */
const trimmed = (value: unknown) => (typeof value === 'string' ? value.trim() : value);

describe('properties: every input is refused with a field error or stored as sent, never a 5xx', () => {
  it('the text rule (rules.ts) agrees with its definition, for one line and for several', () => {
    // The definition, written as regular expressions (matching controls is their whole point here).
    // eslint-disable-next-line no-control-regex
    const control = /[\u0000-\u001f\u007f-\u009f]/;
    // eslint-disable-next-line no-control-regex
    const controlMultiline = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;
    const wellFormed = (s: string) => !/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(s);
    fc.assert(
      fc.property(hostileText(30), fc.boolean(), (text, multiline) => {
        const problem = textProblem(text, { multiline });
        const hasControl = (multiline ? controlMultiline : control).test(text);
        if (problem === undefined) assert.ok(!hasControl && wellFormed(text), JSON.stringify(text));
        else assert.ok(hasControl || !wellFormed(text), JSON.stringify(text));
        if (problem === 'surrogate') assert.ok(!wellFormed(text));
        // Once refused for one line, a text is refused for several only because of something other than tab or line feed.
        if (textProblem(text, { multiline: true }) !== undefined) assert.notEqual(textProblem(text), undefined);
      }),
      { seed: SEED, numRuns: 2000 },
    );
  });

  it('create: any name, description, provider and settings', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record(
          {
            name: fieldValue(NAME_MAX_LENGTH),
            description: fc.oneof(fieldValue(DESCRIPTION_MAX_LENGTH), fc.constant(null)),
            cloudProviderId: fc.oneof({ weight: 4, arbitrary: fc.constant('dev-cloud') }, { weight: 1, arbitrary: fieldValue(20) }),
            settings: devSettings,
            tenantId: hostileText(5),
          },
          { requiredKeys: ['name', 'cloudProviderId'] },
        ),
        async (body) => {
          const answer = await create(body);
          if (answer.status !== 201) return assertRefusal(answer, body);
          const stored = (await server.request(`/api/integrations/${answer.body.id}`, { token: owner })).body;
          assert.equal(stored.name, trimmed(body.name));
          assert.equal(stored.description, trimmed(body.description) ?? null);
          assert.equal(stored.tenantId, 'tenant-a');
        },
      ),
      property,
    );
  });

  it('patch: any name, description, status and settings on an existing integration', async () => {
    const id = await createdId('Patched');
    await fc.assert(
      fc.asyncProperty(
        fc.record(
          {
            name: fieldValue(NAME_MAX_LENGTH),
            description: fc.oneof(fieldValue(DESCRIPTION_MAX_LENGTH), fc.constant(null)),
            status: fc.oneof(fc.constantFrom('active', 'disabled', 'error', 'pending'), fieldValue(10)),
            settings: devSettings,
          },
          { requiredKeys: [] },
        ),
        async (body) => {
          const before = (await server.request(`/api/integrations/${id}`, { token: owner })).body;
          const answer = await server.request(`/api/integrations/${id}`, { method: 'PATCH', token: owner, body });
          const after = (await server.request(`/api/integrations/${id}`, { token: owner })).body;
          if (answer.status !== 200) {
            assertRefusal(answer, body);
            assert.equal(after.etag, before.etag, 'a refused PATCH changes nothing');
            return;
          }
          if ('name' in body) assert.equal(after.name, trimmed(body.name));
          if ('description' in body) assert.equal(after.description, trimmed(body.description) ?? null);
        },
      ),
      property,
    );
  });

  it('list: any q, providerId, status, tokenStatus, sort, limit and cursor', async () => {
    const param = (limit: number) =>
      fc.oneof(textNear(limit), fc.constantFrom('', '%00', '%ZZ', '-1', '0', '1', '100', '101', 'name', '-createdAt'));
    const cursorText = fc.oneof(
      param(50),
      fc
        .tuple(fc.constantFrom('name', '-name', 'createdAt', '-updatedAt', 'x'), hostileText(30), hostileText(10))
        .map((parts) => Buffer.from(JSON.stringify(parts)).toString('base64url')),
      fc.string({ unit: fc.constantFrom(...'ABCabc019-_.'), minLength: 40, maxLength: 120 }),
    );
    const params = {
      q: param(SEARCH_MAX_LENGTH),
      providerId: param(120),
      status: param(10),
      tokenStatus: param(10),
      sort: param(10),
      limit: param(5),
      cursor: cursorText,
    };
    type Name = keyof typeof params;
    // Mostly one hostile parameter alone (so it is not refused for another one's sake before it
    // could reach SQL), sometimes all of them at once.
    const one = fc.constantFrom(...(Object.keys(params) as Name[])).chain((name) => params[name].map((value) => ({ [name]: value })));
    await fc.assert(
      fc.asyncProperty(
        fc.oneof({ weight: 3, arbitrary: one }, { weight: 1, arbitrary: fc.record(params, { requiredKeys: [] }) }),
        async (query) => {
          const search = new URLSearchParams(query as Record<string, string>).toString();
          const answer = await server.request(`/api/integrations?${search}`, { token: owner });
          if (answer.status === 200) {
            assert.ok(Array.isArray(answer.body.items));
            return;
          }
          assertRefusal(answer, query);
          assert.equal(answer.status, 400);
          for (const field of Object.keys(answer.body.error.fields))
            assert.ok(field in query, `the field error names a parameter sent: ${field}`);
        },
      ),
      property,
    );
  });

  it('get, delete, health and usage by any id: 400 on id, or 404 for a well-formed unknown one', async () => {
    await fc.assert(
      fc.asyncProperty(hostileText(120), fc.constantFrom('GET', 'DELETE', 'health', 'usage'), async (id, what) => {
        // Every byte percent-encoded (a lone surrogate becomes U+FFFD's bytes: a URL carries bytes, not UTF-16).
        const segment = [...Buffer.from(id, 'utf8')].map((byte) => `%${byte.toString(16).padStart(2, '0')}`).join('');
        const path = `/api/integrations/${segment}${what === 'health' ? '/tokens/health' : what === 'usage' ? '/usage' : ''}`;
        const answer = await server.request(path, { method: what === 'DELETE' ? 'DELETE' : 'GET', token: owner });
        // An id that is empty or `.`/`..` names another route (the list, or a path the URL parser resolves).
        if (answer.status === 200 && (id === '' || id === '.' || id === '..')) return;
        assertRefusal(answer, id);
        assert.ok([400, 404].includes(answer.status), `${answer.status} for ${JSON.stringify(id)}`);
        if (answer.status === 400) assert.ok(answer.body.error.fields.id);
      }),
      property,
    );
  });

  it('oauth initiate: any body', async () => {
    const id = await createdId('OAuth initiate fuzz');
    const { codeChallenge } = pkcePair();
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          codeChallenge: near(codeChallenge, 50),
          codeChallengeMethod: near('S256', 6),
          state: fc.oneof(
            fc.uint8Array({ minLength: 32, maxLength: 32 }).map((bytes) => Buffer.from(bytes).toString('base64url')),
            fieldValue(600),
          ),
          redirectUri: near(server.redirectUri, 80),
        }),
        async (body) => {
          const answer = await server.request(`/api/integrations/${id}/oauth/initiate`, { method: 'POST', token: owner, body });
          if (answer.status === 200) assert.equal(typeof answer.body.authorizationUrl, 'string');
          else assertRefusal(answer, body);
        },
      ),
      { ...property, numRuns: Math.ceil(RUNS / 2) },
    );
  });

  it('oauth callback: any body for a pending sign-in; a malformed one does not spend it', async () => {
    const id = await createdId('OAuth callback fuzz');
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          code: near('a-code-the-provider-never-gave', 2100),
          codeVerifier: fc.oneof(fc.constant('right'), fieldValue(130)),
          redirectUri: near(server.redirectUri, 80),
          iss: fc.oneof(fc.constant(server.providerIssuer), fc.constant(null), fieldValue(80)),
        }),
        async (fields) => {
          const { codeChallenge, codeVerifier } = pkcePair();
          const state = newState();
          const started = await server.request(`/api/integrations/${id}/oauth/initiate`, {
            method: 'POST',
            token: owner,
            body: { codeChallenge, codeChallengeMethod: 'S256', state, redirectUri: server.redirectUri },
          });
          assert.equal(started.status, 200, JSON.stringify(started.body));
          const body = { ...fields, state, codeVerifier: fields.codeVerifier === 'right' ? codeVerifier : fields.codeVerifier };
          const answer = await server.request('/api/oauth/callback', { method: 'POST', token: owner, body });
          // No code here is one the provider gave, so no callback may succeed.
          assertRefusal(answer, body);
          // RFC 6749 §A.11: a code is visible ASCII; anything else is refused as such.
          if (typeof body.code === 'string' && !/^[\x20-\x7e]{1,2048}$/.test(body.code)) {
            assert.equal(answer.body.error.code, 'validation_failed', JSON.stringify(answer.body));
            assert.ok(answer.body.error.fields.code, JSON.stringify(answer.body));
          }
          if (answer.body.error.code === 'validation_failed' && answer.status === 400 && !answer.body.error.fields.redirectUri) {
            const pending = await findPendingState(server.db, state);
            assert.equal(pending?.consumed_at, null, `a malformed callback spent the sign-in: ${JSON.stringify(answer.body)}`);
          }
        },
      ),
      { ...property, numRuns: Math.ceil(RUNS / 2) },
    );
  });

  it('dev token: any body', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.record(
            {
              tenantId: fc.oneof(fc.constant('tenant-x'), fieldValue(70)),
              role: fc.oneof(fc.constantFrom('owner', 'member'), fieldValue(40)),
              sub: fieldValue(210),
            },
            { requiredKeys: [] },
          ),
          wrongType,
        ),
        async (body) => {
          const answer = await server.request('/dev/token', { method: 'POST', body });
          if (answer.status !== 200) return assertRefusal(answer, body);
          // What was minted is what was asked for, and only text that may be stored.
          const claims = JSON.parse(Buffer.from(String(answer.body.accessToken).split('.')[1]!, 'base64url').toString('utf8'));
          const sent = body as Record<string, unknown>;
          for (const claim of ['tenantId', 'role', 'sub'] as const) {
            if (sent[claim] === undefined) continue;
            assert.equal(claims[claim], sent[claim]);
            assert.equal(textProblem(claims[claim] as string), undefined, `${claim} ${JSON.stringify(claims[claim])}`);
          }
        },
      ),
      property,
    );
  });

  it('any bytes with any Content-Type to any endpoint that takes a body', async () => {
    const id = await createdId('Bytes');
    const paths = [
      '/api/integrations',
      `/api/integrations/${id}`,
      `/api/integrations/${id}/oauth/initiate`,
      '/api/oauth/callback',
      '/dev/token',
    ];
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...paths),
        fc.oneof(
          fc.constantFrom(
            'application/json',
            'text/plain',
            'text/plain; charset=application/json',
            'application/json; charset=latin1',
            'application/jsonp',
            'application/x-www-form-urlencoded',
            'multipart/form-data; boundary=x',
            '',
          ),
          // What node:http lets a header carry: visible ASCII and spaces.
          fc.string({ unit: 'binary-ascii', maxLength: 40 }).filter((s) => /^[\x21-\x7e]([\x20-\x7e]*[\x21-\x7e])?$/.test(s)),
        ),
        fc.oneof(
          fc.uint8Array({ maxLength: 300 }).map((bytes) => Buffer.from(bytes)),
          fc.jsonValue().map((value) => json(value)),
        ),
        async (path, contentType, body) => {
          const answer = await raw(path, {
            method: path.endsWith(id) ? 'PATCH' : 'POST',
            headers: { Authorization: `Bearer ${owner}`, ...(contentType ? { 'Content-Type': contentType } : {}) },
            body,
          });
          // A media type that does not even mention JSON is refused as such, whatever the body.
          if (!/json/i.test(contentType)) assert.equal(answer.status, 415, `${contentType}: ${answer.text}`);
          if (answer.status < 300) return;
          assertRefusal(
            { status: answer.status, headers: new Headers(), body: answer.body },
            { path, contentType, body: body.toString('base64') },
          );
        },
      ),
      property,
    );
  });
});
