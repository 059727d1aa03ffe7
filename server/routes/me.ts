/** GET /api/me: who the caller is and what the permission table lets them do (the UI offers only that). */
import { Hono } from 'hono';
import { permissionsOf } from '../auth/permissions.js';
import type { AppEnv } from '../context.js';

export function meRoute() {
  const app = new Hono<AppEnv>();
  app.get('/', (c) => {
    const { tenantId, sub, role } = c.get('principal');
    c.header('Cache-Control', 'no-store');
    return c.json({ tenant: { id: tenantId }, user: { id: sub }, role, permissions: permissionsOf(role) });
  });
  return app;
}
