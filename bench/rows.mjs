// `npm run bench -- rows`: the reference server's reads with 10,000 integrations per tenant, on the
// embedded database (PGlite) and on PostgreSQL in one run, each server in a child process of its
// own (bench/server-harness.mjs). Two tenants are seeded through the API (the measured one and a
// neighbour of the same size, so an index that ignores the tenant shows), then, in rounds of
// short windows alternating between them, a fixed number of clients in a loop ask for:
//   - GET /api/me: authentication and the rate limit, one database round trip (the baseline);
//   - the first page of the list (limit 50, the element's default);
//   - the list page by page to its end with the cursor (limit 100: deep pages cost what the first does?);
//   - one integration by id (random among the tenant's).
// Each figure is given against /api/me from the same rounds. Every item read is checked to be the
// tenant's own. The OAuth callback is not here: what it costs is the provider's token exchange.
//
//   node bench/rows.mjs [--rows 10000 --seconds 6 --clients 16 --database both|pglite|postgres]
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { agent, call, percentile, postgresForRun, startServer } from './server-harness.mjs';

const { values: args } = parseArgs({
  args: process.argv.slice(2),
  options: {
    rows: { type: 'string', default: '10000' },
    seconds: { type: 'string', default: '6' },
    clients: { type: 'string', default: '16' },
    rounds: { type: 'string', default: '3' },
    database: { type: 'string', default: 'both' },
  },
});
const ROWS = Number(args.rows);
const SECONDS = Number(args.seconds);
const CLIENTS = Number(args.clients);
const ROUNDS = Number(args.rounds);
if (![ROWS, SECONDS, CLIENTS, ROUNDS].every((n) => Number.isFinite(n) && n >= 1))
  throw new Error('--rows, --seconds, --clients and --rounds take positive numbers');
const SERVER_ENV = { RATE_LIMIT_MAX: '1000000000', DEV_ACCESS_TOKEN_TTL: '86400', LOG_LEVEL: 'warn' };

async function tokenFor(base, tenantId) {
  const answer = await call(base, 'POST', '/dev/token', { body: { tenantId, role: 'owner' } });
  if (answer.status !== 200) throw new Error(`POST /dev/token answered ${answer.status}`);
  return answer.json.accessToken;
}

/** Creates `count` integrations for the tenant, 32 at a time; resolves with their ids and the rate. */
async function seed(base, token, tenantId, count) {
  const ids = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: 32 }, async () => {
      while (next < count) {
        const n = next++;
        const answer = await call(base, 'POST', '/api/integrations', {
          token,
          body: { name: `${tenantId} ${String(n).padStart(5, '0')}`, cloudProviderId: 'dev-cloud', settings: { region: 'eu-west-1' } },
        });
        if (answer.status !== 201 && answer.status !== 200)
          throw new Error(`seeding: POST answered ${answer.status} ${JSON.stringify(answer.json)}`);
        ids.push(answer.json.id);
      }
    }),
  );
  return { ids, perSecond: count / ((performance.now() - started) / 1000) };
}

