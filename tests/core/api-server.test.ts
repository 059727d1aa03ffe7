import { expect, waitUntil } from '@open-wc/testing';
import { createClient, type IntegrationErrorCode } from '../../src/core/index.js';
import { expectIntegrationError } from '../support/expect-error.js';

/** A base URL on the test runner's scripted server (tests/support/fake-api-middleware.mjs). */
function scenario(name: string) {
  const run = crypto.randomUUID();
  const base = `${location.origin}/fake-api/${run}/${name}`;
  return {
    client: (retry = {}) => createClient({ apiBaseUrl: base, retry: { baseDelayMs: 5, maxDelayMs: 5_000, ...retry } }),
    stats: async (): Promise<Array<{ method: string; path: string; at: number; headers: Record<string, string> }>> =>
      (await fetch(`${location.origin}/fake-api/${run}/__stats`)).json(),
  };
}

describe('API client against a real HTTP server', () => {
  const cases: Array<[string, IntegrationErrorCode]> = [
    ['status-400', 'validation_failed'],
    ['status-401', 'unauthenticated'],
    ['status-403', 'permission_denied'],
    ['status-404', 'not_found'],
    ['status-409', 'conflict'],
    ['status-412', 'conflict'],
    ['status-422', 'validation_failed'],
    ['status-429', 'rate_limited'],
    ['status-500', 'server_error'],
    ['plain-502', 'server_error'],
    ['malformed', 'invalid_response'],
    ['notjson', 'invalid_response'],
    ['drop', 'network_error'],
  ];
  for (const [name, code] of cases) {
    it(`${name} → ${code}`, async () => {
      await expectIntegrationError(scenario(name).client({ attempts: 1 }).api.getIntegration('int-1'), code);
    });
  }

  it('422 carries the field errors', async () => {
    const error = await expectIntegrationError(
      scenario('status-422').client().api.createIntegration({ name: '', cloudProviderId: 'dev-cloud' }),
      'validation_failed',
    );
    expect(error.fields).to.deep.equal({ name: 'Name is required.' });
  });

  it('aborts an in-flight request', async () => {
    const s = scenario('slow-5000');
    const controller = new AbortController();
    const pending = s.client().api.getIntegration('int-1', { signal: controller.signal });
    // Aborted once the server has the request, not after a guessed time: in flight for certain.
    await waitUntil(async () => (await s.stats()).length === 1, 'the request reached the server');
    controller.abort();
    await expectIntegrationError(pending, 'aborted');
  });

  it('waits as long as Retry-After says before retrying a 429', async () => {
    const s = scenario('retry-after-1');
    const integration = await s.client().api.getIntegration('int-1');
    expect(integration.id).to.equal('int-1');
    const [first, second] = await s.stats();
    expect(second!.at - first!.at).to.be.at.least(1000);
  });

  it('retries GETs on 5xx until the server recovers', async () => {
    const s = scenario('flaky-2');
    await s.client().api.listIntegrations();
    expect((await s.stats()).length).to.equal(3);
  });

  it('does not retry a POST on 5xx', async () => {
    const s = scenario('flaky-2');
    await expectIntegrationError(s.client().api.createIntegration({ name: 'n', cloudProviderId: 'dev-cloud' }), 'server_error');
    expect((await s.stats()).length).to.equal(1);
  });

  it('concurrent GETs of the same resource through the cache make one request', async () => {
    const s = scenario('slow-100');
    const client = s.client();
    const results = await Promise.all([client.getIntegration('int-1'), client.getIntegration('int-1'), client.getIntegration('int-1')]);
    expect(results.map((r) => r.id)).to.deep.equal(['int-1', 'int-1', 'int-1']);
    expect((await s.stats()).length).to.equal(1);
  });

  it('a stale write answers 412 → conflict, and the cached copy rolls back', async () => {
    const s = scenario('ok');
    const alice = s.client();
    const bob = s.client();
    const mine = await alice.getIntegration('int-1');
    await bob.updateIntegration('int-1', { name: 'Bob was here' }, {});
    await bob.getIntegration('int-1');
    await expectIntegrationError(alice.updateIntegration('int-1', { name: 'Alice edit' }), 'conflict');
    expect(alice.cachedIntegration('int-1')?.name).to.equal(mine.name);
    const patches = (await s.stats()).filter((r) => r.method === 'PATCH');
    expect(patches.map((p) => p.headers['if-match'])).to.deep.equal([undefined, mine.etag]);
  });
});
