import { expect } from '@open-wc/testing';
import { createClient, IntegrationError, parseRetryAfter, type IntegrationErrorCode } from '../../src/core/index.js';
import { fakeFetch, jsonResponse } from '../support/fake-fetch.js';
import { expectIntegrationError } from '../support/expect-error.js';
import { makeIntegration } from '../support/fixtures.js';

const BASE = 'https://api.example.com/api';
const noRetry = { attempts: 1 };

function clientWith(fetch: typeof globalThis.fetch, extra: Partial<Parameters<typeof createClient>[0]> = {}) {
  return createClient({ apiBaseUrl: BASE, fetch, retry: { baseDelayMs: 1, maxDelayMs: 50 }, ...extra });
}

describe('API client (fake fetch)', () => {
  const statusCases: Array<[number, IntegrationErrorCode]> = [
    [400, 'validation_failed'],
    [401, 'unauthenticated'],
    [403, 'permission_denied'],
    [404, 'not_found'],
    [409, 'conflict'],
    [412, 'conflict'],
    [422, 'validation_failed'],
    [429, 'rate_limited'],
    [500, 'server_error'],
    [502, 'server_error'],
    [503, 'server_error'],
  ];
  for (const [status, code] of statusCases) {
    it(`maps HTTP ${status} to ${code}`, async () => {
      const { fetch } = fakeFetch(jsonResponse(status, { error: { code: 'not-a-known-code', message: `m${status}` } }));
      const error = await expectIntegrationError(clientWith(fetch, { retry: noRetry }).api.getIntegration('x'), code);
      expect(error.status).to.equal(status);
      expect(error.message).to.equal(`m${status}`);
    });
  }

  it('prefers a known code from the error body over the status default', async () => {
    const { fetch } = fakeFetch(jsonResponse(502, { error: { code: 'connection_failed', message: 'Provider down' } }));
    const error = await expectIntegrationError(clientWith(fetch).api.testConnection('x'), 'connection_failed');
    expect(error.recovery).to.equal('provider');
  });

  it('carries field errors on validation_failed', async () => {
    const { fetch } = fakeFetch(
      jsonResponse(422, { error: { code: 'validation_failed', message: 'Invalid', fields: { name: 'Required' } } }),
    );
    const error = await expectIntegrationError(
      clientWith(fetch).api.createIntegration({ name: '', cloudProviderId: 'p' }),
      'validation_failed',
    );
    expect(error.fields).to.deep.equal({ name: 'Required' });
  });

  it('gives a human message when the error body is not JSON', async () => {
    const { fetch } = fakeFetch(new Response('<html>oops</html>', { status: 500 }));
    const error = await expectIntegrationError(clientWith(fetch, { retry: noRetry }).api.listProviders(), 'server_error');
    expect(error.message).to.match(/server/i);
  });

  it('turns a malformed body into invalid_response naming the bad field', async () => {
    const { fetch } = fakeFetch(jsonResponse(200, { ...makeIntegration(), status: 'exploded' }));
    const error = await expectIntegrationError(clientWith(fetch).api.getIntegration('int-1'), 'invalid_response');
    expect(error.message).to.contain('status');
  });

  it('names the path of a bad value deep in a page', async () => {
    const items = [makeIntegration({ id: 'a' }), { ...makeIntegration({ id: 'b' }), createdAt: 'yesterday' }];
    const { fetch } = fakeFetch(jsonResponse(200, { items, nextCursor: null, total: 2 }));
    const error = await expectIntegrationError(clientWith(fetch).api.listIntegrations(), 'invalid_response');
    expect(error.message).to.contain('"items.1.createdAt"').and.contain('date-time');
  });

  const badBodies: Array<[string, unknown, string]> = [
    ['a missing field', { ...makeIntegration(), name: undefined }, '"name": expected string, got undefined'],
    ['a number where a string belongs', { ...makeIntegration(), tenantId: 7 }, '"tenantId": expected string, got number'],
    ['an array where an object belongs', [], 'expected object, got array'],
    ['null', null, 'expected object, got null'],
    ['an empty id', makeIntegration({ id: '' }), '"id": must not be empty'],
    ['a list as the settings map', { ...makeIntegration(), settings: ['eu'] }, '"settings": expected object, got array'],
    [
      'an object as a setting',
      { ...makeIntegration(), settings: { region: { nested: true } } },
      '"settings.region": expected string, number, boolean or null, got object',
    ],
  ];
  for (const [what, body, message] of badBodies) {
    it(`refuses ${what} with a message that says where`, async () => {
      const { fetch } = fakeFetch(jsonResponse(200, body));
      const error = await expectIntegrationError(clientWith(fetch).api.getIntegration('int-1'), 'invalid_response');
      expect(error.message).to.contain(message);
    });
  }

  it('fills defaults, drops unknown keys and never copies __proto__ from a body', async () => {
    const body = JSON.parse(
      `{"id":"int-1","tenantId":"t","cloudProviderId":"p","name":"N","status":"active","tokenStatus":"none",
        "createdAt":"2026-01-01T00:00:00Z","updatedAt":"2026-01-01T00:00:00Z","extra":1,
        "settings":{"__proto__":null,"region":"eu"}}`,
    );
    const { fetch } = fakeFetch(jsonResponse(200, body), jsonResponse(200, { ...body, settings: undefined }));
    const client = clientWith(fetch);
    const integration = await client.api.getIntegration('int-1');
    expect(integration).to.include({ description: null, tokenExpiresAt: null, lastHealthCheck: null });
    expect(integration).not.to.have.property('extra');
    expect(integration.settings).to.deep.equal({ region: 'eu' });
    expect(Object.getPrototypeOf(integration.settings)).to.equal(Object.prototype);
    // A default is a fresh object each time: editing one result cannot change another.
    const [first, second] = [await client.api.getIntegration('int-1'), await client.api.getIntegration('int-1')];
    expect(first.settings).to.deep.equal({});
    expect(first.settings).not.to.equal(second.settings);
  });

  it('reads an empty map written as [] (as PHP writes it), in settings and in field errors', async () => {
    const { fetch } = fakeFetch(
      jsonResponse(200, { ...makeIntegration(), settings: [] }),
      jsonResponse(409, { error: { code: 'conflict', message: 'Name taken', fields: [] } }),
    );
    const api = clientWith(fetch, { retry: noRetry }).api;
    expect((await api.getIntegration('int-1')).settings).to.deep.equal({});
    const error = await expectIntegrationError(api.getIntegration('int-1'), 'conflict');
    expect(error.message).to.equal('Name taken');
  });

  it('refuses a number JSON cannot hold (1e999 parses to Infinity)', async () => {
    const { fetch } = fakeFetch(new Response('{"items":[],"nextCursor":null,"total":1e999}', { status: 200 }));
    const error = await expectIntegrationError(clientWith(fetch).api.listIntegrations(), 'invalid_response');
    expect(error.message).to.contain('"total": expected number, got Infinity');
  });

  it('accepts the provider catalogue as an array or as a page envelope', async () => {
    const provider = { id: 'p', name: 'P' };
    const { fetch } = fakeFetch(
      jsonResponse(200, [provider]),
      jsonResponse(200, { items: [provider] }),
      jsonResponse(200, { items: 'none' }),
    );
    const api = clientWith(fetch).api;
    const expected = [{ id: 'p', name: 'P', description: '', iconUrl: null, scopes: [], scopeDescriptions: {}, settingsSchema: [] }];
    expect(await api.listProviders()).to.deep.equal(expected);
    expect(await api.listProviders()).to.deep.equal(expected);
    const error = await expectIntegrationError(api.listProviders(), 'invalid_response');
    expect(error.message).to.contain('"items": expected array, got string');
  });

  it('turns a non-JSON success body into invalid_response', async () => {
    const { fetch } = fakeFetch(new Response('<html></html>', { status: 200 }));
    await expectIntegrationError(clientWith(fetch).api.listIntegrations(), 'invalid_response');
  });

  it('turns a fetch failure into network_error', async () => {
    const { fetch } = fakeFetch(new TypeError('Failed to fetch'));
    await expectIntegrationError(clientWith(fetch, { retry: noRetry }).api.listIntegrations(), 'network_error');
  });

  it('turns an abort into aborted, without retrying', async () => {
    const controller = new AbortController();
    const { fetch, requests } = fakeFetch(() => {
      controller.abort();
      throw new DOMException('aborted', 'AbortError');
    });
    await expectIntegrationError(clientWith(fetch).api.listIntegrations({}, { signal: controller.signal }), 'aborted');
    expect(requests).to.have.length(1);
  });

  it('sends auth, extra headers and credentials from the host', async () => {
    let seenCredentials: RequestCredentials | undefined;
    const { fetch, requests } = fakeFetch(jsonResponse(200, []));
    const wrapped: typeof globalThis.fetch = (input, init) => {
      seenCredentials = init?.credentials;
      return fetch(input, init);
    };
    const client = clientWith(wrapped, {
      getAccessToken: async () => 'tok-123',
      headers: () => ({ 'X-Tenant': 't1' }),
      credentials: 'include',
    });
    await client.api.listProviders();
    expect(requests[0]!.headers.get('Authorization')).to.equal('Bearer tok-123');
    expect(requests[0]!.headers.get('X-Tenant')).to.equal('t1');
    expect(requests[0]!.url.href).to.equal(`${BASE}/cloud-providers`);
    expect(seenCredentials).to.equal('include');
  });

  it('sends list filters as query parameters and drops empty ones', async () => {
    const { fetch, requests } = fakeFetch(jsonResponse(200, { items: [], nextCursor: null, total: 0 }));
    await clientWith(fetch).api.listIntegrations({ q: 'prod', status: 'active', providerId: '', cursor: 'c2', limit: 50 });
    expect(Object.fromEntries(requests[0]!.url.searchParams)).to.deep.equal({ q: 'prod', status: 'active', cursor: 'c2', limit: '50' });
  });

  it('retries GETs on 5xx with backoff, then succeeds', async () => {
    const { fetch, requests } = fakeFetch(
      jsonResponse(503, {}),
      new TypeError('Failed to fetch'),
      jsonResponse(200, { items: [], nextCursor: null, total: 0 }),
    );
    const page = await clientWith(fetch).api.listIntegrations();
    expect(page.total).to.equal(0);
    expect(requests).to.have.length(3);
  });

  it('never retries a write', async () => {
    const { fetch, requests } = fakeFetch(jsonResponse(503, {}), jsonResponse(201, makeIntegration()));
    await expectIntegrationError(clientWith(fetch).api.createIntegration({ name: 'a', cloudProviderId: 'p' }), 'server_error');
    expect(requests).to.have.length(1);
  });

  it('sends Idempotency-Key on create and If-Match on update', async () => {
    const { fetch, requests } = fakeFetch(jsonResponse(200, makeIntegration(), { ETag: '"v7"' }));
    const client = clientWith(fetch);
    const created = await client.api.createIntegration({ name: 'a', cloudProviderId: 'p' }, { idempotencyKey: 'k-1' });
    expect(created.etag).to.equal('"v7"');
    await client.api.updateIntegration('int-1', { name: 'b' }, { etag: created.etag });
    expect(requests[0]!.headers.get('Idempotency-Key')).to.equal('k-1');
    expect(requests[1]!.headers.get('If-Match')).to.equal('"v7"');
    expect(requests[1]!.method).to.equal('PATCH');
    expect(requests[1]!.body).to.deep.equal({ name: 'b' });
  });

  it('encodes ids into paths', async () => {
    const { fetch, requests } = fakeFetch(jsonResponse(204, null));
    await clientWith(fetch).api.deleteIntegration('a/b?c');
    expect(requests[0]!.url.pathname).to.equal('/api/integrations/a%2Fb%3Fc');
  });

  it('parses Retry-After as seconds or an HTTP date', () => {
    expect(parseRetryAfter('3')).to.equal(3000);
    const now = Date.UTC(2030, 0, 1, 12, 0, 0); // a whole second: an HTTP date has no milliseconds
    expect(parseRetryAfter(new Date(now + 5000).toUTCString(), now)).to.equal(5000);
    expect(parseRetryAfter('soon')).to.equal(undefined);
    expect(parseRetryAfter(null)).to.equal(undefined);
  });

  it('gives up when Retry-After is longer than the retry policy allows', async () => {
    const { fetch, requests } = fakeFetch(jsonResponse(429, {}, { 'Retry-After': '3600' }), jsonResponse(200, []));
    const error = await expectIntegrationError(clientWith(fetch).api.listProviders(), 'rate_limited');
    expect(error.retryAfterMs).to.equal(3_600_000);
    expect(requests).to.have.length(1);
    expect(error).to.be.instanceOf(IntegrationError);
  });
});
