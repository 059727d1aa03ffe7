/**
 * Threat: an attacker who tampers with the popup OAuth 2.0 + PKCE flow to connect an integration
 * to an account of their choosing, to steal one, or to replay a sign-in: forged, foreign, replayed
 * or expired state; a wrong, missing or borrowed PKCE verifier; a replayed, wrong or foreign
 * authorization code; an issuer mix-up (RFC 9207); redirect URIs off the allow-list or switched
 * mid-flow; a provider whose metadata sends the browser somewhere unsafe. Each refusal has its exact
 * code and leaves the integration as it was; a replayed code also revokes what it issued, as RFC
 * 6749 asks. Last, no state, code, verifier or token reaches the server's log.
 *
 * Real server and dev provider (oidc-provider) on loopback ports; functional behaviour of the flow
 * is in server/tests/oauth.test.ts.
 */
// The root tsconfig checks tests/ and so reaches the dev provider, whose module types live with the
// server as an ambient declaration (a script, which an import cannot name).
// eslint-disable-next-line @typescript-eslint/triple-slash-reference
/// <reference path="../../../server/types/oidc-provider.d.ts" />
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { decryptTokens, findTokenRow } from '../../../server/db/tokens.js';
import { createLogger } from '../../../server/logger.js';
import { databaseAdapter } from '../../../server/provider/store-adapter.js';
import { expectError, expectShape, schemas } from '../../../server/tests/support/contract.js';
import { authorizeWithDevLogin } from '../../../server/tests/support/dev-login.js';
import { startTestServer, type TestServer } from '../../../server/tests/support/harness.js';
import { authorize, completeCallback, newState, pkcePair, type Authorized } from '../../../server/tests/support/oauth-helpers.js';

let server: TestServer;
let owner: string;
const logLines: string[] = [];
const logger = createLogger('debug', (line) => logLines.push(line));
/** Every secret the runs below handled; none may be in the log at the end. */
const secrets = new Set<string>();
const shared = {
  jwt: { algorithm: 'HS256', secret: randomBytes(32).toString('base64url') },
  tokenEncryptionKey: randomBytes(32).toString('base64'),
};

before(async () => {
  server = await startTestServer(shared, { logger });
  owner = await server.token('tenant-attacked', 'owner');
  secrets.add(owner);
});
after(() => server.dispose());

async function createPending(name: string, token = owner, cloudProviderId = 'dev-cloud'): Promise<string> {
  const settings = cloudProviderId === 'dev-cloud' ? { region: 'eu-west-1' } : {};
  const answer = await server.request('/api/integrations', { method: 'POST', token, body: { name, cloudProviderId, settings } });
  assert.equal(answer.status, 201, JSON.stringify(answer.body));
  return answer.body.id as string;
}

/** authorize(), remembering the flow's secrets for the log check. */
async function signIn(id: string, token = owner): Promise<Authorized> {
  const flow = await authorize(server, token, id);
  for (const secret of [flow.state, flow.codeVerifier, flow.callback.get('code')!]) secrets.add(secret);
  return flow;
}

/** What an attack must not change: the integration as the API shows it, and its stored tokens. */
async function observe(id: string) {
  const answer = await server.request(`/api/integrations/${id}`, { token: owner });
  const tokens = await server.db.query('SELECT access_token_enc, refresh_token_enc FROM integration_tokens WHERE integration_id = $1', [
    id,
  ]);
  return { integration: answer.body, tokens };
}

async function assertUnchanged(id: string, before: Awaited<ReturnType<typeof observe>>) {
  assert.deepEqual(await observe(id), before, 'the integration stays as it was');
}

const providerCalls = async (id: string) =>
  (await server.db.query<{ n: number }>('SELECT count(*)::int AS n FROM provider_calls WHERE integration_id = $1', [id]))[0]!.n;

const pendingStates = async () => (await server.db.query<{ n: number }>('SELECT count(*)::int AS n FROM oauth_states'))[0]!.n;

async function storedTokens(id: string) {
  const row = await findTokenRow(server.db, id);
  assert.ok(row, 'a token row');
  const tokens = decryptTokens(server.deps.cipher, row);
  secrets.add(tokens.accessToken);
  if (tokens.refreshToken) secrets.add(tokens.refreshToken);
  return tokens;
}