/** The reads, each a loop one client runs; each returns the answer and the items to check. */
function operations(base, token, ids) {
  const items = (answer) => answer.json?.items ?? (answer.json?.id ? [answer.json] : []);
  return {
    me: async () => ({ answer: await call(base, 'GET', '/api/me', { token }), checked: [] }),
    'list, first page': async () => {
      const answer = await call(base, 'GET', '/api/integrations?limit=50', { token });
      return { answer, checked: items(answer) };
    },
    'list, every page by cursor': (() => {
      const cursors = new Map();
      return async (client) => {
        const cursor = cursors.get(client);
        const answer = await call(base, 'GET', `/api/integrations?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, {
          token,
        });
        cursors.set(client, answer.json?.nextCursor ?? undefined);
        return { answer, checked: items(answer) };
      };
    })(),
    'get by id': async () => {
      const answer = await call(base, 'GET', `/api/integrations/${ids[Math.floor(Math.random() * ids.length)]}`, { token });
      return { answer, checked: items(answer) };
    },
  };
}

async function window(operation, seconds, stats, tenantId) {
  const until = performance.now() + seconds * 1000;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CLIENTS }, async (_, client) => {
      while (performance.now() < until) {
        const { answer, checked } = await operation(client);
        stats.latencies.push(answer.ms);
        if (answer.status < 200 || answer.status >= 300) stats.failed += 1;
        for (const item of checked) if (!String(item.name).startsWith(`${tenantId} `)) stats.foreign += 1;
        stats.items += checked.length;
      }
    }),
  );
  stats.seconds += (performance.now() - started) / 1000;
}

async function runOne(name, databaseUrl) {
  console.log(`${name}: starting the server…`);
  const server = await startServer(name, databaseUrl, { env: SERVER_ENV });
  try {
    const run = Date.now().toString(36);
    const measured = `rows-${run}-a`;
    const neighbour = `rows-${run}-b`;
    const [token, neighbourToken] = [await tokenFor(server.base, measured), await tokenFor(server.base, neighbour)];
    console.log(`${name}: seeding ${ROWS.toLocaleString('en')} integrations for each of 2 tenants…`);
    const { ids, perSecond } = await seed(server.base, token, measured, ROWS);
    await seed(server.base, neighbourToken, neighbour, ROWS);
    const ops = operations(server.base, token, ids);
    const stats = Object.fromEntries(Object.keys(ops).map((op) => [op, { latencies: [], failed: 0, foreign: 0, items: 0, seconds: 0 }]));
    // Warm-up: a second of each, not counted (JIT, query plans, caches).
    for (const op of Object.keys(ops)) await window(ops[op], 1, { latencies: [], failed: 0, foreign: 0, items: 0, seconds: 0 }, measured);
    console.log(
      `${name}: ${ROUNDS} rounds of ${Object.keys(ops).length} windows × ${(SECONDS / ROUNDS).toFixed(1)} s, ${CLIENTS} clients…`,
    );
    for (let round = 0; round < ROUNDS; round++) {
      for (const op of Object.keys(ops)) await window(ops[op], SECONDS / ROUNDS, stats[op], measured);
    }
    return { name, seedPerSecond: perSecond, stats };
  } finally {
    await server.stop({ remove: true });
  }
}

const round1 = (value) => Math.round(value * 10) / 10;
function table(result) {
  const me = result.stats.me;
  const mePerSecond = me.latencies.length / me.seconds;
  const meP99 = percentile(me.latencies, 99);
  const rows = [[`seeding: creates/s (32 at a time)`, round1(result.seedPerSecond)]];
  for (const [op, s] of Object.entries(result.stats)) {
    const perSecond = s.latencies.length / s.seconds;
    const p99 = percentile(s.latencies, 99);
    const times = (value) => `${(Math.round(value * 100) / 100).toFixed(2)}×`;
    const vs = op === 'me' ? '(baseline)' : `throughput ${times(perSecond / mePerSecond)} /me, p99 ${times(p99 / meP99)} /me`;
    rows.push([`${op}: req/s, p50 / p99 ms`, `${round1(perSecond)}/s, ${round1(percentile(s.latencies, 50))} / ${round1(p99)}  ${vs}`]);
    rows.push([`${op}: failed, items read, not the tenant's`, `${s.failed}, ${s.items}, ${s.foreign}`]);
  }
  return rows;
}

const results = [];
const notes = [];
if (args.database !== 'postgres') results.push(await runOne('pglite', undefined));
if (args.database !== 'pglite') {
  const postgres = await postgresForRun();
  if (postgres.unavailable) notes.push(`PostgreSQL not available, embedded database only: ${postgres.unavailable}`);
  else {
    try {
      results.push(await runOne('postgres', postgres.url));
    } finally {
      await postgres.release();
    }
  }
}
agent.destroy();
const report = {};
for (const result of results) {
  console.log(`\nReads with ${ROWS.toLocaleString('en')} integrations per tenant, ${result.name}, ${CLIENTS} clients (this machine):`);
  for (const [label, value] of table(result)) {
    console.log(`  ${label.padEnd(52)} ${value}`);
    report[`${result.name}: ${label}`] = value;
  }
}
for (const note of notes) console.log(note);
console.log(`BENCH_JSON ${JSON.stringify({ rows: ROWS, clients: CLIENTS, seconds: SECONDS, rounds: ROUNDS, notes, figures: report })}`);
