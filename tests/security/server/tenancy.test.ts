/**
 * Threat: one tenant reading or changing another's integrations, a reader writing, and a caller
 * forging or bending a bearer token to become someone else. Another tenant's integration is not
 * found (404, the same answer as an id that never existed, so existence does not leak); a member's
 * writes and any unknown role's requests are 403 permission_denied; every forged, altered, expired,
 * misdirected or misplaced token is 401 unauthenticated, with no stack, SQL or library error in the
 * body, and no token reaches the log.
 *
 * Real server (HS256 dev tokens, its secret known to this file so it can forge precisely) and a
 * second one that verifies RS256 with a public key, for algorithm confusion.
 */
// The root tsconfig checks tests/ and so reaches the dev provider, whose module types live with the
// server as an ambient declaration (a script, which an import cannot name).
// eslint-disable-next-line @typescript-eslint/triple-slash-reference
/// <reference path="../../../server/types/oidc-provider.d.ts" />
import assert from 'node:assert/strict';
import { generateKeyPairSync, randomBytes, randomUUID, type webcrypto } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { SignJWT, decodeJwt, exportJWK, generateKeyPair, type JWTPayload } from 'jose';
import { DEV_AUDIENCE, DEV_ISSUER } from '../../../server/auth/tokens.js';
import { createLogger } from '../../../server/logger.js';
import { expectError, expectShape, schemas } from '../../../server/tests/support/contract.js';
import { startTestServer, type ApiAnswer, type TestServer } from '../../../server/tests/support/harness.js';
import { authorize, completeCallback, connectedIntegration, newState, pkcePair } from '../../../server/tests/support/oauth-helpers.js';

let server: TestServer;
const logLines: string[] = [];
const logger = createLogger('debug', (line) => logLines.push(line));
/** Every token used below; none may be in the log at the end. */
const tokensUsed = new Set<string>();
const secret = randomBytes(32).toString('base64url');
const shared = { jwt: { algorithm: 'HS256', secret }, tokenEncryptionKey: randomBytes(32).toString('base64') };

let ownerA: string;
let memberA: string;
let ownerB: string;
let connectedA: string;
let pendingA: string;
const unknownId = randomUUID();

before(async () => {
  server = await startTestServer(shared, { logger });
  [ownerA, memberA, ownerB] = await Promise.all([
    server.token('tenant-a', 'owner'),
    server.token('tenant-a', 'member'),
    server.token('tenant-b', 'owner'),
  ]);
  for (const token of [ownerA, memberA, ownerB]) tokensUsed.add(token);
  connectedA = await connectedIntegration(server, ownerA, 'A connected');
  pendingA = await createIntegration(ownerA, 'A pending');
});
after(() => server.dispose());

async function createIntegration(token: string, name: string, headers: Record<string, string> = {}): Promise<string> {
  const answer = await server.request('/api/integrations', {
    method: 'POST',
    token,
    headers,
    body: { name, cloudProviderId: 'dev-cloud', settings: { region: 'eu-west-1' } },
  });
  assert.ok(answer.status === 201 || answer.status === 200, JSON.stringify(answer.body));
  return answer.body.id as string;
}

/** What no foreign caller may change: the integration as its owner sees it, and its stored tokens. */
async function observe(id: string) {
  const answer = await server.request(`/api/integrations/${id}`, { token: ownerA });
  const tokens = await server.db.query('SELECT access_token_enc, refresh_token_enc FROM integration_tokens WHERE integration_id = $1', [
    id,
  ]);
  return { status: answer.status, integration: answer.body, tokens };
}