/** The provider's token endpoint, called directly with a client's credentials. */
async function providerToken(params: Record<string, string>, provider = 'dev-cloud'): Promise<{ status: number; body: any }> {
  const secret = server.devClientSecrets[provider]!;
  const response = await fetch(`${server.providerIssuer}/token`, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/x-www-form-urlencoded',
      Authorization: `Basic ${Buffer.from(`${provider}-client:${secret}`).toString('base64')}`,
    },
    body: new URLSearchParams(params),
  });
  const body = (await response.json()) as any;
  for (const token of [body.access_token, body.refresh_token]) if (typeof token === 'string') secrets.add(token);
  return { status: response.status, body };
}

const redeem = (flow: Authorized, codeVerifier = flow.codeVerifier) =>
  providerToken({
    grant_type: 'authorization_code',
    code: flow.callback.get('code')!,
    redirect_uri: server.redirectUri,
    code_verifier: codeVerifier,
  });

const refreshAtProvider = (refreshToken: string) => providerToken({ grant_type: 'refresh_token', refresh_token: refreshToken });

/** Initiates a sign-in with a challenge the caller chose (an attacker reusing a verifier they know). */
async function initiateWith(id: string, codeChallenge: string): Promise<string> {
  const state = newState();
  secrets.add(state);
  const answer = await server.request(`/api/integrations/${id}/oauth/initiate`, {
    method: 'POST',
    token: owner,
    body: { codeChallenge, codeChallengeMethod: 'S256', state, redirectUri: server.redirectUri },
  });
  assert.equal(answer.status, 200, JSON.stringify(answer.body));
  return state;
}

describe('state', () => {
  it('a state the server never issued is invalid_state, and nothing is exchanged', async () => {
    const id = await createPending('Forged state');
    const flow = await signIn(id);
    const before = await observe(id);
    expectError(await completeCallback(server, owner, flow, { state: newState() }), 400, 'invalid_state');
    await assertUnchanged(id, before);
    assert.equal(await providerCalls(id), 0, 'the code was not sent to the provider');
  });

  it("another tenant's state is answered like an unknown one and does not use it up", async () => {
    const id = await createPending('Foreign tenant');
    const flow = await signIn(id);
    const before = await observe(id);
    const intruder = await server.token('tenant-intruder', 'owner');
    secrets.add(intruder);
    const answer = expectError(await completeCallback(server, intruder, flow), 400, 'invalid_state');
    assert.doesNotMatch(answer.message, /already used|expired/, 'nothing tells the intruder the state exists');
    await assertUnchanged(id, before);
    // The rightful tenant can still finish: the intruder did not spend the state.
    expectShape(await completeCallback(server, owner, flow), 200, schemas.integration);
  });

  it("another integration's code under this state is refused and connects neither", async () => {
    const x = await createPending('Integration X');
    const y = await createPending('Integration Y');
    const flowX = await signIn(x);
    const flowY = await signIn(y);
    const beforeX = await observe(x);
    const beforeY = await observe(y);
    // State and verifier of X, the code Y's sign-in came back with: the provider binds Y's code to Y's challenge.
    const error = expectError(
      await completeCallback(server, owner, flowX, { code: flowY.callback.get('code') }),
      400,
      'token_exchange_failed',
    );
    assert.match(error.message, /invalid_grant/);
    await assertUnchanged(x, beforeX);
    await assertUnchanged(y, beforeY);
    // Y's own sign-in still completes, onto Y; X's state is spent.
    const connected = expectShape(await completeCallback(server, owner, flowY), 200, schemas.integration);
    assert.equal(connected.id, y);
    expectError(await completeCallback(server, owner, flowX), 400, 'invalid_state');
    await assertUnchanged(x, beforeX);
  });

  it('a replayed callback (the same state a second time) is invalid_state and changes nothing', async () => {
    const id = await createPending('Replayed state');
    const flow = await signIn(id);
    expectShape(await completeCallback(server, owner, flow), 200, schemas.integration);
    const before = await observe(id);
    const replay = expectError(await completeCallback(server, owner, flow), 400, 'invalid_state');
    assert.match(replay.message, /already used/);
    await assertUnchanged(id, before);
    assert.equal(await providerCalls(id), 1, 'one exchange only');
  });

  it('two concurrent callbacks with one state: one connects, the other is invalid_state', async () => {
    const id = await createPending('Raced state');
    const flow = await signIn(id);
    const answers = await Promise.all([completeCallback(server, owner, flow), completeCallback(server, owner, flow)]);
    assert.deepEqual(answers.map((a) => a.status).sort(), [200, 400]);
    expectError(
      answers.find((a) => a.status === 400)!,
      400,
      'invalid_state',
    );
    assert.equal(await providerCalls(id), 1, 'the code went to the provider once');
  });

  it('an expired state (older than ten minutes) is expired_state', async () => {
    const id = await createPending('Expired state');
    const flow = await signIn(id);
    const before = await observe(id);
    // The server has no clock of its own to move: its pending state's expiry is moved instead.
    await server.db.query(`UPDATE oauth_states SET expires_at = now() - interval '1 second' WHERE integration_id = $1`, [id]);
    expectError(await completeCallback(server, owner, flow), 400, 'expired_state');
    await assertUnchanged(id, before);
    assert.equal(await providerCalls(id), 0);
  });
});

