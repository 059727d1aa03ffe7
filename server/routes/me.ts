/**
 * GET /api/me: who the caller is, what the permission table lets them do (the UI offers only that),
 * and which features this server has beyond the basic contract (a client without them polls).
 */
import { Hono } from 'hono';
import type { ApiFeatures } from '../../src/core/types.js';
import { permissionsOf } from '../auth/permissions.js';
import type { AppDeps, AppEnv } from '../context.js';

export function meRoute(deps: Pick<AppDeps, 'config'>) {
  const app = new Hono<AppEnv>();
  const features: ApiFeatures = {
    events: true,
    // Whether the background token-refresh worker runs (server/lifecycle/): SERVER_REFRESH, on unless
    // turned off; a config object that does not say (the tests') runs no worker, so says false.
    serverRefresh: (deps.config as { serverRefresh?: boolean | undefined }).serverRefresh === true,
  };
  app.get('/', (c) => {
    const { tenantId, sub, role } = c.get('principal');
    c.header('Cache-Control', 'no-store');
    return c.json({ tenant: { id: tenantId }, user: { id: sub }, role, permissions: permissionsOf(role), features });
  });
  return app;
}
