/** Token refresh on demand and the token health report. */
import { Hono } from 'hono';
import type { TokenHealth } from '../../src/core/types.js';
import { requirePermission } from '../auth/permissions.js';
import type { AppDeps, AppEnv } from '../context.js';
import { findTokenRow, refreshHistory } from '../db/tokens.js';
import { userOrigin } from '../events/origin.js';
import { refreshIntegration, reload } from '../oauth/connections.js';
import { findOwnIntegration, integrationResponse } from './integrations.js';

export function tokenRoutes(deps: AppDeps) {
  const app = new Hono<AppEnv>();

  app.post('/:id/tokens/refresh', requirePermission('refresh'), async (c) => {
    const integration = await findOwnIntegration(deps, c);
    await refreshIntegration(deps, integration, userOrigin(c.get('principal'), c.req.header('X-Refresh-Trigger')));
    deps.logger.info('token refreshed', { integrationId: integration.id, tenantId: integration.tenant_id });
    return integrationResponse(c, await reload(deps, integration.tenant_id, integration.id));
  });

  app.get('/:id/tokens/health', async (c) => {
    const integration = await findOwnIntegration(deps, c);
    const row = await findTokenRow(deps.db, integration.id);
    const history = await refreshHistory(deps.db, integration.id);
    const health: TokenHealth = {
      integrationId: integration.id,
      tokenStatus: integration.token_status,
      expiresAt: row?.expires_at ? new Date(row.expires_at).toISOString() : null,
      scopes: row?.scopes ? row.scopes.split(' ') : [],
      lastRefreshAt: row?.last_refresh_at ? new Date(row.last_refresh_at).toISOString() : null,
      failureCount: row?.failure_count ?? 0,
      refreshHistory: history.map((event) => ({
        at: new Date(event.at).toISOString(),
        ok: event.ok,
        ...(event.error ? { error: event.error } : {}),
      })),
    };
    c.header('Cache-Control', 'no-store');
    return c.json(health);
  });

  return app;
}