describe('PKCE', () => {
  it('a verifier whose S256 does not match is refused before the code is spent, and the state is used up', async () => {
    const id = await createPending('Wrong verifier');
    const flow = await signIn(id);
    const before = await observe(id);
    const error = expectError(
      await completeCallback(server, owner, flow, { codeVerifier: pkcePair().codeVerifier }),
      400,
      'token_exchange_failed',
    );
    assert.match(error.message, /PKCE/);
    assert.equal(await providerCalls(id), 0, 'no exchange was attempted');
    expectError(await completeCallback(server, owner, flow), 400, 'invalid_state');
    await assertUnchanged(id, before);
  });

  it('a callback without a verifier is validation_failed on codeVerifier', async () => {
    const id = await createPending('No verifier');
    const flow = await signIn(id);
    const before = await observe(id);
    const error = expectError(await completeCallback(server, owner, flow, { codeVerifier: undefined }), 400, 'validation_failed');
    assert.ok(error.fields?.codeVerifier, JSON.stringify(error));
    await assertUnchanged(id, before);
    assert.equal(await providerCalls(id), 0);
  });

  it("another sign-in's verifier is refused (it does not match this state's challenge)", async () => {
    const id = await createPending('Borrowed verifier');
    const other = await createPending('Other sign-in');
    const flow = await signIn(id);
    const otherFlow = await signIn(other);
    const before = await observe(id);
    const error = expectError(
      await completeCallback(server, owner, flow, { codeVerifier: otherFlow.codeVerifier }),
      400,
      'token_exchange_failed',
    );
    assert.match(error.message, /PKCE/);
    await assertUnchanged(id, before);
  });

  it('the provider itself refuses an authorization request without PKCE', async () => {
    const url = new URL(`${server.providerIssuer}/auth`);
    url.search = new URLSearchParams({
      client_id: 'dev-cloud-client',
      response_type: 'code',
      redirect_uri: server.redirectUri,
      scope: 'openid',
      state: newState(),
    }).toString();
    const response = await fetch(url, { redirect: 'manual' });
    const location = new URL(response.headers.get('Location')!, url);
    assert.equal(location.searchParams.get('error'), 'invalid_request');
    assert.match(location.searchParams.get('error_description') ?? '', /PKCE/);
  });
});

