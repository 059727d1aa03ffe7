/**
 * The demo site around the API on the same origin: demo/ (the host page), dist/ (the built
 * library), the ready redirect page /oauth-callback.html, and the old route
 * /tenant/integrations → /integrations.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import type { Hono } from 'hono';
import type { AppEnv } from './context.js';

export function mountSite(app: Hono<AppEnv>, rootDir: string): void {
  const demo = join(rootDir, 'demo');
  const dist = join(rootDir, 'dist');
  const page = (path: string) => serveStatic<AppEnv>({ path });

  app.get('/', (c) => c.redirect('/integrations', 302));
  app.get('/tenant/integrations', (c) => {
    const query = new URL(c.req.url).search;
    return c.redirect(`/integrations${query}`, 301);
  });
  app.get('/integrations', noStore, page(join(demo, 'index.html')));
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

const noStore = async (c: { header: (name: string, value: string) => void }, next: () => Promise<void>) => {
  c.header('Cache-Control', 'no-store');
  await next();
};
