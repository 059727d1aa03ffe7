// Load benchmark: many tenants at once against the reference server, on the embedded database
// (PGlite) and on PostgreSQL in the same run, the server in a child process of its own (as
// `npm start` runs it: tsx, the demo site on, info logs) so the load generator does not share its
// event loop. Prints a table and writes bench/results/load-<date>.json.
//
//   npm run bench -- load                          # 200 tenants × 60 s on each database
//   npm run bench -- load --seconds 10 --tenants 50
//   node bench/load.mjs --database pglite          # one database only (pglite | postgres)
//   node bench/load.mjs --server-root ../before    # the server of another checkout, for before/after
//
// PostgreSQL: DATABASE_URL when set (the run gets a database of its own when the role may create
// one), else a throwaway cluster from scripts/throwaway-postgres.sh; without PostgreSQL the run
// says so and measures the embedded database alone.
//
// Each tenant has its own token and loops over a mix of list, get, create, patch, token health and
// delete, checking that every integration it reads is one it created (a cross-tenant read
// otherwise). Beside the load, a probe process opens a fresh connection every `--probe-ms` and
// times the first byte of the demo page (no database) and of GET /api/me (authentication and the
// rate limit: one database round trip).
import { fork } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { agent, call, percentile, postgresForRun, startServer } from './server-harness.mjs';

const ROOT = resolve(import.meta.dirname, '..');

const { values: args } = parseArgs({
  args: process.argv.slice(2).filter((arg) => arg !== 'load'),
  options: {
    seconds: { type: 'string', default: '60' },
    tenants: { type: 'string', default: '200' },
    database: { type: 'string', default: 'both' },
    'probe-ms': { type: 'string', default: '200' },
    'think-ms': { type: 'string', default: '0' },
    label: { type: 'string' },
    // Another checkout's server (e.g. `git worktree` of the code before a change), same load.
    'server-root': { type: 'string' },
  },
});
const SERVER_ROOT = resolve(args['server-root'] ?? ROOT);
const SECONDS = Number(args.seconds);
const TENANTS = Number(args.tenants);
const PROBE_MS = Number(args['probe-ms']);
const THINK_MS = Number(args['think-ms']);
if (![SECONDS, TENANTS, PROBE_MS, THINK_MS].every((n) => Number.isFinite(n) && n >= 0) || TENANTS < 1 || SECONDS <= 0) {
  throw new Error('--seconds, --tenants, --probe-ms and --think-ms take positive numbers');
}
if (!['both', 'pglite', 'postgres'].includes(args.database)) throw new Error('--database is pglite, postgres or both');

// ---------------------------------------------------------------------------------------------
// Tenants

const SETTINGS = { region: 'eu-west-1' };
const MIX = [
  ['list', 30],
  ['get', 25],
  ['health', 15],
  ['create', 12],
  ['patch', 10],
  ['delete', 8],
];
const MIX_TOTAL = MIX.reduce((sum, [, weight]) => sum + weight, 0);
const MAX_OWN = 15;

function pickAction(ownCount) {
  if (ownCount === 0) return 'create';
  let roll = Math.random() * MIX_TOTAL;
  for (const [action, weight] of MIX) {
    roll -= weight;
    if (roll < 0) return action === 'create' && ownCount >= MAX_OWN ? 'delete' : action;
  }
  return 'list';
}

const pickOne = (map) => [...map.keys()][Math.floor(Math.random() * map.size)];

/** One tenant's loop until `until`; records into `stats`. */
async function runTenant(base, tenantId, token, until, stats) {
  const created = new Set(); // every id this tenant ever created (a read of any other is cross-tenant)
  const own = new Map(); // live id → ETag
  let serial = 0;
  const record = (action, answer) => {
    stats.requests += 1;
    stats.latencies.push(answer.ms);
    (stats.byAction[action] ??= { requests: 0, latencies: [] }).requests += 1;
    stats.byAction[action].latencies.push(answer.ms);
    if (answer.status === 0) stats.network += 1;
    else if (answer.status >= 500) stats.s5xx += 1;
    else if (answer.status >= 400) {
      stats.s4xx += 1;
      stats.statuses[answer.status] = (stats.statuses[answer.status] ?? 0) + 1;
    }
  };
  const checkOwn = (integration) => {
    stats.readsChecked += 1;
    if (!created.has(integration?.id) || !String(integration?.name).startsWith(`${tenantId} `)) stats.crossTenant += 1;
  };
  while (performance.now() < until) {
    const action = pickAction(own.size);
    const id = action === 'list' || action === 'create' ? undefined : pickOne(own);
    const path = `/api/integrations${id ? `/${id}` : ''}`;
    let answer;
    if (action === 'list') {
      answer = await call(base, 'GET', `${path}?limit=20`, { token });
      if (answer.status === 200) for (const item of answer.json.items) checkOwn(item);
    } else if (action === 'get' || action === 'patch') {
      answer =
        action === 'get'
          ? await call(base, 'GET', path, { token })
          : await call(base, 'PATCH', path, {
              token,
              headers: { 'If-Match': own.get(id) },
              body: { description: `patched ${Date.now()}` },
            });
      if (answer.status === 200) {
        checkOwn(answer.json);
        own.set(id, answer.headers.etag);
      }
    } else if (action === 'health') {
      answer = await call(base, 'GET', `${path}/tokens/health`, { token });
      if (answer.status === 200 && answer.json.integrationId !== id) stats.crossTenant += 1;
    } else if (action === 'create') {
      answer = await call(base, 'POST', path, {
        token,
        body: { name: `${tenantId} #${++serial}`, cloudProviderId: 'dev-cloud', settings: SETTINGS },
      });
      if (answer.status === 201) {
        created.add(answer.json.id);
        own.set(answer.json.id, answer.headers.etag);
      }
    } else {
      answer = await call(base, 'DELETE', path, { token });
      if (answer.status === 204 || answer.status === 404) own.delete(id);
    }
    record(action, answer);
    if (THINK_MS > 0) await new Promise((r) => setTimeout(r, Math.random() * 2 * THINK_MS));
  }
}

