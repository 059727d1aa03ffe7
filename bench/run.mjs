// `npm run bench`: bundle sizes (scripts/size.mjs when present), browser figures measured in
// Debian's Chromium (bench/browser-bench.ts, then bench/data-and-badges.ts), bulk actions
// (bench/bulk.ts) and the server under load on both databases (bench/load.mjs, about five minutes).
// Prints tables, figures asserted nowhere, and writes them all to bench/RESULTS.md (bench/results.mjs).
//
//   npm run bench -- scroll [pairs]        the list's scroll frames against a minimal window (bench/scroll.ts)
//   npm run bench -- items [1000,10000,50000]   first cards, select all, a filter change, against a minimal window (bench/items.ts)
//   npm run bench -- data [1000,3000]      the data path and the badges (mount sizes; 10,000 takes minutes)
//   npm run bench -- scheduler [--integrations 10000 --tabs 5 …]   timers alive, idle CPU, refreshes per token (bench/scheduler.mjs)
//   npm run bench -- connect [--pairs 15]  click on <oauth-button> → the window at the authorize URL, against window.open alone
//   npm run bench -- load [--seconds 10 --tenants 50 …]
//   npm run bench -- rows [--rows 10000 --clients 16 …]   list and get with 10,000 rows per tenant, both databases (bench/rows.mjs)
//   npm run bench -- lifecycle [--integrations 1000 …]   two server processes refreshing on one PostgreSQL
//
// One section alone writes nothing to bench/RESULTS.md, so a partial run never replaces the full
// record, unless `--results` is given (the file then says it is partial). Exits 1 if a section failed.
import { createServer } from 'node:http';
import { existsSync } from 'node:fs';
import { launchChromium } from '../tests/support/chromium.mjs';
import { bundlePage } from './bundle-page.mjs';
import { runChild } from './capture.mjs';
import { startResults } from './results.mjs';

const RESULTS_FILE = 'bench/RESULTS.md';
const argv = process.argv.slice(2);
const [section, ...sectionArgs] = argv.filter((arg) => arg !== '--results');
const results = startResults({ argv, section });

async function childSection(title, args) {
  results.addChild(title, args, await runChild(args));
}

/** Bundles `entry`, serves it to a fresh headless Chromium and reads the figures it puts on window.__bench. */
async function browserSection(title, entry, query = '') {
  const how = `${entry}${query ? ` (page ${query})` : ''}, bundled by esbuild, in headless Chromium`;
  const notes = [];
  try {
    const figures = await figuresInChromium(await bundlePage(entry), query, notes);
    console.log('\nBrowser figures (Chromium, headless, this machine):');
    for (const [name, value] of Object.entries(figures)) console.log(`  ${name.padEnd(58)} ${value}`);
    results.addFigures(title, how, figures, notes);
  } catch (error) {
    console.error(`${title}: ${error.stack ?? error}`);
    results.addFailure(title, how, error, notes);
  }
}

async function figuresInChromium(script, query, notes) {
  const server = createServer((req, res) => {
    if (req.url === '/bench.js') return res.writeHead(200, { 'Content-Type': 'text/javascript' }).end(script);
    res
      .writeHead(200, { 'Content-Type': 'text/html' })
      .end('<!doctype html><meta charset="utf-8"><body style="margin:0"><script type="module" src="/bench.js"></script>');
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    // Kept with the figures: a page error may have cut a figure short without failing the run.
    page.on('pageerror', (error) => (console.error('page error:', error.message), notes.push(`page error: ${error.message}`)));
    page.on('crash', () => (console.error('page crashed'), notes.push('page crashed')));
    await page.goto(`http://127.0.0.1:${server.address().port}/${query}`);
    return await page.evaluate(() => window.__bench);
  } finally {
    await browser.close();
    server.close();
  }
}

const SECTIONS = {
  scroll: () =>
    browserSection(
      `List scroll against a minimal window (${sectionArgs[0] ?? 7} pairs)`,
      'bench/scroll.ts',
      `?pairs=${sectionArgs[0] ?? 7}`,
    ),
  items: () =>
    browserSection(
      'List sizes: 1,000, 10,000 and 50,000 integrations against a minimal window',
      'bench/items.ts',
      sectionArgs[0] ? `?sizes=${sectionArgs[0]}` : '',
    ),
  data: () => browserSection('Data path and token badges', 'bench/data-and-badges.ts', sectionArgs[0] ? `?mount=${sectionArgs[0]}` : ''),
  rows: () => childSection('Server reads with 10,000 integrations per tenant on both databases', ['bench/rows.mjs', ...sectionArgs]),
  load: () => childSection('Load: many tenants on both databases', ['bench/load.mjs', ...sectionArgs]),
  connect: () => childSection('Click → the sign-in window at the authorize URL', ['bench/connect.mjs', ...sectionArgs]),
  scheduler: () => childSection('Token refresh scheduler: 10,000 watched, 1 and 5 tabs', ['bench/scheduler.mjs', ...sectionArgs]),
  lifecycle: () =>
    childSection('Refresh lifecycle: two server processes on one PostgreSQL', [
      '--import',
      'tsx',
      'bench/refresh-lifecycle.mjs',
      ...sectionArgs,
    ]),
};

if (section !== undefined) {
  if (!Object.hasOwn(SECTIONS, section)) {
    console.error(`Unknown section "${section}": one of ${Object.keys(SECTIONS).join(', ')}, or none for the full run.`);
    process.exit(2);
  }
  await SECTIONS[section]();
} else {
  if (existsSync('scripts/size.mjs')) await childSection('Bundle sizes', ['scripts/size.mjs', '--report']);
  else results.addSkipped('Bundle sizes', 'scripts/size.mjs is not in this checkout');
  await browserSection('Browser figures: the scheduler taking in the cache', 'bench/browser-bench.ts');
  await SECTIONS.scroll();
  await SECTIONS.items();
  await SECTIONS.data();
  await SECTIONS.scheduler();
  await SECTIONS.connect();
  // Against a counting fake API and the reference server (about a minute: it waits out the
  // server's rate limit on purpose).
  await childSection('Bulk actions', ['--import', 'tsx', 'bench/bulk.ts']);
  // Many tenants at once on the embedded database and on PostgreSQL (bench/load.mjs's header says how).
  await SECTIONS.load();
  await SECTIONS.rows();
}

const writeResults = section === undefined || argv.includes('--results');
if (writeResults) {
  results.write(RESULTS_FILE);
  console.log(`\nResults written to ${RESULTS_FILE}${section ? ` (the ${section} section only)` : ''}`);
}
if (results.failed) {
  console.error(`\n${results.failed} section(s) failed: see the output above${writeResults ? ` or ${RESULTS_FILE}` : ''}.`);
  process.exitCode = 1;
}
