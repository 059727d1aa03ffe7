/**
 * `npm run test:browser`: the browser suite in each engine, one after another (popups need the
 * focus to themselves). Chromium runs every file with coverage; Firefox ESR and WebKit run the
 * files engineFiles() below lists (see README.md, "Testing").
 *
 *   npm run test:browser                         every engine (Chromium, Firefox ESR, WebKit)
 *   npm run test:browser -- tests/core/x.test.ts  these files, in every engine
 *   BROWSERS=firefox,webkit npm run test:browser  only these engines
 *
 * Each engine's test server gets a port the kernel says is free (unless --port is given), so
 * `npm test`, which runs engines in two lanes at once (scripts/test-all.mjs), never races two
 * servers for web-test-runner's default port.
 *
 * An engine that is not installed fails the run in CI (CI=true). Elsewhere it is skipped with a
 * loud notice and the apt-get line: a developer without WebKit can still run the rest, and CI,
 * which installs every engine, is where a skip would hide something.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';

/**
 * Where other engines differ from Chromium the most: the popup flow and the redirect page, the
 * security suite's browser side, the script tag under its strict CSP, and every element test that
 * uses real input (clicks, keys, focus, dialogs, popups, viewport: it imports
 * @web/test-runner-commands). The rest (rendering, formatting, the API layer) runs in Chromium.
 */
export function engineFiles() {
  const interactive = readdirSync('tests/elements')
    .filter((name) => name.endsWith('.test.ts'))
    .map((name) => `tests/elements/${name}`)
    .filter((path) => readFileSync(path, 'utf8').includes("from '@web/test-runner-commands'"));
  return ['tests/core/oauth-*.test.ts', 'tests/security/browser/*.test.ts', 'tests/script-tag-csp/*.test.ts', ...interactive];
}

const ENGINES = {
  chromium: {
    label: 'Chromium',
    config: 'web-test-runner.config.mjs',
    installed: () => Boolean(process.env.CHROME_PATH) || ['/usr/bin/chromium', '/usr/bin/chromium-browser'].some(existsSync),
    apt: 'chromium',
    files: () => [],
  },
  firefox: {
    label: 'Firefox ESR',
    config: 'web-test-runner.firefox.mjs',
    installed: () => Boolean(process.env.FIREFOX_PATH) || ['/usr/bin/firefox-esr', '/usr/bin/firefox'].some(existsSync),
    apt: 'firefox-esr',
    files: engineFiles,
  },
  webkit: {
    label: 'WebKit',
    config: 'web-test-runner.webkit.mjs',
    installed: () => existsSync(process.env.WEBKIT_WEBDRIVER_PATH ?? '/usr/bin/WebKitWebDriver') && existsSync('/usr/bin/xvfb-run'),
    apt: 'webkit2gtk-driver xvfb',
    // WebKitGTK needs a display; xvfb-run gives it a virtual one.
    wrap: ['xvfb-run', '-a'],
    files: engineFiles,
  },
};

/** The engines a plain run uses. */
const DEFAULT_ENGINES = 'chromium,firefox,webkit';

/** A port the kernel says is free on loopback. */
async function freePort() {
  const server = createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const args = process.argv.slice(2);
const wanted = (process.env.BROWSERS ?? DEFAULT_ENGINES).split(',').map((name) => name.trim());
const unknown = wanted.filter((name) => !ENGINES[name]);
if (unknown.length) {
  console.error(`Unknown engine(s) in BROWSERS: ${unknown.join(', ')} (known: ${Object.keys(ENGINES).join(', ')}).`);
  process.exit(2);
}

const results = [];
for (const name of wanted) {
  const engine = ENGINES[name];
  if (!engine.installed()) {
    const hint = `${engine.label} is not installed: apt-get install -y ${engine.apt}`;
    if (process.env.CI) {
      console.error(`\n== ${hint}`);
      results.push({ name, status: 'missing' });
      continue;
    }
    console.warn(`\n${'!'.repeat(72)}\n!! SKIPPED ${engine.label}: ${hint}\n${'!'.repeat(72)}\n`);
    results.push({ name, status: 'skipped' });
    continue;
  }
  // Files named on the command line win over the engine's own list.
  const files = args.some((arg) => /\.ts$|\*/.test(arg)) ? [] : engine.files();
  const port = args.includes('--port') ? [] : ['--port', String(await freePort())];
  const command = [...(engine.wrap ?? []), 'npx', 'web-test-runner', '--config', engine.config, ...files, ...port, ...args];
  console.log(`\n== ${engine.label}: ${command.join(' ')}`);
  const started = Date.now();
  const run = spawnSync(command[0], command.slice(1), { stdio: 'inherit' });
  const seconds = Math.round((Date.now() - started) / 1000);
  results.push({ name, status: run.status === 0 ? 'passed' : 'failed', seconds });
}

console.log('\n== browser suite per engine');
for (const { name, status, seconds } of results) {
  console.log(`   ${ENGINES[name].label.padEnd(12)} ${status}${seconds === undefined ? '' : ` in ${seconds} s`}`);
}
process.exit(results.some((r) => r.status === 'failed' || r.status === 'missing') ? 1 : 0);
