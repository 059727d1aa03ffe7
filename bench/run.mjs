// `npm run bench`: bundle sizes (scripts/size.mjs when present), browser figures measured in
// Debian's Chromium (bench/browser-bench.ts), bulk actions (bench/bulk.ts) and the server under
// load on both databases (bench/load.mjs, about five minutes). Prints tables; figures are not
// asserted anywhere. `npm run bench -- load [--seconds 10 --tenants 50 …]` runs only the load part.
import { build } from 'esbuild';
import { createServer } from 'node:http';
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { launchChromium } from '../tests/support/chromium.mjs';

const [section, ...sectionArgs] = process.argv.slice(2);
if (section === 'load') {
  const { status } = spawnSync(process.execPath, ['bench/load.mjs', ...sectionArgs], { stdio: 'inherit' });
  process.exit(status ?? 1);
}
// `npm run bench -- lifecycle [--integrations 1000 …]`: two server processes refreshing on one PostgreSQL.
if (section === 'lifecycle') {
  const { status } = spawnSync(process.execPath, ['--import', 'tsx', 'bench/refresh-lifecycle.mjs', ...sectionArgs], { stdio: 'inherit' });
  process.exit(status ?? 1);
}

// `npm run bench -- scroll [pairs]`: only the list's scroll frames against a minimal window (bench/scroll.ts).
const scrollOnly = section === 'scroll';
if (!scrollOnly && section !== 'data' && existsSync('scripts/size.mjs'))
  spawnSync(process.execPath, ['scripts/size.mjs', '--report'], { stdio: 'inherit' });

const bundle = await build({
  entryPoints: [section === 'data' ? 'bench/data-and-badges.ts' : scrollOnly ? 'bench/scroll.ts' : 'bench/browser-bench.ts'],
  bundle: true,
  format: 'esm',
  write: false,
  minify: true,
  tsconfig: 'tsconfig.json',
  // The package's sideEffects list names dist/ files; from src every define module must stay.
  ignoreAnnotations: true,
});
const script = bundle.outputFiles[0].text;
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
  page.on('pageerror', (error) => console.error('page error:', error.message));
  page.on('crash', () => console.error('page crashed'));
  await page.goto(`http://127.0.0.1:${server.address().port}/${scrollOnly ? `?pairs=${sectionArgs[0] ?? 7}` : ''}`);
  const figures = await page.evaluate(() => window.__bench);
  console.log('\nBrowser figures (Chromium, headless, this machine):');
  for (const [name, value] of Object.entries(figures)) console.log(`  ${name.padEnd(58)} ${value}`);
} finally {
  await browser.close();
  server.close();
}
if (scrollOnly) process.exit(0);
// `npm run bench -- data`: only the data path and the badges (bench/data-and-badges.ts); the full run includes it.
if (section === 'data') process.exit(0);
spawnSync(process.execPath, ['bench/run.mjs', 'data'], { stdio: 'inherit' });

// Bulk actions against a counting fake API and the reference server (about a minute: it waits out
// the server's rate limit on purpose).
spawnSync(process.execPath, ['--import', 'tsx', 'bench/bulk.ts'], { stdio: 'inherit' });

// Many tenants at once on the embedded database and on PostgreSQL (bench/load.mjs; its header says how).
spawnSync(process.execPath, ['bench/load.mjs'], { stdio: 'inherit' });
