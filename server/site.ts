/**
 * The demo site around the API on the same origin: demo/ (the host page), dist/ (the built
 * library), the ready redirect page /oauth-callback.html, and the old route
 * /tenant/integrations → /integrations.
 *
 * The host page is one document for two views: the list (/integrations) and one integration's
 * details (/integrations/<id>), so a details link can be bookmarked or reloaded. Its assets load
 * from absolute paths, which is what lets the same file answer at both depths.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import type { Context, Hono } from 'hono';
import type { AppEnv } from './context.js';

/** The shape of an integration id in a details link; anything else is no page of ours. */
export const INTEGRATION_ID_PATTERN = /^[A-Za-z0-9_-]{1,100}$/;

export function mountSite(app: Hono<AppEnv>, rootDir: string): void {
  const demo = join(rootDir, 'demo');
  const dist = join(rootDir, 'dist');
  const page = (path: string) => serveStatic<AppEnv>({ path });
  const hostPage = page(join(demo, 'index.html'));

  app.get('/', (c) => c.redirect('/integrations', 302));
  // One canonical address per view: a trailing slash, or the old route, answers with a single
  // permanent redirect to it (never a chain), keeping the query (the session and deep-link options).
  app.get('/tenant/integrations', (c) => redirectKeepingQuery(c, '/integrations'));
  app.get('/tenant/integrations/', (c) => redirectKeepingQuery(c, '/integrations'));
  app.get('/integrations/', (c) => redirectKeepingQuery(c, '/integrations'));
  app.get('/integrations/:id/', knownIdShape, (c) => redirectKeepingQuery(c, c.req.path.slice(0, -1)));
  app.get('/integrations', noStore, hostPage);
  app.get('/integrations/:id', knownIdShape, noStore, hostPage);
  app.get('/demo/*', serveStatic<AppEnv>({ root: demo, rewriteRequestPath: (p) => p.replace(/^\/demo/, '') }));
  app.get('/dist/*', serveStatic<AppEnv>({ root: dist, rewriteRequestPath: (p) => p.replace(/^\/dist/, '') }));

  // The redirect page refers to its script and chunks relatively, so those live at the root too.
  app.get(
    '/oauth-callback.html',
    noStore,
    async (c, next) => {
      c.header('Referrer-Policy', 'no-referrer');
      await next();
    },
    page(join(dist, 'oauth-callback.html')),
  );
  app.get('/oauth-callback.js', serveStatic<AppEnv>({ root: dist }));
  app.get('/oauth-callback.js.map', serveStatic<AppEnv>({ root: dist }));
  app.get('/chunks/*', serveStatic<AppEnv>({ root: dist }));

  if (!existsSync(join(dist, 'oauth-callback.html'))) {
    app.get('/oauth-callback.html', (c) => c.text('dist/ is missing: run `npm run build` (npm start does it for you).', 503));
  }
}

/** A details link whose id cannot be an integration's is a 404 here, not a page that then says "not found". */
const knownIdShape = async (c: Context<AppEnv>, next: () => Promise<void>) => {
  if (!INTEGRATION_ID_PATTERN.test(c.req.param('id') ?? '')) return c.notFound();
  await next();
};

function redirectKeepingQuery(c: Context<AppEnv>, path: string): Response {
  return c.redirect(`${path}${new URL(c.req.url).search}`, 301);
}

const noStore = async (c: { header: (name: string, value: string) => void }, next: () => Promise<void>) => {
  c.header('Cache-Control', 'no-store');
  await next();
};
