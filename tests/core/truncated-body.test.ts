/**
 * Fault: the connection drops while an answer's body is arriving (a proxy or the network cuts it
 * off mid-stream). That is a lost answer, not a server fault: a read is a `network_error` that is
 * retried, and a write whose body was cut off is read back before anything is said about it. A
 * body that arrives whole but is not JSON stays `invalid_response`.
 */
import { expect } from '@open-wc/testing';
import { createClient, type Integration, type IntegrationsClient } from '../../src/core/index.js';
import { describeError } from '../../src/internal/error-text.js';
import { expectIntegrationError } from '../support/expect-error.js';
import { makeIntegrations } from '../support/fixtures.js';
import { fakeServer } from '../support/fake-server.js';

const BASE = 'https://api.example.com/api';

let client: IntegrationsClient | undefined;
afterEach(() => {
  client?.destroy();
  client = undefined;
});

function setup(items: Integration[], attempts = 1) {
  const server = fakeServer(items);
  client = createClient({
    apiBaseUrl: BASE,
    fetch: server.fetch,
    autoRefresh: false,
    refetchIntervalMs: 0,
    retry: { attempts, baseDelayMs: 1 },
  });
  return { server, client };
}

/**
 * `answer` with its body cut off half way: the stream hands over the first half, then errors as
 * the browser's fetch does when the connection drops (a TypeError).
 */
async function cutOff(answer: Response): Promise<Response> {
  const bytes = new Uint8Array(await answer.arrayBuffer());
  const half = bytes.slice(0, Math.floor(bytes.length / 2));
  let sent = false;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (!sent) {
        sent = true;
        controller.enqueue(half);
      } else controller.error(new TypeError('network error'));
    },
  });
  return new Response(body, { status: answer.status, headers: answer.headers });
}

const isGet = (id: string) => (r: { method: string; url: URL }) => r.method === 'GET' && r.url.pathname.endsWith(`/integrations/${id}`);
const isPatch = (id: string) => (r: { method: string; url: URL }) => r.method === 'PATCH' && r.url.pathname.endsWith(`/integrations/${id}`);

describe('a body cut off mid-stream', () => {
  it('is a network error (interrupted) for a read, said as a lost connection with Try again', async () => {
    const { server, client } = setup(makeIntegrations(1));
    server.intercept((r, apply) => (isGet('int-1')(r) ? cutOff(apply()) : undefined));
    const error = await expectIntegrationError(client.api.getIntegration('int-1'), 'network_error');
    expect(error.reason).to.equal('interrupted');
    expect(error.retryable).to.equal(true);
    expect(describeError(error)).to.include({ title: 'The connection was lost while the server answered.', canRetry: true });
  });

  it('is retried for a read, like any lost answer', async () => {
    const { server, client } = setup(makeIntegrations(1), 3);
    let cut = 0;
    server.intercept((r, apply) => (isGet('int-1')(r) && cut++ === 0 ? cutOff(apply()) : undefined));
    const integration = await client.api.getIntegration('int-1');
    expect(integration.id).to.equal('int-1');
    expect(server.requests.filter(isGet('int-1'))).to.have.length(2);
  });

  it('a write the server applied, whose answer was cut off, is read back and counts as saved', async () => {
    const { server, client } = setup(makeIntegrations(1));
    server.intercept((r, apply) => (isPatch('int-1')(r) ? cutOff(apply()) : undefined));
    const saved = await client.updateIntegration('int-1', { name: 'Renamed' });
    expect(saved.name).to.equal('Renamed');
    expect(server.requests.filter(isGet('int-1')), 'read back once').to.have.length(1);
    expect(client.cachedIntegration('int-1')?.name).to.equal('Renamed');
  });

  it('a write cut off whose read back fails too is an unconfirmed network error, not a server error', async () => {
    const { server, client } = setup(makeIntegrations(1));
    server.intercept((r, apply) => (isPatch('int-1')(r) || isGet('int-1')(r) ? cutOff(apply()) : undefined));
    const error = await expectIntegrationError(client.updateIntegration('int-1', { name: 'Renamed' }), 'network_error');
    expect(error.unconfirmed).to.equal(true);
    expect(describeError(error).title).to.equal('The change could not be confirmed: the server’s answer was lost.');
  });

  it('a body that arrives whole but is not JSON stays invalid_response', async () => {
    const { server, client } = setup(makeIntegrations(1));
    server.intercept((r) => (isGet('int-1')(r) ? new Response('<html>proxy error</html>', { status: 200 }) : undefined));
    await expectIntegrationError(client.api.getIntegration('int-1'), 'invalid_response');
  });

  it('a read stopped by its caller while the body arrives is aborted, not a network error', async () => {
    const { server, client } = setup(makeIntegrations(1));
    const abort = new AbortController();
    server.intercept((r, apply) => {
      if (!isGet('int-1')(r)) return undefined;
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(new TextEncoder().encode('{"id":'));
          abort.signal.addEventListener('abort', () => controller.error(new DOMException('aborted', 'AbortError')));
          queueMicrotask(() => abort.abort());
        },
      });
      return new Response(body, { status: 200, headers: apply().headers });
    });
    await expectIntegrationError(client.api.getIntegration('int-1', { signal: abort.signal }), 'aborted');
  });
});