// ---------------------------------------------------------------------------------------------
// Figures

const round = (ms) => (ms === null ? null : Math.round(ms * 10) / 10);
const mb = (bytes) => Math.round(bytes / 1048576);

function summariseProbe(samples) {
  const answered = samples.filter((s) => s.error === undefined);
  const ms = answered.map((s) => s.ms);
  return {
    probes: samples.length,
    failed: samples.length - answered.length,
    p50: round(percentile(ms, 50)),
    p99: round(percentile(ms, 99)),
    max: round(ms.length ? Math.max(...ms) : null),
    over1s: ms.filter((v) => v > 1000).length,
  };
}

async function runOne(name, databaseUrl) {
  console.log(`\n${name}: starting the server…`);
  const server = await startServer(name, databaseUrl, { serverRoot: SERVER_ROOT });
  try {
    const run = Date.now().toString(36);
    const tenants = [];
    for (let i = 0; i < TENANTS; i += 1) {
      const tenantId = `load-${run}-${i}`;
      const answer = await call(server.base, 'POST', '/dev/token', { body: { tenantId, role: 'owner' } });
      if (answer.status !== 200) throw new Error(`POST /dev/token answered ${answer.status}`);
      tenants.push({ tenantId, token: answer.json.accessToken });
    }
    const probeToken = (await call(server.base, 'POST', '/dev/token', { body: { tenantId: `load-${run}-probe`, role: 'member' } })).json
      .accessToken;
    // A second of one tenant before the clock starts: first-use costs (JIT, plans) are not load.
    const warm = (await call(server.base, 'POST', '/dev/token', { body: { tenantId: `load-${run}-warm`, role: 'owner' } })).json
      .accessToken;
    await runTenant(server.base, `load-${run}-warm`, warm, performance.now() + 1000, { byAction: {}, latencies: [], statuses: {} });

    const before = await server.monitor('load-monitor:read');
    await server.monitor('load-monitor:reset');
    const prober = fork(join(ROOT, 'bench/load-probe.mjs'), [], { stdio: 'inherit' });
    prober.send({
      everyMs: PROBE_MS,
      targets: [
        { name: 'page', url: `${server.base}/integrations` },
        { name: 'api', url: `${server.base}/api/me`, headers: { Authorization: `Bearer ${probeToken}` } },
      ],
    });
    const stats = { requests: 0, s4xx: 0, s5xx: 0, network: 0, statuses: {}, latencies: [], byAction: {}, readsChecked: 0, crossTenant: 0 };
    console.log(`${name}: ${TENANTS} tenants for ${SECONDS} s…`);
    const started = performance.now();
    const until = started + SECONDS * 1000;
    await Promise.all(tenants.map((t) => runTenant(server.base, t.tenantId, t.token, until, stats)));
    const elapsed = (performance.now() - started) / 1000;
    const probeResult = new Promise((r) => prober.once('message', r));
    prober.send({ type: 'stop' });
    const { samples } = await probeResult;
    const during = await server.monitor('load-monitor:read');
    await new Promise((r) => setTimeout(r, 2000));
    const after = await server.monitor('load-monitor:read');
    const stopped = await server.stop({ remove: true });
    return {
      database: name,
      tenants: TENANTS,
      seconds: Math.round(elapsed * 10) / 10,
      requests: stats.requests,
      requestsPerSecond: Math.round(stats.requests / elapsed),
      non2xx: { '4xx': stats.s4xx, '5xx': stats.s5xx, network: stats.network, byStatus: stats.statuses },
      latencyMs: { p50: round(percentile(stats.latencies, 50)), p99: round(percentile(stats.latencies, 99)) },
      byAction: Object.fromEntries(
        Object.entries(stats.byAction).map(([action, s]) => [
          action,
          { requests: s.requests, p50: round(percentile(s.latencies, 50)), p99: round(percentile(s.latencies, 99)) },
        ]),
      ),
      newConnectionFirstByteMs: { page: summariseProbe(samples.page), api: summariseProbe(samples.api) },
      eventLoopDelayMs: during.eventLoopDelayMs,
      rssMb: { before: mb(before.rss), peak: mb(during.peakRss), after: mb(after.rss) },
      readsChecked: stats.readsChecked,
      crossTenantReads: stats.crossTenant,
      serverExit: { code: stopped.code, signal: stopped.signal },
      serverErrors: stopped.errorLines,
    };
  } catch (error) {
    await server.stop({ remove: true });
    throw error;
  }
}

