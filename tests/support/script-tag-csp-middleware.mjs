/**
 * The script-tag portal (tests/script-tag/public) inside the browser suite, so it runs in every
 * engine: tests/script-tag/script-tag.test.mjs drives it with playwright-core, which can drive
 * Debian's Chromium but not Debian's Firefox or WebKitGTK (it needs its own patched builds).
 *
 *   /csp-portal/<run>/             the portal page, its API pointed at /fake-api/<run>/ok
 *   /csp-portal/<run>/dist/<file>  the built package (npm run build)
 *   /csp-portal/<run>/<file>       the portal's files, and the package's redirect page
 *   POST /csp-portal/<run>/__report   where the browser reports CSP violations (report-uri)
 *   GET  /csp-portal/<run>/__reports  what it reported
 *
 * Every answer carries the portal's strict CSP (tests/script-tag/csp.mjs) plus the report-uri.
 */
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, resolve } from 'node:path';
import { CSP } from '../script-tag/csp.mjs';

const ROOT = resolve(import.meta.dirname, '../..');
const DIST = join(ROOT, 'dist');
const PUBLIC = join(ROOT, 'tests/script-tag/public');
const TYPES = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.map': 'application/json',
};

const reports = new Map();

async function fileUnder(base, relative) {
  const path = normalize(join(base, relative));
  if (!path.startsWith(base + '/')) return undefined;
  try {
    return { path, body: await readFile(path) };
  } catch {
    return undefined;
  }
}

async function readBody(req) {
  let text = '';
  for await (const chunk of req) text += chunk;
  return text;
}

export function scriptTagCspMiddleware() {
  return async function scriptTagCsp(ctx, next) {
    const match = ctx.path.match(/^\/csp-portal\/([\w-]+)\/(.*)$/);
    if (!match) return next();
    const [, run, rest] = match;
    const prefix = `/csp-portal/${run}/`;
    if (rest === '__report' && ctx.method === 'POST') {
      const list = reports.get(run) ?? [];
      list.push(JSON.parse((await readBody(ctx.req)) || '{}'));
      reports.set(run, list);
      ctx.status = 204;
      return;
    }
    if (rest === '__reports') {
      ctx.set('Content-Type', 'application/json');
      ctx.body = JSON.stringify(reports.get(run) ?? []);
      return;
    }
    ctx.set('Content-Security-Policy', `${CSP}; report-uri ${prefix}__report`);
    let found;
    if (rest === '' || rest === 'index.html') {
      const page = await readFile(join(PUBLIC, 'index.html'), 'utf8');
      // The same page, under this run's prefix, its API the scripted one (three integrations).
      const body = page
        .replace(/(src|href)="\//g, `$1="${prefix}`)
        .replace('data-api-base-url="/api"', `data-api-base-url="/fake-api/${run}/ok"`);
      found = { path: 'index.html', body };
    } else if (rest.startsWith('dist/')) {
      found = await fileUnder(DIST, rest.slice('dist/'.length));
      if (!found && rest.endsWith('.iife.js')) {
        ctx.status = 500;
        ctx.body = `${rest} is missing: npm run build`;
        return;
      }
    } else {
      found = (await fileUnder(PUBLIC, rest)) ?? (await fileUnder(DIST, rest));
    }
    if (!found) {
      ctx.status = 404;
      return;
    }
    ctx.set('Content-Type', TYPES[extname(found.path)] ?? 'application/octet-stream');
    ctx.body = found.body;
  };
}
