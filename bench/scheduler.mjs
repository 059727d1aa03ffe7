// The token refresh scheduler (src/core/tokens.ts, wired in src/core/client.ts) with 10,000
// watched integrations, in Debian's headless Chromium: `node bench/scheduler.mjs [--integrations
// 10000 --tabs 5 …]` (flags below; --help lists them). About eight minutes with the defaults.
// bench/scheduler.ts is the page; this file bundles it with esbuild (as bench/run.mjs does), serves
// it and a counting API from one 127.0.0.1 server, and prints a table and a `BENCH_JSON {…}` line.
//
// 1. Timers alive, for three mixes of badges: all given `.integration` objects, all given
//    `integration-id`, half each. An init script wraps setTimeout/clearTimeout/setInterval/
//    clearInterval before any page code runs and keeps the ids alive (a timeout that fired, or one
//    cleared, is gone; requestAnimationFrame is not a timer). Read two seconds after every badge
//    shows a state and the scheduler settled. Each live timer is traced, through the bundle's
//    source map, to the line that set it. The team's goal: at most 3, whatever the mix.
// 2. Main-thread CPU per idle minute: TaskDuration and ScriptDuration deltas of CDP
//    `Performance.getMetrics` over a window (10 s by default, scaled to a minute), with tokens
//    hours from expiry. The baseline is the same page with the same integrations in the cache and
//    `autoRefresh: false`: all that differs is the scheduler. Runs alternate (on, off, off, on, …),
//    each in a fresh page, and the figure is the median (range) of the paired ratios.
// 3. Refresh requests per expiry window: tokens expiring over the next 60–120 s, the lead time set
//    so every refresh comes due in the run, watched in 1 tab and then in 5 tabs of one browser
//    context (one origin: the tabs share Web Locks and a BroadcastChannel). The server counts
//    `POST /api/integrations/{id}/tokens/refresh` per integration and answers with an expiry six
//    hours away. The goal: exactly one refresh per token. Headless tabs are all visible, so every
//    tab's scheduler runs: the worst case for coordination (a hidden tab pauses its own).
import { build } from 'esbuild';
import { createServer } from 'node:http';
import { SourceMap } from 'node:module';
import { parseArgs } from 'node:util';
import { setTimeout as sleep } from 'node:timers/promises';
import { launchChromium } from '../tests/support/chromium.mjs';
import { makeIntegrations } from '../tests/support/fixtures.js';

const FLAGS = {
  integrations: { type: 'string', default: '10000', help: 'integrations watched in every part' },
  mount: { type: 'string', default: '', help: 'badges by integration-id in the ids mix (default: --integrations)' },
  tabs: { type: 'string', default: '5', help: 'tabs of the multi-tab refresh run' },
  pairs: { type: 'string', default: '5', help: 'A/B pairs of the CPU part' },
  'cpu-seconds': { type: 'string', default: '10', help: 'length of one CPU window (scaled to a minute)' },
  'expiry-from': { type: 'string', default: '60', help: 'first token expiry, s from the start of a refresh run' },
  'expiry-to': { type: 'string', default: '120', help: 'last token expiry, s from the start' },
  lead: { type: 'string', default: '50', help: 'scheduler lead time, s (skew adds 5 s; short tokens refresh halfway)' },
  latency: { type: 'string', default: '0', help: 'ms the API waits before each answer' },
  parts: { type: 'string', default: 'timers,cpu,refresh', help: 'which parts to run' },
  help: { type: 'boolean', default: false },
};
const { values: flags } = parseArgs({ options: FLAGS });
if (flags.help) {
  for (const [name, { default: value, help }] of Object.entries(FLAGS)) console.log(`  --${name.padEnd(13)} ${help ?? ''} [${value}]`);
  process.exit(0);
}
const N = Number(flags.integrations);
const options = {
  integrations: N,
  mount: Number(flags.mount || N),
  tabs: Number(flags.tabs),
  pairs: Number(flags.pairs),
  cpuSeconds: Number(flags['cpu-seconds']),
  expiryFromS: Number(flags['expiry-from']),
  expiryToS: Number(flags['expiry-to']),
  leadS: Number(flags.lead),
  latencyMs: Number(flags.latency),
  parts: flags.parts.split(','),
};

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const round = (value, digits = 1) => +value.toFixed(digits);
const rangeText = (values, digits = 1) =>
  `${round(median(values), digits)} (${round(Math.min(...values), digits)}–${round(Math.max(...values), digits)})`;