function printTable(results) {
  const rows = [
    ['requests (req/s)', (r) => `${r.requests} (${r.requestsPerSecond}/s)`],
    ['non-2xx: 4xx / 5xx / network', (r) => `${r.non2xx['4xx']} / ${r.non2xx['5xx']} / ${r.non2xx.network}`],
    ['latency p50 / p99 (ms)', (r) => `${r.latencyMs.p50} / ${r.latencyMs.p99}`],
    ['new conn. TTFB, page p50 / p99 / max (ms)', (r) => fmtProbe(r.newConnectionFirstByteMs.page)],
    ['new conn. TTFB, /api/me p50 / p99 / max (ms)', (r) => fmtProbe(r.newConnectionFirstByteMs.api)],
    ['server event-loop delay p99 / max (ms)', (r) => `${r.eventLoopDelayMs.p99} / ${r.eventLoopDelayMs.max}`],
    ['server RSS before / peak / after (MB)', (r) => `${r.rssMb.before} / ${r.rssMb.peak} / ${r.rssMb.after}`],
    ['cross-tenant reads (of reads checked)', (r) => `${r.crossTenantReads} (of ${r.readsChecked})`],
  ];
  const width = 46;
  const col = 34;
  const title = `Load: ${TENANTS} tenants × ${SECONDS} s per database (this machine)`;
  console.log(`\n${title}`);
  console.log(`  ${''.padEnd(width)}${results.map((r) => r.database.padEnd(col)).join('')}`);
  for (const [label, value] of rows) console.log(`  ${label.padEnd(width)}${results.map((r) => value(r).padEnd(col)).join('')}`);
  return { title, head: ['Figure', ...results.map((r) => r.database)], rows: rows.map(([label, value]) => [label, ...results.map(value)]) };
}
const fmtProbe = (p) => `${p.p50} / ${p.p99} / ${p.max}${p.failed ? ` (${p.failed} failed)` : ''}`;

const results = [];
const notes = [];
if (args.database !== 'postgres') results.push(await runOne('pglite', undefined));
if (args.database !== 'pglite') {
  const postgres = await postgresForRun();
  if (postgres.unavailable) {
    notes.push(`PostgreSQL not available, embedded database only: ${postgres.unavailable}`);
    console.log(`\n${notes.at(-1)}`);
  } else {
    try {
      results.push({ ...(await runOne('postgres', postgres.url)), source: postgres.source });
    } finally {
      await postgres.release();
    }
  }
}
agent.destroy();
const table = printTable(results);
const [pglite, postgres] = [results.find((r) => r.database === 'pglite'), results.find((r) => r.database === 'postgres')];
if (pglite && postgres) {
  const ratio = pglite.newConnectionFirstByteMs.api.p99 / postgres.newConnectionFirstByteMs.api.p99;
  notes.push(`new-connection TTFB p99 (/api/me), embedded ÷ PostgreSQL: ${ratio.toFixed(2)}×`);
  console.log(`  ${notes.at(-1)}`);
}
mkdirSync(join(ROOT, 'bench/results'), { recursive: true });
const file = join(
  ROOT,
  `bench/results/load-${new Date().toISOString().replace(/[:.]/g, '-').slice(0, 19)}${args.label ? `-${args.label}` : ''}.json`,
);
writeFileSync(
  file,
  JSON.stringify(
    {
      date: new Date().toISOString(),
      node: process.version,
      tenants: TENANTS,
      seconds: SECONDS,
      thinkMs: THINK_MS,
      probeMs: PROBE_MS,
      notes,
      results,
    },
    null,
    2,
  ) + '\n',
);
console.log(`\nFigures written to ${file.slice(ROOT.length + 1)}`);
// bench/run.mjs names this file to put the table in bench/RESULTS.md (bench/capture.mjs).
if (process.env.BENCH_TABLES_FILE) {
  notes.push(`all figures: ${file.slice(ROOT.length + 1)}`);
  writeFileSync(process.env.BENCH_TABLES_FILE, JSON.stringify({ tables: [table], notes }));
}
if (results.some((r) => r.crossTenantReads > 0)) process.exitCode = 1;
