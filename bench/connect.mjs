// `npm run bench -- connect`: from the click on <oauth-button> to the sign-in window asking for the
// provider's authorize URL, against a plain button whose click handler only calls window.open()
// with that URL (what no sign-in can beat), in one Chromium, runs alternating (ABAB…).
//
// Ours does what a real Connect does in between: opens the window in the click, loads the sign-in
// flow (its first click only, in a real build; bundled here), makes the PKCE pair, asks the API's
// initiate (answered at once by this script's server) and sends the window on. Both spans start
// just before the mouse click is sent and end when the authorize request reaches this script's
// server, so the input's and the request's transport count the same in both.
//
//   node bench/connect.mjs [--pairs 15]
import { createServer } from 'node:http';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { launchChromium } from '../tests/support/chromium.mjs';
import { bundlePage } from './bundle-page.mjs';

const { values: args } = parseArgs({ args: process.argv.slice(2), options: { pairs: { type: 'string', default: '15' } } });
const PAIRS = Number(args.pairs);

const script = await bundlePage('bench/connect-page.ts');

let authorized;
const server = createServer((req, res) => {
  const url = new URL(req.url, 'http://127.0.0.1');
  if (url.pathname === '/bench.js') return res.writeHead(200, { 'Content-Type': 'text/javascript' }).end(script);
  if (url.pathname === '/authorize') {
    authorized?.(performance.now());
    return res.writeHead(200, { 'Content-Type': 'text/html' }).end('<!doctype html><title>Authorize</title><h1>Authorize</h1>');
  }
  if (url.pathname.endsWith('/oauth/initiate') && req.method === 'POST') {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      const { state, codeChallenge } = JSON.parse(body);
      const origin = `http://${req.headers.host}`;
      res.writeHead(200, { 'Content-Type': 'application/json' }).end(
        JSON.stringify({
          authorizationUrl: `${origin}/authorize?state=${encodeURIComponent(state)}&code_challenge=${encodeURIComponent(codeChallenge)}`,
          expiresAt: new Date(Date.now() + 600_000).toISOString(),
        }),
      );
    });
    return;
  }
  if (url.pathname.startsWith('/api/'))
    return res.writeHead(404, { 'Content-Type': 'application/json' }).end('{"error":{"code":"not_found","message":"none"}}');
  res
    .writeHead(200, { 'Content-Type': 'text/html' })
    .end('<!doctype html><meta charset="utf-8"><body><script type="module" src="/bench.js"></script>');
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const round = (value, digits = 2) => +value.toFixed(digits);
const range = (values) => `${round(median(values))} (${round(Math.min(...values))}–${round(Math.max(...values))})`;

const browser = await launchChromium();
try {
  const context = await browser.newContext({ viewport: { width: 1000, height: 700 } });
  const page = await context.newPage();
  await page.goto(`http://127.0.0.1:${server.address().port}/`);
  await page.waitForFunction(
    () => customElements.get('oauth-button') && document.querySelector('#ours')?.shadowRoot?.querySelector('button'),
  );
  // Measured before each click (outside the span): the button's label changes its width.
  const centre = async (id) => {
    // Ours: its own button (after a closed window it says why beside it, and offers Try again).
    const box = await page
      .locator(id === 'ours' ? '#ours button' : '#base')
      .first()
      .boundingBox();
    return [box.x + box.width / 2, box.y + box.height / 2];
  };

  /** Clicks `id` and resolves with the ms until the authorize request arrives; closes the window after. */
  async function once(id) {
    const arrived = new Promise((resolve) => (authorized = resolve));
    const popup = context.waitForEvent('page');
    const point = await centre(id);
    const t0 = performance.now();
    await page.mouse.click(...point);
    const ms = (await arrived) - t0;
    const window = await popup;
    await window.close();
    // Ours notices the closed window and goes back to idle before the next run.
    if (id === 'ours') await page.waitForFunction(() => document.querySelector('#ours').status !== 'connecting');
    return ms;
  }

  const ours = [];
  const base = [];
  for (let pair = 0; pair <= PAIRS; pair++) {
    const a = await once('ours');
    const b = await once('base');
    if (pair === 0) continue; // the first Connect also compiles the flow: a warm-up
    ours.push(a);
    base.push(b);
  }
  const ratios = ours.map((value, i) => value / base[i]);
  const rows = [
    ['pairs (ABAB, after a warm-up pair)', PAIRS],
    ['ours: click → authorize request, ms', range(ours)],
    ['window.open alone: click → authorize request, ms', range(base)],
    ['ours ÷ window.open alone', `${range(ratios)}, ${ratios.length} pairs`],
    ['ours minus window.open alone (median of pairs), ms', round(median(ours.map((value, i) => value - base[i])))],
  ];
  console.log('\nClick → the sign-in window at the provider’s authorize URL (Chromium, headless, this machine):');
  for (const [name, value] of rows) console.log(`  ${String(name).padEnd(54)} ${value}`);
  console.log(`BENCH_JSON ${JSON.stringify(Object.fromEntries(rows))}`);
} finally {
  await browser.close();
  server.close();
}