const HOUR = 3_600_000;
const VIEWPORT = { viewport: { width: 1280, height: 900 } };

// --- the page: bundle, source map, census ----------------------------------------------------

/** The page script, minified like bench/run.mjs's, with a source map to trace timers to src/. */
async function bundlePage() {
  const result = await build({
    entryPoints: ['bench/scheduler.ts'],
    outfile: 'bench/scheduler.bundle.js', // never written: names the map
    bundle: true,
    format: 'esm',
    write: false,
    minify: true,
    sourcemap: 'external',
    tsconfig: 'tsconfig.json',
    // The package's sideEffects list names dist/ files; from src every define module must stay.
    ignoreAnnotations: true,
  });
  const script = result.outputFiles.find((file) => file.path.endsWith('.js')).text;
  const map = new SourceMap(JSON.parse(result.outputFiles.find((file) => file.path.endsWith('.map')).text));
  return { script, map };
}

/**
 * Runs in the page before any of its scripts (an init script): wraps the four timer functions
 * and keeps every live timer with the stack that set it. Self-contained: Playwright sends its source.
 */
function installTimerCensus() {
  const live = new Map();
  let created = 0;
  const native = { setTimeout, clearTimeout, setInterval, clearInterval };
  const note = (id, kind, delay) => {
    created++;
    live.set(id, { kind, delay: Number(delay) || 0, stack: new Error().stack ?? '' });
  };
  window.setTimeout = function (handler, delay, ...args) {
    let id;
    const run =
      typeof handler === 'function'
        ? function (...callArgs) {
            live.delete(id); // fired: no longer alive
            return handler.apply(this, callArgs);
          }
        : handler;
    id = native.setTimeout.call(window, run, delay, ...args);
    note(id, 'timeout', delay);
    return id;
  };
  window.setInterval = function (handler, delay, ...args) {
    const id = native.setInterval.call(window, handler, delay, ...args);
    note(id, 'interval', delay);
    return id;
  };
  // Browsers share one id space, and either clear function clears either kind.
  window.clearTimeout = (id) => {
    live.delete(id);
    native.clearTimeout.call(window, id);
  };
  window.clearInterval = (id) => {
    live.delete(id);
    native.clearInterval.call(window, id);
  };
  Object.defineProperty(window, '__timerCensus', {
    value: { alive: () => [...live.values()], created: () => created },
  });
}

/** "src/core/cache.ts:459 ← src/core/client.ts:12": the first two bundle frames of a stack, in src/. */
function whereSet(stack, map) {
  const frames = [...stack.matchAll(/\/bench\.js:(\d+):(\d+)/g)].slice(0, 2);
  return frames
    .map(([, line, column]) => {
      const entry = map.findEntry(Number(line) - 1, Number(column) - 1);
      if (!entry?.originalSource) return `bench.js:${line}:${column}`;
      return `${entry.originalSource.replace(/^.*?(src|bench|tests|node_modules)\//, '$1/')}:${entry.originalLine + 1}`;
    })
    .join(' ← ');
}

/** The page's live timers, grouped by where they were set. */
async function aliveTimers(page, map) {
  const alive = await page.evaluate(() => window.__timerCensus.alive());
  const groups = new Map();
  for (const timer of alive) {
    const key = `${timer.kind} ${timer.delay} ms at ${whereSet(timer.stack, map)}`;
    groups.set(key, (groups.get(key) ?? 0) + 1);
  }
  return { count: alive.length, where: Object.fromEntries(groups) };
}

// --- the API ------------------------------------------------------------------------------------

const OWNER = {
  tenant: { id: 'tenant-a' },
  user: { id: 'user-1' },
  role: 'owner',
  permissions: ['read', 'create', 'update', 'delete', 'connect', 'refresh', 'test'],
  features: { events: false, serverRefresh: false },
};