describe('authorization code', () => {
  it('a well-formed but wrong code is token_exchange_failed (400), spends the sign-in, and the right code cannot follow', async () => {
    const id = await createPending('Wrong code');
    const flow = await signIn(id);
    const before = await observe(id);
    const wrong = expectError(
      await completeCallback(server, owner, flow, { code: randomBytes(32).toString('base64url') }),
      400,
      'token_exchange_failed',
    );
    assert.match(wrong.message, /invalid_grant/);
    assert.match(wrong.message, /used up: start a new one/, 'the answer says the sign-in is over');
    await assertUnchanged(id, before);
    // The state was spent on the wrong code: the right one for it is refused, never connected twice.
    expectError(await completeCallback(server, owner, flow), 400, 'invalid_state');
    await assertUnchanged(id, before);
  });

  it('a code spent once, sent again under a new sign-in, is refused and revokes what it issued', async () => {
    const id = await createPending('Replayed code');
    const flow = await signIn(id);
    expectShape(await completeCallback(server, owner, flow), 200, schemas.integration);
    const issued = await storedTokens(id);
    const before = await observe(id);
    // An attacker holding code and verifier starts a sign-in with that verifier's challenge and replays the code.
    const state = await initiateWith(id, flow.codeChallenge);
    const replay = expectError(await completeCallback(server, owner, flow, { state }), 400, 'token_exchange_failed');
    assert.match(replay.message, /invalid_grant/);
    assert.match(replay.message, /used up: start a new one/);
    await assertUnchanged(id, before);
    expectError(await completeCallback(server, owner, flow, { state }), 400, 'invalid_state');
    // As RFC 6749 asks of a replayed code: the tokens issued from it no longer work.
    const refresh = await refreshAtProvider(issued.refreshToken!);
    assert.equal(refresh.body.error, 'invalid_grant');
    const userinfo = await fetch(`${server.providerIssuer}/me`, { headers: { Authorization: `Bearer ${issued.accessToken}` } });
    assert.equal(userinfo.status, 401);
    expectError(await server.request(`/api/integrations/${id}/tokens/refresh`, { method: 'POST', token: owner }), 409, 'token_expired');
  });

  it('a second exchange of a code at the provider is refused, and the first refresh token stops working', async () => {
    const id = await createPending('Code exchanged twice');
    const flow = await signIn(id);
    const first = await redeem(flow);
    assert.equal(first.status, 200);
    const second = await redeem(flow);
    assert.equal(second.status, 400);
    assert.equal(second.body.error, 'invalid_grant');
    assert.equal((await refreshAtProvider(first.body.refresh_token)).body.error, 'invalid_grant');
  });

  it('a code replayed after its own lifetime still revokes its grant', async () => {
    const id = await createPending('Late replay');
    const flow = await signIn(id);
    const first = await redeem(flow);
    assert.equal(first.status, 200);
    // Two minutes pass for the spent code (its lifetime is one minute): its times move back.
    await server.db.query(
      `UPDATE dev_provider_store
       SET payload = payload || jsonb_build_object('exp', (payload->>'exp')::bigint - 120, 'iat', (payload->>'iat')::bigint - 120),
         expires_at = expires_at - interval '120 seconds'
       WHERE model = 'AuthorizationCode' AND id = $1`,
      [flow.callback.get('code')],
    );
    const moved = await server.db.query(`SELECT 1 FROM dev_provider_store WHERE model = 'AuthorizationCode' AND id = $1`, [
      flow.callback.get('code'),
    ]);
    assert.equal(moved.length, 1, 'the spent code is still on record');
    const late = await redeem(flow);
    assert.equal(late.body.error, 'invalid_grant');
    assert.equal((await refreshAtProvider(first.body.refresh_token)).body.error, 'invalid_grant', 'the grant is revoked');
  });

  it('the provider spends a code once even when two uses race (the store consumes atomically)', async () => {
    const Adapter = databaseAdapter(server.db, { keepConsumedSeconds: 3600 });
    const store = new Adapter('AuthorizationCode');
    const id = randomBytes(16).toString('base64url');
    await store.upsert(id, { grantId: 'race-grant' }, 60);
    const uses = await Promise.allSettled([store.consume(id), store.consume(id)]);
    assert.deepEqual(uses.map((use) => use.status).sort(), ['fulfilled', 'rejected']);
    const refused = uses.find((use) => use.status === 'rejected')!.reason as Error;
    assert.equal(refused.name, 'InvalidGrant');
    await store.destroy(id);
  });

  it("a code issued to another client is refused, and that client's grant is left alone", async () => {
    const id = await createPending('Foreign client');
    const before = await observe(id);
    const { codeVerifier, codeChallenge } = pkcePair();
    secrets.add(codeVerifier);
    const state = await initiateWith(id, codeChallenge);
    // The same user signs in to dev-analytics with the same challenge; its code is posted to dev-cloud's sign-in.
    const url = new URL(`${server.providerIssuer}/auth`);
    url.search = new URLSearchParams({
      client_id: 'dev-analytics-client',
      response_type: 'code',
      redirect_uri: server.redirectUri,
      scope: 'openid offline_access analytics.read',
      state: newState(),
      code_challenge: codeChallenge,
      code_challenge_method: 'S256',
      prompt: 'consent',
    }).toString();
    const callback = await authorizeWithDevLogin(url.href, { redirectUri: server.redirectUri });
    const code = callback.get('code')!;
    secrets.add(code);
    const error = expectError(
      await server.request('/api/oauth/callback', {
        method: 'POST',
        token: owner,
        body: { state, code, codeVerifier, redirectUri: server.redirectUri, iss: callback.get('iss') },
      }),
      400,
      'token_exchange_failed',
    );
    assert.match(error.message, /invalid_grant/);
    await assertUnchanged(id, before);
    const own = await providerToken(
      { grant_type: 'authorization_code', code, redirect_uri: server.redirectUri, code_verifier: codeVerifier },
      'dev-analytics',
    );
    assert.equal(own.status, 200, 'the rightful client can still redeem its code');
  });
});

