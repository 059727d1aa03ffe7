/** The connection test and the usage statistics of one integration. */
import { Hono } from 'hono';
import { requirePermission } from '../auth/permissions.js';
import type { AppDeps, AppEnv } from '../context.js';
import { usageStats } from '../db/usage.js';
import { userOrigin } from '../events/origin.js';
import { testConnection } from '../oauth/connections.js';
import { UsageQuery, parseOrThrow } from '../validation.js';
import { findOwnIntegration } from './integrations.js';

export function diagnosticsRoutes(deps: AppDeps) {
  const app = new Hono<AppEnv>();

  // A test calls the provider, which counts against the quota: an owner's action.
  app.post('/:id/test', requirePermission('test'), async (c) => {
    const integration = await findOwnIntegration(deps, c);
    const result = await testConnection(deps, integration, userOrigin(c.get('principal')));
    deps.logger.info('connection tested', { integrationId: integration.id, tenantId: integration.tenant_id, ok: result.ok });
    c.header('Cache-Control', 'no-store');
    return c.json(result);
  });

  app.get('/:id/usage', async (c) => {
    const integration = await findOwnIntegration(deps, c);
    const { range } = parseOrThrow(UsageQuery, c.req.query(), 400);
    c.header('Cache-Control', 'no-store');
    return c.json(await usageStats(deps.db, integration.id, range, { limit: deps.config.dailyCallQuota }));
  });

  return app;
}