/** What the refresh run's API holds and counts; `reset` starts a new expiry window. */
const api = {
  integrations: new Map(),
  /** Per integration: each refresh, with the tab that sent it and when. */
  refreshes: new Map(),
  requests: { me: 0, list: 0, detail: 0, refresh: 0, other: 0 },
  startedAt: 0,
  reset(count) {
    this.startedAt = Date.now();
    const span = (options.expiryToS - options.expiryFromS) * 1000;
    const written = new Date(this.startedAt - HOUR).toISOString();
    const items = makeIntegrations(count, 'win').map((item, i) => ({
      ...item,
      createdAt: written,
      updatedAt: written,
      tokenExpiresAt: new Date(this.startedAt + options.expiryFromS * 1000 + (span * i) / Math.max(1, count - 1)).toISOString(),
    }));
    this.integrations = new Map(items.map((item) => [item.id, item]));
    this.refreshes = new Map(items.map((item) => [item.id, []]));
    this.requests = { me: 0, list: 0, detail: 0, refresh: 0, other: 0 };
  },
  /** A refreshed token, six hours long; updatedAt moves on so no copy reads as newer. */
  refresh(id, tab) {
    const current = this.integrations.get(id);
    const now = Date.now();
    const updatedAt = new Date(Math.max(now, Date.parse(current.updatedAt) + 1)).toISOString();
    const refreshed = { ...current, tokenStatus: 'valid', tokenExpiresAt: new Date(now + 6 * HOUR).toISOString(), updatedAt };
    this.integrations.set(id, refreshed);
    this.refreshes.get(id).push({ tab, at: now, expiredBefore: now >= Date.parse(current.tokenExpiresAt) });
    return refreshed;
  },
  lastRefreshAt() {
    let last = 0;
    for (const list of this.refreshes.values()) for (const { at } of list) last = Math.max(last, at);
    return last;
  },
};

/** `[status, body]` for one API request. */
function answerApi(method, path, tab) {
  const parts = path.split('/').slice(2).map(decodeURIComponent); // ['integrations', id, …]
  if (method === 'GET' && path === '/api/me') {
    api.requests.me++;
    return [200, OWNER];
  }
  if (method === 'GET' && path === '/api/integrations') {
    api.requests.list++;
    const items = [...api.integrations.values()];
    return [200, { items, nextCursor: null, total: items.length }];
  }
  const integration = parts[0] === 'integrations' ? api.integrations.get(parts[1]) : undefined;
  if (integration && method === 'GET' && parts.length === 2) {
    api.requests.detail++;
    return [200, integration];
  }
  if (integration && method === 'POST' && parts[2] === 'tokens' && parts[3] === 'refresh' && parts.length === 4) {
    api.requests.refresh++;
    return [200, api.refresh(integration.id, tab)];
  }
  api.requests.other++;
  return [404, { code: 'not_found', message: `No ${method} ${path} here.` }];
}

