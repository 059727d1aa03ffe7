// Shared by the Node-side browser tests (tests/stories, tests/script-tag): Debian's Chromium
// through playwright-core, a tiny static file server, and axe-core injected into a page.
import { execFileSync } from 'node:child_process';
import { createServer } from 'node:http';
import { existsSync, statSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { newest } from '../../scripts/ensure-dist.mjs';

const require = createRequire(import.meta.url);
const root = resolve(import.meta.dirname, '../..');
export const storybookStatic = join(root, 'storybook-static');

/**
 * Builds the static Storybook when storybook-static/ is missing or older than what it is built
 * from (src/, stories/, .storybook/). SKIP_STORYBOOK_BUILD=1 uses whatever is there.
 */
export function ensureStorybookBuilt() {
  const indexFile = join(storybookStatic, 'index.json');
  const built = existsSync(indexFile) ? statSync(indexFile).mtimeMs : 0;
  if (process.env.SKIP_STORYBOOK_BUILD === '1' && built) return;
  const inputs = ['src', 'stories', '.storybook', 'custom-elements-manifest.config.mjs', 'tests/support/fixtures.js', 'package-lock.json'];
  const sources = Math.max(...inputs.map((input) => newest(join(root, input))));
  if (built > sources) return;
  const started = Date.now();
  execFileSync('npm', ['run', '--silent', 'build-storybook'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  console.log(`# storybook built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

export { launchChromium } from '../support/chromium.mjs';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

/**
 * Serves files under `mounts` on 127.0.0.1 and a free port: { '/prefix/': '/abs/dir' }, or
 * [['/prefix/', dir], …] when several directories share a prefix (the first that has the file wins).
 * `handle(req, res, url)` runs first and may answer (return true); `headers(url)` adds headers to
 * every file answer (a CSP, for instance).
 */
export async function serve({ mounts, handle, headers = () => ({}), cache = false }) {
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    try {
      if (handle && (await handle(req, res, url))) return;
      // Browsers ask for it on their own; a 404 would show up as a console error.
      if (url.pathname === '/favicon.ico') {
        res.writeHead(204);
        res.end();
        return;
      }
      for (const [prefix, dir] of Array.isArray(mounts) ? mounts : Object.entries(mounts)) {
        if (!url.pathname.startsWith(prefix)) continue;
        const relative = decodeURIComponent(url.pathname.slice(prefix.length)) || 'index.html';
        const root = resolve(dir);
        const file = normalize(join(root, relative));
        if (file !== root && !file.startsWith(root + sep)) break;
        const info = await stat(file).catch(() => undefined);
        if (!info?.isFile()) continue;
        res.writeHead(200, {
          'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream',
          // Hashed bundles may be cached (V8 then reuses compiled code across page loads).
          'Cache-Control': cache && /\/assets\/|\/sb-/.test(url.pathname) ? 'public, max-age=3600, immutable' : 'no-cache',
          ...headers(url),
        });
        res.end(await readFile(file));
        return;
      }
      res.writeHead(404, { 'Content-Type': 'text/plain' });
      res.end('not found');
    } catch (error) {
      res.writeHead(500, { 'Content-Type': 'text/plain' });
      res.end(String(error));
    }
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address();
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () => new Promise((ok) => server.close(() => ok())),
    server,
  };
}

/** axe-core's source, to inject with page.addScriptTag / evaluate. */
export async function axeSource() {
  return readFile(require.resolve('axe-core/axe.min.js'), 'utf8');
}

/**
 * Runs axe in `frame` on `selector` (shadow roots included) and returns the violations, each as
 * "rule-id (impact): help — targets".
 */
export async function axeViolations(frame, selector, source, options = {}) {
  const hasAxe = await frame.evaluate(() => typeof window.axe === 'object');
  if (!hasAxe) await frame.evaluate(source);
  const violations = await frame.evaluate(
    async ({ selector, options }) => {
      const result = await window.axe.run(document.querySelector(selector) ?? document, options);
      return result.violations.map((v) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        targets: v.nodes.slice(0, 3).map((n) => JSON.stringify(n.target)),
      }));
    },
    { selector, options },
  );
  return violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.targets.join(', ')}`);
}
