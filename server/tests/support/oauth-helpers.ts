/** PKCE and state as the browser half of the flow makes them (the server never sees the verifier early). */
import { createHash, randomBytes } from 'node:crypto';
import assert from 'node:assert/strict';
import { authorizeWithDevLogin } from './dev-login.js';
import type { ApiAnswer, TestServer } from './harness.js';

export function pkcePair() {
  const codeVerifier = randomBytes(96).toString('base64url').slice(0, 128);
  return { codeVerifier, codeChallenge: createHash('sha256').update(codeVerifier).digest('base64url') };
}

export const newState = () => randomBytes(32).toString('base64url');

export interface Authorized {
  state: string;
  codeVerifier: string;
  codeChallenge: string;
  authorizationUrl: string;
  /** code, state, iss as the provider redirected back with them. */
  callback: URLSearchParams;
}

/** Initiate + the provider's login and consent pages: everything up to the callback POST. */
export async function authorize(
  server: TestServer,
  token: string,
  integrationId: string,
  options: { deny?: boolean; redirectUri?: string; login?: string } = {},
): Promise<Authorized> {
  const { codeVerifier, codeChallenge } = pkcePair();
  const state = newState();
  const redirectUri = options.redirectUri ?? server.redirectUri;
  const initiated = await server.request(`/api/integrations/${integrationId}/oauth/initiate`, {
    method: 'POST',
    token,
    body: { codeChallenge, codeChallengeMethod: 'S256', state, redirectUri },
  });
  assert.equal(initiated.status, 200, JSON.stringify(initiated.body));
  const { authorizationUrl } = initiated.body as { authorizationUrl: string };
  const callback = await authorizeWithDevLogin(authorizationUrl, {
    redirectUri,
    ...(options.deny ? { deny: true } : {}),
    ...(options.login ? { login: options.login } : {}),
  });
  return { state, codeVerifier, codeChallenge, authorizationUrl, callback };
}

export function completeCallback(
  server: TestServer,
  token: string,
  flow: Authorized,
  overrides: Record<string, unknown> = {},
): Promise<ApiAnswer> {
  return server.request('/api/oauth/callback', {
    method: 'POST',
    token,
    body: {
      state: flow.state,
      code: flow.callback.get('code'),
      codeVerifier: flow.codeVerifier,
      redirectUri: server.redirectUri,
      iss: flow.callback.get('iss'),
      ...overrides,
    },
  });
}

/** Creates an integration and connects it; returns its id. */
export async function connectedIntegration(server: TestServer, token: string, name = 'Connected'): Promise<string> {
  const created = await server.request('/api/integrations', {
    method: 'POST',
    token,
    body: { name, cloudProviderId: 'dev-cloud', settings: { region: 'eu-west-1' } },
  });
  assert.equal(created.status, 201);
  const flow = await authorize(server, token, created.body.id);
  const done = await completeCallback(server, token, flow);
  assert.equal(done.status, 200, JSON.stringify(done.body));
  return created.body.id as string;
}