/** An error body is `{ error: { code, message, fields? } }` and gives nothing away. */
function assertNothingLeaked(answer: ApiAnswer) {
  const text = JSON.stringify(answer.body ?? '');
  assert.deepEqual(Object.keys(answer.body ?? {}), ['error'], text);
  assert.doesNotMatch(text, /\bat \S+ \(|\.[jt]s:\d+|node_modules|stack/i, 'no stack trace');
  assert.doesNotMatch(text, /\b(SELECT|INSERT|UPDATE|DELETE FROM|WHERE|relation|syntax error)\b/, 'no SQL');
  assert.doesNotMatch(text, /\bJW[STEK]\w*(Invalid|Failed|Expired|Claim)|ERR_JW|jose/i, 'no library error');
}

const writeBody = { codeChallenge: pkcePair().codeChallenge, codeChallengeMethod: 'S256', state: newState() };

/** Every route that reads or changes one integration, as (method, path, body). */
function routesFor(id: string) {
  return {
    reads: [
      ['GET', `/api/integrations/${id}`],
      ['GET', `/api/integrations/${id}/tokens/health`],
      ['GET', `/api/integrations/${id}/usage`],
    ] as const,
    writes: [
      ['PATCH', `/api/integrations/${id}`, { name: 'Taken over' }],
      ['DELETE', `/api/integrations/${id}`, undefined],
      ['POST', `/api/integrations/${id}/tokens/refresh`, undefined],
      ['POST', `/api/integrations/${id}/test`, undefined],
      ['POST', `/api/integrations/${id}/oauth/initiate`, { ...writeBody, redirectUri: server.redirectUri }],
    ] as const,
  };
}

describe('another tenant', () => {
  for (const which of ['connected', 'pending'] as const) {
    it(`cannot read a ${which} integration of another tenant: 404, the same answer as an id that never existed`, async () => {
      const id = which === 'connected' ? connectedA : pendingA;
      for (const [method, path] of routesFor(id).reads) {
        const foreign = await server.request(path, { method, token: ownerB });
        expectError(foreign, 404, 'not_found');
        assertNothingLeaked(foreign);
        const never = await server.request(path.replace(id, unknownId), { method, token: ownerB });
        assert.deepEqual(foreign.body, never.body, `${method} ${path}: the same as an unknown id`);
        assert.equal(foreign.headers.get('ETag'), null);
      }
    });

    it(`cannot change a ${which} integration of another tenant: every write is 404 and changes nothing`, async () => {
      const id = which === 'connected' ? connectedA : pendingA;
      const before = await observe(id);
      for (const [method, path, body] of routesFor(id).writes) {
        const foreign = await server.request(path, { method, token: ownerB, body, headers: { 'If-Match': '*' } });
        expectError(foreign, 404, 'not_found');
        assertNothingLeaked(foreign);
        const never = await server.request(path.replace(id, unknownId), { method, token: ownerB, body, headers: { 'If-Match': '*' } });
        assert.deepEqual(foreign.body, never.body, `${method} ${path}: the same as an unknown id`);
      }
      assert.deepEqual(await observe(id), before, 'the integration stays as it was');
    });
  }

  it("lists, searches and filters only the caller's own integrations", async () => {
    const ownB = await createIntegration(ownerB, 'B own');
    const queries = ['', '?q=A%20connected', '?q=A', '?providerId=dev-cloud', '?status=active', '?tokenStatus=valid', '?limit=100'];
    for (const query of queries) {
      const page = expectShape(await server.request(`/api/integrations${query}`, { token: ownerB }), 200, schemas.page);
      const ids = page.items.map((item) => item.id);
      assert.ok(!ids.includes(connectedA) && !ids.includes(pendingA), `${query}: no integration of tenant A`);
      if (query === '' || query === '?providerId=dev-cloud') assert.deepEqual(ids, [ownB], query);
    }
    const own = expectShape(await server.request('/api/integrations?q=A%20connected', { token: ownerA }), 200, schemas.page);
    assert.deepEqual(
      own.items.map((item) => item.id),
      [connectedA],
      'the search itself works for the owner',
    );
  });

  it("cannot complete another tenant's sign-in with its state", async () => {
    const flow = await authorize(server, ownerA, pendingA);
    const before = await observe(pendingA);
    const answer = await completeCallback(server, ownerB, flow);
    expectError(answer, 400, 'invalid_state');
    assertNothingLeaked(answer);
    assert.deepEqual(await observe(pendingA), before);
  });

  it("an Idempotency-Key is the caller's own: the same key in another tenant creates that tenant's integration", async () => {
    const key = `key-${randomUUID()}`;
    const first = await createIntegration(ownerA, 'Keyed', { 'Idempotency-Key': key });
    const answer = await server.request('/api/integrations', {
      method: 'POST',
      token: ownerB,
      headers: { 'Idempotency-Key': key },
      body: { name: 'Keyed', cloudProviderId: 'dev-cloud', settings: { region: 'eu-west-1' } },
    });
    const created = expectShape(answer, 201, schemas.integration);
    assert.notEqual(created.id, first, "not tenant A's integration");
    assert.equal(answer.headers.get('Idempotent-Replayed'), null);
  });

  it("tenant A's tokens still work after all of the above", async () => {
    expectShape(
      await server.request(`/api/integrations/${connectedA}/tokens/refresh`, { method: 'POST', token: ownerA }),
      200,
      schemas.integration,
    );
  });
});

describe('roles', () => {
  it('a member reads its tenant’s integrations', async () => {
    for (const [method, path] of routesFor(connectedA).reads) {
      const answer = await server.request(path, { method, token: memberA });
      assert.equal(answer.status, 200, `${method} ${path}: ${JSON.stringify(answer.body)}`);
    }
    expectShape(await server.request('/api/integrations', { token: memberA }), 200, schemas.page);
  });

  it('a member’s every write is 403 permission_denied and changes nothing', async () => {
    const before = await observe(connectedA);
    const states = await server.db.query<{ n: number }>('SELECT count(*)::int AS n FROM oauth_states');
    const writes = [
      ...routesFor(connectedA).writes,
      ['POST', '/api/integrations', { name: 'By a member', cloudProviderId: 'dev-cloud', settings: { region: 'eu-west-1' } }],
    ] as const;
    for (const [method, path, body] of writes) {
      const answer = await server.request(path, { method, token: memberA, body, headers: { 'If-Match': '*' } });
      expectError(answer, 403, 'permission_denied');
      assertNothingLeaked(answer);
    }
    const flow = await authorize(server, ownerA, pendingA);
    expectError(await completeCallback(server, memberA, flow), 403, 'permission_denied');
    // The owner's sign-in is still there to finish: the member's attempt did not spend it.
    expectShape(await completeCallback(server, ownerA, flow), 200, schemas.integration);
    assert.deepEqual(await observe(connectedA), before);
    assert.equal((await server.db.query<{ n: number }>('SELECT count(*)::int AS n FROM oauth_states'))[0]!.n, states[0]!.n + 1);
    const list = expectShape(await server.request('/api/integrations?q=By%20a%20member', { token: ownerA }), 200, schemas.page);
    assert.equal(list.total, 0, 'nothing was created');
  });

  it("a member of another tenant gets the same 403 for that tenant's id as for its own (nothing is looked up first)", async () => {
    const memberB = await server.token('tenant-b', 'member');
    tokensUsed.add(memberB);
    const foreign = await server.request(`/api/integrations/${connectedA}`, { method: 'DELETE', token: memberB });
    const never = await server.request(`/api/integrations/${unknownId}`, { method: 'DELETE', token: memberB });
    expectError(foreign, 403, 'permission_denied');
    assert.deepEqual(foreign.body, never.body);
  });

  for (const role of ['viewer', 'admin', 'OWNER', 'Owner ', '__proto__', 'constructor', 'toString', 'hasOwnProperty']) {
    it(`role ${JSON.stringify(role)} may do nothing: reads and writes are 403, /api/me lists no permission`, async () => {
      // Signed here, not by /dev/token: the issuer decides roles, and may send one /dev/token would refuse.
      const token = await new SignJWT({ tenantId: 'tenant-a', role })
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject('odd-role')
        .setIssuer(DEV_ISSUER)
        .setAudience(DEV_AUDIENCE)
        .setExpirationTime('1h')
        .sign(new TextEncoder().encode(secret));
      tokensUsed.add(token);
      const me = await server.request('/api/me', { token });
      assert.equal(me.status, 200);
      assert.deepEqual(me.body.permissions, []);
      const { reads, writes } = routesFor(connectedA);
      for (const [method, path, body] of [...reads.map(([m, p]) => [m, p, undefined] as const), ...writes]) {
        const answer = await server.request(path, { method, token, body });
        expectError(answer, 403, 'permission_denied');
        assertNothingLeaked(answer);
      }
      expectError(await server.request('/api/integrations', { token }), 403, 'permission_denied');
    });
  }
});

describe('forged bearer tokens', () => {
  const key = new TextEncoder().encode(secret);
  const now = () => Math.floor(Date.now() / 1000);
  const claims = (extra: JWTPayload = {}): JWTPayload => ({
    tenantId: 'tenant-a',
    role: 'owner',
    sub: 'forger',
    iss: DEV_ISSUER,
    aud: DEV_AUDIENCE,
    iat: now(),
    exp: now() + 3600,
    ...extra,
  });
  const b64 = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');
  /** Signs with the server's own secret unless told otherwise. */
  const sign = (payload: JWTPayload, header: Record<string, unknown> = {}, signingKey: Parameters<SignJWT['sign']>[0] = key) =>
    new SignJWT(payload).setProtectedHeader({ alg: 'HS256', ...header } as { alg: string }).sign(signingKey);

  /** Asserts that `token` (sent as a bearer token, or raw Authorization) is 401 and gives nothing away. */
  async function refused(token: string | undefined, options: { authorization?: string; path?: string; message?: RegExp } = {}) {
    if (token) tokensUsed.add(token);
    const headers: Record<string, string> = {};
    if (options.authorization !== undefined) headers.Authorization = options.authorization;
    else if (token !== undefined) headers.Authorization = `Bearer ${token}`;
    const answer = await server.request(options.path ?? '/api/integrations', { headers });
    const error = expectError(answer, 401, 'unauthenticated');
    assert.match(answer.headers.get('WWW-Authenticate') ?? '', /^Bearer/);
    assertNothingLeaked(answer);
    if (options.message) assert.match(error.message, options.message);
    return error;
  }

  it('a correctly re-signed token is accepted (the forgeries below differ from it in one thing each)', async () => {
    const token = await sign(claims());
    tokensUsed.add(token);
    expectShape(await server.request('/api/integrations', { token }), 200, schemas.page);
  });

  it('no token, an empty one, another scheme, or not a JWT', async () => {
    await refused(undefined, { message: /Authorization: Bearer/ });
    await refused(undefined, { authorization: 'Bearer ' });
    await refused(undefined, { authorization: `Basic ${Buffer.from('owner:owner').toString('base64')}` });
    await refused(undefined, { authorization: `Token ${ownerA}` });
    await refused('not-a-jwt');
    await refused('a.b.c');
    await refused('..');
    await refused(`${b64({ alg: 'HS256' })}.${b64('not json')}.${b64('sig')}`);
    await refused(undefined, { authorization: `Bearer ${ownerA} ${ownerA}` });
  });

  it('alg "none" (unsigned), in any spelling', async () => {
    for (const alg of ['none', 'None', 'NONE', 'nOnE']) {
      await refused(`${b64({ alg, typ: 'JWT' })}.${b64(claims())}.`);
      await refused(`${b64({ alg, typ: 'JWT' })}.${b64(claims())}`);
    }
  });

  it('signed with a made-up asymmetric key (RS256, ES256, EdDSA), or the right secret under another HMAC alg', async () => {
    for (const alg of ['RS256', 'ES256', 'EdDSA'] as const) {
      const { privateKey } = await generateKeyPair(alg);
      await refused(await new SignJWT(claims()).setProtectedHeader({ alg }).sign(privateKey));
    }
    await refused(await sign(claims(), { alg: 'HS512' }));
    await refused(await sign(claims(), { alg: 'HS384' }));
    // The right HS256 signature under a header that names another algorithm.
    const [, payload, signature] = (await sign(claims())).split('.');
    await refused(`${b64({ alg: 'HS512' })}.${payload}.${signature}`);
    await refused(`${b64({ alg: 'RS256' })}.${payload}.${signature}`);
  });

  it('a wrong signature: another secret, a flipped byte, or none at all', async () => {
    await refused(await sign(claims(), {}, randomBytes(32)));
    const token = await sign(claims());
    const [header, payload, signature] = token.split('.');
    const flipped = Buffer.from(signature!, 'base64url');
    flipped[0]! ^= 1;
    await refused(`${header}.${payload}.${flipped.toString('base64url')}`);
    await refused(`${header}.${payload}.`);
    await refused(`${header}.${payload}`);
  });

  it('expired, not yet valid, or without an expiry', async () => {
    await refused(await sign(claims({ exp: now() - 60 })), { message: /expired/ });
    await refused(await sign(claims({ nbf: now() + 3600 })));
    const { exp: _exp, ...noExpiry } = claims();
    await refused(await sign(noExpiry));
  });

  it('another issuer or audience, or none', async () => {
    await refused(await sign(claims({ iss: 'https://evil.example' })));
    await refused(await sign(claims({ aud: 'another-api' })));
    await refused(await sign(claims({ aud: [DEV_AUDIENCE.toUpperCase()] })));
    const { iss: _iss, ...noIssuer } = claims();
    await refused(await sign(noIssuer));
    const { aud: _aud, ...noAudience } = claims();
    await refused(await sign(noAudience));
  });

  it('without a usable tenant, subject or role claim', async () => {
    const { tenantId: _tenant, ...noTenant } = claims();
    await refused(await sign(noTenant), { message: /tenantId/ });
    for (const tenantId of ['', 42, ['tenant-a'], { id: 'tenant-a' }, null]) await refused(await sign(claims({ tenantId })));
    const { sub: _sub, ...noSubject } = claims();
    await refused(await sign(noSubject));
    const { role: _role, ...noRole } = claims();
    await refused(await sign(noRole));
    await refused(await sign(claims({ role: ['owner'] })));
  });

  it('a nonexistent tenant: forged, it is refused; signed by the issuer, it sees an empty tenant', async () => {
    await refused(await sign(claims({ tenantId: 'tenant-nobody' }), {}, randomBytes(32)));
    // Tenants are what the token issuer says they are (the server keeps no list of them): a real
    // token for a tenant nobody used yet is accepted and finds nothing of anyone else's.
    const issued = await server.token('tenant-nobody', 'owner');
    tokensUsed.add(issued);
    const page = expectShape(await server.request('/api/integrations', { token: issued }), 200, schemas.page);
    assert.equal(page.total, 0);
    expectError(await server.request(`/api/integrations/${connectedA}`, { token: issued }), 404, 'not_found');
  });

  it("a member's real token with its role changed to owner, kept or re-signed with another key", async () => {
    const [header, payload, signature] = memberA.split('.');
    const escalated = b64({ ...decodeJwt(memberA), role: 'owner' });
    assert.notEqual(escalated, payload);
    await refused(`${header}.${escalated}.${signature}`, { path: `/api/integrations/${connectedA}` });
    await refused(await sign({ ...decodeJwt(memberA), role: 'owner' }, {}, randomBytes(32)));
    // And the member's own token is still only a member's.
    expectError(await server.request(`/api/integrations/${connectedA}`, { method: 'DELETE', token: memberA }), 403, 'permission_denied');
  });

  describe('header tricks', () => {
    let keyServer: Server;
    let fetched = 0;
    let attacker: webcrypto.CryptoKeyPair;
    let keyUrl: string;

    before(async () => {
      attacker = (await generateKeyPair('RS256', { extractable: true })) as webcrypto.CryptoKeyPair;
      const jwk = { ...(await exportJWK(attacker.publicKey)), kid: 'attacker', alg: 'RS256', use: 'sig' };
      // Where a jku / x5u header points: counts every request, so the test knows it was never asked.
      keyServer = createServer((_req, res) => {
        fetched++;
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ keys: [jwk] }));
      });
      await new Promise<void>((resolve) => keyServer.listen(0, '127.0.0.1', resolve));
      keyUrl = `http://127.0.0.1:${(keyServer.address() as AddressInfo).port}/jwks.json`;
    });
    after(() => new Promise((resolve) => keyServer.close(resolve)));

    const attackerSigned = async (header: Record<string, unknown>) =>
      new SignJWT(claims()).setProtectedHeader({ alg: 'RS256', ...header } as { alg: string }).sign(attacker.privateKey);

    it('a jku, x5u or embedded jwk naming the attacker’s key is ignored, and never fetched', async () => {
      await refused(await attackerSigned({ jku: keyUrl, kid: 'attacker' }));
      await refused(await attackerSigned({ x5u: keyUrl }));
      await refused(await attackerSigned({ jwk: await exportJWK(attacker.publicKey) }));
      await refused(await sign(claims(), { jku: keyUrl }, randomBytes(32)));
      assert.equal(fetched, 0, 'the server fetched no key from a token header');
    });

    it('a kid pointing somewhere odd (a path, SQL, a URL, an empty key) does not pick another key', async () => {
      for (const kid of ['../../../../../dev/null', "' OR '1'='1", 'https://evil.example/key', '', '\u0000', 'x'.repeat(5000)]) {
        await refused(await attackerSigned({ kid }));
        await refused(await sign(claims(), { kid }, new Uint8Array(32)));
      }
      assert.equal(fetched, 0);
    });
  });

  it('a valid token with trailing garbage, or padded with a fourth part', async () => {
    const token = await sign(claims());
    tokensUsed.add(token);
    for (const tampered of [`${token}x`, `${token}.`, `${token}.extra`, `${token}==`, `${token}%00`, `x${token}`]) await refused(tampered);
  });

  it('a huge token (100 KB) is refused without a 5xx; one just under the header limit (10 KB) is 401', async () => {
    const big = await sign(claims({ padding: 'x'.repeat(100 * 1024) }));
    const answer = await server.request('/api/integrations', { headers: { Authorization: `Bearer ${big}` } });
    // Node refuses headers over 16 KB before the app sees them (431); either way never accepted, never 5xx.
    assert.ok(answer.status === 431 || answer.status === 401, `got ${answer.status}`);
    await refused(await sign(claims({ padding: 'x'.repeat(10 * 1024) }), {}, randomBytes(32)));
  });

  it('a valid token in the query string (or a cookie) is not accepted', async () => {
    const token = await sign(claims());
    tokensUsed.add(token);
    for (const name of ['access_token', 'token', 'jwt', 'authorization']) {
      const answer = await server.request(`/api/integrations?${name}=${token}`);
      expectError(answer, 401, 'unauthenticated');
      assertNothingLeaked(answer);
    }
    const cookie = await server.request('/api/integrations', { headers: { Cookie: `access_token=${token}; token=${token}` } });
    expectError(cookie, 401, 'unauthenticated');
  });
});

