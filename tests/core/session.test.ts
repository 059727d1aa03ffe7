/** Session expiry: a 401 asks the host for a forced refresh once and retries once with the new token. */
import { expect } from '@open-wc/testing';
import { createClient, type AccessTokenContext } from '../../src/core/index.js';
import { expectIntegrationError } from '../support/expect-error.js';
import { fakeFetch, jsonResponse, type RecordedRequest } from '../support/fake-fetch.js';
import { makeIntegration } from '../support/fixtures.js';

const BASE = 'https://api.example.com/api';
const unauthenticated = () => jsonResponse(401, { error: { code: 'unauthenticated', message: 'The access token has expired.' } });

/** A host whose session has a current token and mints a new one when forced. */
function host(tokens: string[]) {
  const calls: Array<AccessTokenContext | undefined> = [];
  let current = tokens.shift()!;
  const getAccessToken = async (context?: AccessTokenContext) => {
    calls.push(context);
    if (context?.forceRefresh && tokens.length > 0) current = tokens.shift()!;
    return current;
  };
  return { getAccessToken, calls, forced: () => calls.filter((c) => c?.forceRefresh).length };
}

/** Answers 401 to every token but `valid`. */
const acceptOnly = (valid: string, ok: () => Response) => (req: RecordedRequest) =>
  req.headers.get('Authorization') === `Bearer ${valid}` ? ok() : unauthenticated();

describe('401: forced token refresh and one retry', () => {
  it('retries a GET once with the token a forced refresh gave', async () => {
    const session = host(['old', 'new']);
    const { fetch, requests } = fakeFetch(acceptOnly('new', () => jsonResponse(200, { items: [], nextCursor: null, total: 0 })));
    const client = createClient({ apiBaseUrl: BASE, fetch, getAccessToken: session.getAccessToken });
    await client.api.listIntegrations();
    expect(requests.map((r) => r.headers.get('Authorization'))).to.deep.equal(['Bearer old', 'Bearer new']);
    expect(session.forced()).to.equal(1);
  });

  it('retries a write too (a 401 means the server did not act), with the same body', async () => {
    const session = host(['old', 'new']);
    const created = makeIntegration({ id: 'int-1' });
    const { fetch, requests } = fakeFetch(acceptOnly('new', () => jsonResponse(201, created)));
    const client = createClient({ apiBaseUrl: BASE, fetch, getAccessToken: session.getAccessToken, retry: { attempts: 1 } });
    await client.api.createIntegration({ name: 'Backups', cloudProviderId: 'aws', settings: {} });
    expect(requests.map((r) => r.method)).to.deep.equal(['POST', 'POST']);
    expect(requests[1]!.body).to.deep.equal(requests[0]!.body);
    expect(requests[1]!.headers.get('Idempotency-Key')).to.equal(requests[0]!.headers.get('Idempotency-Key'));
  });

  it('a second 401 is unauthenticated, and there is no third request', async () => {
    const session = host(['old', 'new']);
    const { fetch, requests } = fakeFetch(unauthenticated());
    const client = createClient({ apiBaseUrl: BASE, fetch, getAccessToken: session.getAccessToken });
    await expectIntegrationError(client.api.listIntegrations(), 'unauthenticated');
    expect(requests).to.have.length(2);
  });

  it('does not retry when the forced refresh gives the same token, nothing, or fails', async () => {
    for (const forced of [async () => 'old', async () => null, async () => Promise.reject(new Error('signed out'))]) {
      const { fetch, requests } = fakeFetch(unauthenticated());
      const getAccessToken = (context?: AccessTokenContext) => (context?.forceRefresh ? forced() : 'old');
      const client = createClient({ apiBaseUrl: BASE, fetch, getAccessToken });
      await expectIntegrationError(client.api.listIntegrations(), 'unauthenticated');
      expect(requests).to.have.length(1);
    }
  });

  it('two requests that get 401 at once share one forced refresh', async () => {
    const session = host(['old', 'new', 'newer']);
    const { fetch, requests } = fakeFetch(acceptOnly('new', () => jsonResponse(200, [])));
    const client = createClient({ apiBaseUrl: BASE, fetch, getAccessToken: session.getAccessToken });
    await Promise.all([client.api.listProviders(), client.api.listProviders()]);
    expect(session.forced()).to.equal(1);
    expect(requests.map((r) => r.headers.get('Authorization'))).to.deep.equal(['Bearer old', 'Bearer old', 'Bearer new', 'Bearer new']);
  });

  it('a host whose getAccessToken takes no argument works as before', async () => {
    const { fetch, requests } = fakeFetch(unauthenticated());
    const client = createClient({ apiBaseUrl: BASE, fetch, getAccessToken: () => 'only' });
    await expectIntegrationError(client.api.listIntegrations(), 'unauthenticated');
    expect(requests).to.have.length(1);
  });
});