function startServer(script) {
  const server = createServer((req, res) => {
    const url = new URL(req.url, 'http://127.0.0.1');
    if (url.pathname === '/bench.js') return res.writeHead(200, { 'Content-Type': 'text/javascript' }).end(script);
    if (url.pathname.startsWith('/api/')) {
      req.resume();
      return req.on('end', async () => {
        const [status, body] = answerApi(req.method, url.pathname, req.headers['x-bench-tab'] ?? '?');
        if (options.latencyMs > 0) await sleep(options.latencyMs);
        res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
      });
    }
    res
      .writeHead(200, { 'Content-Type': 'text/html' })
      .end('<!doctype html><meta charset="utf-8"><body style="margin:0"><script type="module" src="/bench.js"></script>');
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

// --- pages --------------------------------------------------------------------------------------

/** A page in `context` with the census installed, at `?query`, once its part is set up. */
async function openBenchPage(context, origin, query) {
  const page = await context.newPage();
  page.on('pageerror', (error) => console.error('page error:', error.message));
  page.on('crash', () => console.error('page crashed'));
  await page.goto(`${origin}/?${new URLSearchParams(query)}`);
  const figures = await page.evaluate(() => window.__bench);
  return { page, figures };
}

// --- 1. timers alive -------------------------------------------------------------------------

async function timersPart(browser, origin, map) {
  const mixes = [
    ['objects', options.integrations],
    ['ids', options.mount],
    ['half', options.integrations === options.mount ? options.integrations : 2 * Math.min(options.integrations, options.mount)],
  ];
  const results = {};
  for (const [mix, n] of mixes) {
    const context = await browser.newContext(VIEWPORT);
    await context.addInitScript(installTimerCensus);
    const { page, figures } = await openBenchPage(context, origin, { part: 'timers', mix, n });
    await sleep(2000); // anything short-lived (a debounce, a zero timeout) has fired by now
    const timers = await aliveTimers(page, map);
    const created = await page.evaluate(() => window.__timerCensus.created());
    results[mix] = { ...figures, 'timers created': created, 'timers alive': timers.count, 'alive, by where set': timers.where };
    await context.close();
  }
  return results;
}

// --- 2. CPU per idle minute ---------------------------------------------------------------------

const metric = (metrics, name) => metrics.find((entry) => entry.name === name)?.value ?? 0;

/** Main-thread busy time of one freshly set-up page over the window, as ms per minute. */
async function idleCpu(browser, origin, scheduler) {
  const context = await browser.newContext(VIEWPORT);
  const { page, figures } = await openBenchPage(context, origin, { part: 'cpu', scheduler, n: options.integrations });
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable');
  await sleep(2000); // the set-up's garbage collected, its last tasks done
  const before = (await cdp.send('Performance.getMetrics')).metrics;
  await sleep(options.cpuSeconds * 1000);
  const after = (await cdp.send('Performance.getMetrics')).metrics;
  await context.close();
  const perMinute = (name) => ((metric(after, name) - metric(before, name)) * 1000 * 60) / options.cpuSeconds;
  return { task: perMinute('TaskDuration'), script: perMinute('ScriptDuration'), tracked: figures['integrations the scheduler tracks'] };
}

async function cpuPart(browser, origin) {
  const on = [];
  const off = [];
  for (let pair = 0; pair < options.pairs; pair++) {
    // Alternate which goes first, so a drift in the machine's load favours neither.
    for (const scheduler of pair % 2 ? ['off', 'on'] : ['on', 'off']) {
      (scheduler === 'on' ? on : off).push(await idleCpu(browser, origin, scheduler));
    }
  }
  // A baseline window can measure 0: floor it at 0.1 ms/min so a ratio stays finite.
  const ratios = on.map((run, i) => run.task / Math.max(off[i].task, 0.1));
  return {
    'integrations tracked (scheduler on)': median(on.map((run) => run.tracked)),
    'window, s': options.cpuSeconds,
    'scheduler on: main-thread busy, ms/min': rangeText(on.map((run) => run.task)),
    'scheduler off: main-thread busy, ms/min': rangeText(off.map((run) => run.task)),
    'scheduler on: script, ms/min': rangeText(on.map((run) => run.script)),
    'scheduler off: script, ms/min': rangeText(off.map((run) => run.script)),
    'on ÷ off (busy)': `${rangeText(ratios, 2)}, ${ratios.length} pairs`,
  };
}

// --- 3. refresh requests per expiry window ------------------------------------------------------

/** Waits until every token was refreshed and the API has been quiet 5 s, or every token expired. */
async function refreshRound(deadline) {
  for (;;) {
    await sleep(1000);
    const now = Date.now();
    const allDone = [...api.refreshes.values()].every((list) => list.length > 0);
    if (now > deadline || (allDone && now - api.lastRefreshAt() > 5000)) return;
  }
}

/** Refreshes per integration, and where duplicates came from. */
function refreshTally() {
  const lists = [...api.refreshes.values()];
  const duplicates = lists.filter((list) => list.length > 1);
  const perTab = {};
  for (const list of lists) for (const { tab } of list) perTab[tab] = (perTab[tab] ?? 0) + 1;
  const gaps = duplicates.map((list) => list[1].at - list[0].at);
  return {
    'refreshes total': lists.reduce((sum, list) => sum + list.length, 0),
    'refreshed exactly once': lists.filter((list) => list.length === 1).length,
    'refreshed more than once': duplicates.length,
    'never refreshed': lists.filter((list) => list.length === 0).length,
    'refreshed only after its token expired': lists.filter((list) => list[0]?.expiredBefore).length,
    'duplicates from the same tab': duplicates.filter((list) => list[0].tab === list[1].tab).length,
    'duplicate gap (1st → 2nd), ms': gaps.length ? rangeText(gaps, 0) : '–',
    'refreshes by tab': Object.entries(perTab)
      .sort()
      .map(([tab, count]) => `${tab}: ${count}`)
      .join(', '),
    'other requests: /me, list, by id': `${api.requests.me}, ${api.requests.list}, ${api.requests.detail}`,
  };
}

async function refreshRun(browser, origin, map, tabs) {
  api.reset(options.integrations);
  const context = await browser.newContext(VIEWPORT);
  await context.addInitScript(installTimerCensus);
  const lead = options.leadS * 1000;
  const pages = await Promise.all(
    Array.from({ length: tabs }, (_, i) => openBenchPage(context, origin, { part: 'refresh', tab: String(i + 1), lead })),
  );
  await refreshRound(api.startedAt + options.expiryToS * 1000 + 5000);
  const states = await Promise.all(pages.map(({ page }) => page.evaluate(() => window.__benchState())));
  const timers = await Promise.all(pages.map(({ page }) => aliveTimers(page, map)));
  await context.close();
  return {
    ...refreshTally(),
    'list load + first look per tab, ms': pages.map(({ figures }) => figures['list load + first look, ms']).join(', '),
    'run, s': round((Date.now() - api.startedAt) / 1000, 0),
    'timers alive per tab afterwards': timers.map((t) => t.count).join(', '),
    'alive afterwards in tab 1, by where set': timers[0].where,
    'token states per tab afterwards': states.map((state) => JSON.stringify(state)).join(' | '),
  };
}

async function refreshPart(browser, origin, map) {
  const results = {};
  for (const tabs of [...new Set([1, options.tabs])])
    results[`${tabs} tab${tabs > 1 ? 's' : ''}`] = await refreshRun(browser, origin, map, tabs);
  return results;
}

// --- report -------------------------------------------------------------------------------------

function printSection(title, rows) {
  console.log(`\n${title}`);
  for (const [name, value] of Object.entries(rows)) {
    if (value && typeof value === 'object') {
      console.log(`  ${name}:`);
      for (const [inner, count] of Object.entries(value)) console.log(`      ${String(count).padStart(6)}  ${inner}`);
    } else console.log(`  ${name.padEnd(48)} ${value}`);
  }
}

async function main() {
  const started = Date.now();
  const { script, map } = await bundlePage();
  const server = await startServer(script);
  const origin = `http://127.0.0.1:${server.address().port}`;
  const browser = await launchChromium();
  const report = { options, chromium: browser.version() };
  try {
    if (options.parts.includes('timers')) {
      report.timers = await timersPart(browser, origin, map);
      for (const [mix, rows] of Object.entries(report.timers)) printSection(`Timers alive, ${mix} (goal: at most 3)`, rows);
    }
    if (options.parts.includes('cpu')) {
      report.cpu = await cpuPart(browser, origin);
      printSection(`CPU per idle minute, ${options.integrations.toLocaleString('en')} integrations, tokens hours away`, report.cpu);
    }
    if (options.parts.includes('refresh')) {
      report.refresh = await refreshPart(browser, origin, map);
      const expiryWindow = `expiries ${options.expiryFromS}–${options.expiryToS} s out, lead ${options.leadS} s`;
      for (const [tabs, rows] of Object.entries(report.refresh))
        printSection(
          `Refreshes per expiry window, ${tabs}, ${options.integrations.toLocaleString('en')} integrations (${expiryWindow}; goal: exactly 1 each)`,
          rows,
        );
    }
  } finally {
    await browser.close();
    server.close();
  }
  report['total run, s'] = round((Date.now() - started) / 1000, 0);
  console.log(`\nChromium ${report.chromium}, total ${report['total run, s']} s`);
  console.log(`BENCH_JSON ${JSON.stringify(report)}`);
}

await main();
