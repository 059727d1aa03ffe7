/**
 * The demo site's routes: the host page at its two views (the list and one integration's
 * details), the canonical addresses that trailing slashes and the old route redirect to, and
 * 404 for a details link that cannot name an integration.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestServer, type TestServer } from './support/harness.js';

let server: TestServer;

before(async () => {
  server = await startTestServer({ serveDemo: true });
});

after(async () => {
  await server?.dispose();
});

async function get(path: string): Promise<{ status: number; location: string | null; cacheControl: string | null; text: string }> {
  const answer = await server.request(path, { headers: { Accept: 'text/html' } });
  return {
    status: answer.status,
    location: answer.headers.get('Location'),
    cacheControl: answer.headers.get('Cache-Control'),
    text: typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body ?? ''),
  };
}

describe('the host page', () => {
  it('answers at /integrations, uncached', async () => {
    const page = await get('/integrations');
    assert.equal(page.status, 200);
    assert.match(page.text, /<integration-list/);
    assert.equal(page.cacheControl, 'no-store');
  });

  it('answers at /integrations/<id> with the same document (a details deep link)', async () => {
    const list = await get('/integrations');
    for (const id of ['0b6c1f2e-9d1a-4c1e-8a7b-3f2d1c0b9a8e', 'int_Abc-123', 'x'.repeat(100)]) {
      const details = await get(`/integrations/${id}?tenant=acme`);
      assert.equal(details.status, 200, id);
      assert.equal(details.text, list.text, id);
      assert.equal(details.cacheControl, 'no-store', id);
    }
  });

  it('answers 404 for an id that cannot be an integration’s, and for deeper paths', async () => {
    for (const path of [
      '/integrations/not%20an%20id',
      '/integrations/a.b',
      '/integrations/%3Cscript%3E',
      `/integrations/${'x'.repeat(101)}`,
      '/integrations/abc/def',
      '/integrations/bad.id/',
    ]) {
      const answer = await get(path);
      assert.equal(answer.status, 404, path);
      assert.equal(answer.location, null, path);
    }
  });

  it('loads its assets from absolute paths, so they resolve at either depth', async () => {
    const page = await get('/integrations/some-id');
    const assets = [...page.text.matchAll(/(?:src|href)="([^"]+)"/g)]
      .map((match) => match[1]!)
      .filter((url) => !url.startsWith('data:') && !url.startsWith('#'));
    assert.ok(assets.length >= 3, assets.join(', '));
    for (const asset of assets) {
      assert.ok(asset.startsWith('/'), `${asset} is relative`);
      assert.equal((await get(asset)).status, 200, asset);
    }
  });
});

describe('canonical addresses', () => {
  const redirects: [from: string, to: string][] = [
    ['/integrations/', '/integrations'],
    ['/integrations/?tenant=acme&role=member', '/integrations?tenant=acme&role=member'],
    ['/tenant/integrations', '/integrations'],
    ['/tenant/integrations?tenant=globex', '/integrations?tenant=globex'],
    ['/tenant/integrations/', '/integrations'],
    ['/tenant/integrations/?lang=de', '/integrations?lang=de'],
    ['/integrations/int_Abc-123/', '/integrations/int_Abc-123'],
    ['/integrations/int_Abc-123/?tenant=acme', '/integrations/int_Abc-123?tenant=acme'],
  ];
  for (const [from, to] of redirects) {
    it(`${from} redirects permanently to ${to} in one step`, async () => {
      const answer = await get(from);
      assert.equal(answer.status, 301);
      assert.equal(answer.location, to);
      assert.equal((await get(to)).status, 200, `${to} is the page itself, not another redirect`);
    });
  }

  it('leaves the API alone: a trailing slash there is the API’s own 404', async () => {
    const answer = await server.request('/api/integrations/');
    assert.notEqual(answer.status, 301);
    assert.equal(answer.headers.get('Location'), null);
  });
});