describe('an RS256 server (algorithm confusion)', () => {
  let rsServer: TestServer;
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const publicPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
  const jwt = { algorithm: 'RS256', publicKey: publicPem, issuer: 'https://idp.example', audience: 'mwap-api' };
  const claims = () => ({ tenantId: 'tenant-a', role: 'owner', sub: 'rs-user' });
  const build = () => new SignJWT(claims()).setIssuer(jwt.issuer).setAudience(jwt.audience).setIssuedAt().setExpirationTime('1h');

  before(async () => {
    rsServer = await startTestServer(
      { ...shared, jwt },
      { shareDatabaseOf: server, logger, devProvider: { provider: server.devProvider!, clientSecrets: server.devClientSecrets } },
    );
  });
  after(() => rsServer?.dispose());

  const status = async (token: string) => {
    tokensUsed.add(token);
    const answer = await rsServer.request('/api/integrations', { token });
    if (answer.status !== 200) {
      expectError(answer, 401, 'unauthenticated');
      assertNothingLeaked(answer);
    }
    return answer.status;
  };

  it('accepts a token signed with its key pair, and mints none itself', async () => {
    assert.equal(await status(await build().setProtectedHeader({ alg: 'RS256' }).sign(privateKey)), 200);
    assert.equal((await rsServer.request('/dev/token', { method: 'POST', body: { tenantId: 'tenant-a', role: 'owner' } })).status, 404);
  });

  it('refuses HS256 signed with its public key as the secret, alg none, and other keys', async () => {
    for (const pem of [publicPem, publicPem.trim(), Buffer.from(publicKey.export({ type: 'spki', format: 'der' }))]) {
      const secretKey = typeof pem === 'string' ? new TextEncoder().encode(pem) : new Uint8Array(pem);
      assert.equal(await status(await build().setProtectedHeader({ alg: 'HS256' }).sign(secretKey)), 401);
    }
    const unsigned = { ...claims(), iss: jwt.issuer, aud: jwt.audience, exp: Math.floor(Date.now() / 1000) + 600 };
    const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    assert.equal(await status(`${b64({ alg: 'none' })}.${b64(unsigned)}.`), 401);
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    assert.equal(await status(await build().setProtectedHeader({ alg: 'RS256' }).sign(other)), 401);
    assert.equal(await status(await build().setProtectedHeader({ alg: 'PS256' }).sign(privateKey)), 401, 'another alg with the right key');
    const { privateKey: ec } = await generateKeyPair('ES256');
    assert.equal(await status(await build().setProtectedHeader({ alg: 'ES256' }).sign(ec)), 401);
  });
});

describe('the log', () => {
  // Runs last: the log then holds every request above, forged ones included.
  it('holds no bearer token of any request above', () => {
    assert.ok(logLines.length > 100, `${logLines.length} log lines`);
    const all = logLines.join('\n');
    assert.ok(tokensUsed.size > 60, `${tokensUsed.size} tokens used`);
    for (const token of tokensUsed) assert.ok(!all.includes(token), `a token (${token.slice(0, 12)}…) reached the log`);
    // Signatures too: a log that kept only the last part of a token would still leak a forgeable MAC.
    for (const token of tokensUsed) {
      const signature = token.split('.')[2];
      if (signature && signature.length > 20) assert.ok(!all.includes(signature), 'a token signature reached the log');
    }
  });
});
