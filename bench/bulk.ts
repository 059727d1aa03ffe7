/**
 * Bulk actions through the client core, in Node:
 * 1. 100 integrations behind a counting fake API: how many list requests one bulk disable makes
 *    while a list is watched (an element on the page).
 * 2. 1,000 integrations on the reference server (PGlite) with its default rate limit
 *    (600 requests a minute per tenant): the bulk must finish with no item failed by the limit,
 *    waiting out 429s instead. This takes a little over a minute: the limit is the point.
 *
 * Run by `npm run bench` (bench/run.mjs), or alone: `node --import tsx bench/bulk.ts`.
 */
import { writeFileSync } from 'node:fs';
import { createClient, type Integration } from '../src/core/index.js';
import { insertIntegration } from '../server/db/integrations.js';
import { startTestServer } from '../server/tests/support/harness.js';

const MINUTE_LIMIT = { max: 600, windowSeconds: 60 };

function integration(i: number): Integration {
  const id = `int-${i}`;
  return {
    id,
    tenantId: 't',
    cloudProviderId: 'dev-cloud',
    name: `Integration ${i}`,
    description: null,
    status: 'active',
    tokenStatus: 'valid',
    tokenExpiresAt: null,
    lastHealthCheck: null,
    settings: {},
    createdAt: '2026-11-01T10:00:00.000Z',
    updatedAt: '2026-11-01T10:00:00.000Z',
  };
}

/** 100 items, a fake API that answers at once and counts list reads. */
async function listRequestsForBulkOf100(): Promise<{ lists: number; failed: number }> {
  const items = new Map(Array.from({ length: 100 }, (_, i) => [`int-${i}`, integration(i)]));
  let lists = 0;
  const fetch = async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const url = new URL(String(input));
    const id = url.pathname.match(/\/integrations\/([^/]+)$/)?.[1];
    if (!id) {
      lists++;
      return Response.json({ items: [...items.values()], nextCursor: null, total: items.size });
    }
    const saved = { ...items.get(id)!, ...JSON.parse(String(init.body)) };
    items.set(id, saved);
    return Response.json(saved);
  };
  const client = createClient({
    apiBaseUrl: 'https://api.example/',
    redirectUri: 'https://app.example/oauth-callback.html',
    fetch: fetch as typeof globalThis.fetch,
    autoRefresh: false,
    refetchIntervalMs: 0,
  });
  const stop = client.watch(client.queries.list({ limit: 100 }), () => undefined);
  await client.fetch(client.queries.list({ limit: 100 }));
  const before = lists;
  const results = await client.bulk('disable', [...items.keys()]);
  await new Promise((resolve) => setTimeout(resolve, 50)); // the one reload at the end
  stop();
  client.destroy();
  return { lists: lists - before, failed: results.filter((r) => !r.ok).length };
}

async function bulkOf1000OnTheReferenceServer() {
  const server = await startTestServer({ rateLimit: MINUTE_LIMIT });
  try {
    const token = await server.token('bench-tenant', 'owner');
    const ids: string[] = [];
    for (let i = 0; i < 1000; i++) {
      ids.push(
        await insertIntegration(server.db, {
          tenantId: 'bench-tenant',
          cloudProviderId: 'dev-cloud',
          name: `Bench ${i}`,
          description: null,
          settings: { region: 'eu-west-1' },
        }),
      );
    }
    await server.db.query(`UPDATE integrations SET status = 'active' WHERE tenant_id = $1`, ['bench-tenant']);
    let requests = 0;
    let limited = 0;
    const fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
      requests++;
      const response = await globalThis.fetch(input, init);
      if (response.status === 429) limited++;
      return response;
    };
    const client = createClient({
      apiBaseUrl: new URL('/api/', server.url).href,
      redirectUri: new URL('/oauth-callback.html', server.url).href,
      fetch: fetch as typeof globalThis.fetch,
      getAccessToken: () => token,
      autoRefresh: false,
      refetchIntervalMs: 0,
    });
    const started = performance.now();
    const waits: number[] = [];
    const results = await client.bulk('disable', ids, { onWait: (ms) => waits.push(ms) });
    const seconds = (performance.now() - started) / 1000;
    client.destroy();
    const failed = results.filter((r) => !r.ok);
    const byRateLimit = failed.filter((r) => r.error?.code === 'rate_limited').length;
    const disabled = await server.db.query<{ count: string }>(
      `SELECT count(*)::text AS count FROM integrations WHERE tenant_id = $1 AND status = 'disabled'`,
      ['bench-tenant'],
    );
    return { seconds, requests, limited, waits: waits.length, failed: failed.length, byRateLimit, disabled: Number(disabled[0]!.count) };
  } finally {
    await server.dispose();
  }
}

const rows: [string, string][] = [];
const row = (label: string, value: string) => {
  rows.push([label, value]);
  console.log(`  ${label.padEnd(62)} ${value}`);
};
const small = await listRequestsForBulkOf100();
console.log('\nBulk actions (client core in Node; `node --import tsx bench/bulk.ts`):');
row('bulk disable of 100 with a list watched: list requests', `${small.lists} (ceiling 3), failed ${small.failed}`);
const large = await bulkOf1000OnTheReferenceServer();
row(
  'bulk disable of 1,000 on the reference server (600/min limit)',
  `${large.seconds.toFixed(1)} s, ${large.requests} requests, ${large.limited} answered 429, ${large.waits} pauses, ` +
    `failed ${large.failed} (by the rate limit ${large.byRateLimit}), disabled ${large.disabled}`,
);
// bench/run.mjs names this file to put the table in bench/RESULTS.md (bench/capture.mjs).
if (process.env.BENCH_TABLES_FILE) {
  writeFileSync(process.env.BENCH_TABLES_FILE, JSON.stringify({ tables: [{ head: ['Figure', 'Value'], rows }] }));
}