describe('issuer (RFC 9207)', () => {
  it('an iss of another server (a mix-up) is refused', async () => {
    const id = await createPending('Mix-up');
    const flow = await signIn(id);
    const before = await observe(id);
    const error = expectError(
      await completeCallback(server, owner, flow, { iss: 'http://127.0.0.1:1/other-issuer' }),
      400,
      'token_exchange_failed',
    );
    assert.match(error.message, /iss/);
    await assertUnchanged(id, before);
    assert.equal(await providerCalls(id), 1, 'refused before the token endpoint: only the failed attempt is recorded');
  });

  it('a response stripped of its iss is refused when the provider advertises that it sends one', async () => {
    const id = await createPending('No iss');
    const flow = await signIn(id);
    const metadata = (await (await fetch(`${server.providerIssuer}/.well-known/openid-configuration`)).json()) as Record<string, unknown>;
    assert.equal(metadata.authorization_response_iss_parameter_supported, true);
    const before = await observe(id);
    const error = expectError(await completeCallback(server, owner, flow, { iss: undefined }), 400, 'token_exchange_failed');
    assert.match(error.message, /iss/);
    await assertUnchanged(id, before);
  });
});

describe('redirect URI', () => {
  it('one not on the allow-list is refused at initiate, and no sign-in is stored', async () => {
    const id = await createPending('Evil redirect');
    const before = await observe(id);
    const states = await pendingStates();
    const { codeChallenge } = pkcePair();
    const initiate = (body: Record<string, unknown>) =>
      server.request(`/api/integrations/${id}/oauth/initiate`, { method: 'POST', token: owner, body });
    const notAllowed = expectError(
      await initiate({ codeChallenge, codeChallengeMethod: 'S256', state: newState(), redirectUri: 'https://evil.example/cb' }),
      422,
      'validation_failed',
    );
    assert.ok(notAllowed.fields?.redirectUri);
    // A look-alike of the allowed one (another path on the same origin) is just as foreign.
    const lookAlike = expectError(
      await initiate({ codeChallenge, codeChallengeMethod: 'S256', state: newState(), redirectUri: `${server.redirectUri}/../evil.html` }),
      422,
      'validation_failed',
    );
    assert.ok(lookAlike.fields?.redirectUri);
    const plain = expectError(
      await initiate({ codeChallenge, codeChallengeMethod: 'plain', state: newState(), redirectUri: server.redirectUri }),
      422,
      'validation_failed',
    );
    assert.ok(plain.fields?.codeChallengeMethod, 'no downgrade to the plain method');
    assert.equal(await pendingStates(), states);
    await assertUnchanged(id, before);
  });

  it('a redirect URI at callback other than the one at initiate is refused, even an allowed one', async () => {
    const id = await createPending('Switched redirect');
    const flow = await signIn(id);
    const before = await observe(id);
    const other = `http://localhost:${new URL(server.url).port}/oauth-callback.html`;
    assert.ok(server.deps.allowedRedirectUris.has(other), 'the other URI is on the allow-list too');
    const error = expectError(await completeCallback(server, owner, flow, { redirectUri: other }), 400, 'validation_failed');
    assert.ok(error.fields?.redirectUri);
    await assertUnchanged(id, before);
    assert.equal(await providerCalls(id), 0);
  });
});

describe("the provider's authorization endpoint", () => {
  let metadataServer: Server;
  let host: TestServer;
  const endpoints: Record<string, string> = {
    'plain-http': 'http://login.evil.example/authorize',
    script: 'javascript:alert(document.domain)',
    data: 'data:text/html,<script>alert(1)</script>',
    https: 'https://login.example/authorize',
  };

  before(async () => {
    // A provider whose discovery document the attacker controls (one issuer path per endpoint).
    metadataServer = createServer((req, res) => {
      const [, kind] = /^\/([\w-]+)\/\.well-known\/openid-configuration$/.exec(req.url ?? '') ?? [];
      if (!kind || !endpoints[kind]) return void res.writeHead(404).end();
      const issuer = `http://127.0.0.1:${(metadataServer.address() as AddressInfo).port}/${kind}`;
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(
        JSON.stringify({
          issuer,
          authorization_endpoint: endpoints[kind],
          token_endpoint: `${issuer}/token`,
          jwks_uri: `${issuer}/jwks`,
          response_types_supported: ['code'],
          subject_types_supported: ['public'],
          id_token_signing_alg_values_supported: ['RS256'],
        }),
      );
    });
    await new Promise<void>((resolve) => metadataServer.listen(0, '127.0.0.1', resolve));
    const port = (metadataServer.address() as AddressInfo).port;
    const file = join(server.dataDir, 'attacker-providers.json');
    writeFileSync(
      file,
      JSON.stringify(
        Object.keys(endpoints).map((kind) => ({
          id: `cloud-${kind}`,
          name: `Cloud ${kind}`,
          scopes: ['openid'],
          settingsSchema: [],
          issuer: `http://127.0.0.1:${port}/${kind}`,
          clientId: 'client',
          clientSecret: 'not-a-real-secret',
        })),
      ),
    );
    host = await startTestServer(
      { ...shared, providersFile: file, allowedRedirectUris: [server.redirectUri] },
      { shareDatabaseOf: server, logger },
    );
  });
  after(async () => {
    await host?.dispose();
    await new Promise((resolve) => metadataServer?.close(resolve));
  });

  const initiate = async (kind: string) => {
    const created = await host.request('/api/integrations', {
      method: 'POST',
      token: owner,
      body: { name: `Unsafe ${kind}`, cloudProviderId: `cloud-${kind}`, settings: {} },
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const { codeChallenge } = pkcePair();
    const state = newState();
    const answer = await host.request(`/api/integrations/${created.body.id}/oauth/initiate`, {
      method: 'POST',
      token: owner,
      body: { codeChallenge, codeChallengeMethod: 'S256', state, redirectUri: server.redirectUri },
    });
    return { answer, id: created.body.id as string };
  };

  for (const kind of ['plain-http', 'script', 'data']) {
    it(`one that is not https or loopback (${kind}) is refused at initiate with connection_failed, and no sign-in is stored`, async () => {
      const states = await pendingStates();
      const { answer, id } = await initiate(kind);
      const error = expectError(answer, 502, 'connection_failed');
      assert.match(error.message, /authorization endpoint/);
      assert.equal(await pendingStates(), states);
      const integration = expectShape(await host.request(`/api/integrations/${id}`, { token: owner }), 200, schemas.integration);
      assert.equal(integration.status, 'pending');
    });
  }

  it('an https one is used as it is (the check refuses only what is unsafe)', async () => {
    const { answer } = await initiate('https');
    const body = expectShape(answer, 200, schemas.initiate);
    assert.equal(new URL(body.authorizationUrl).origin, 'https://login.example');
  });
});

describe('the log', () => {
  // Runs last: the log then holds everything the attacks above made the server and provider write.
  it('is JSON lines with no state, code, verifier or token of any run above', () => {
    assert.ok(logLines.length > 50, `${logLines.length} log lines`);
    const entries = logLines.map((line) => JSON.parse(line) as { msg: string });
    assert.ok(entries.some((entry) => entry.msg === 'oauth connected'));
    assert.ok(secrets.size > 30, `${secrets.size} secrets collected`);
    const all = logLines.join('\n');
    for (const secret of secrets) assert.ok(!all.includes(secret), `a secret (${secret.slice(0, 6)}…) reached the log`);
  });
});
