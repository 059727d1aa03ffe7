/**
 * The background worker's changes as history and stream events, with the server as the actor:
 * the seam server/lifecycle/ calls inside its own transactions (the shape of its LifecycleEvents).
 * The worker has already moved the status when it calls, so no health_changed is derived here.
 */
import type { Queryable } from '../db/database.js';
import { recordRefreshOutcome } from '../oauth/connections.js';
import { SERVER_ORIGIN } from './origin.js';

export const workerEvents = {
  async refreshed(tx: Queryable, input: { tenantId: string; integrationId: string }): Promise<void> {
    await recordRefreshOutcome(tx, { id: input.integrationId, tenant_id: input.tenantId, status: 'active' }, SERVER_ORIGIN, { ok: true });
  },
  async refreshFailed(tx: Queryable, input: { tenantId: string; integrationId: string; reason: string; revoked: boolean }): Promise<void> {
    await recordRefreshOutcome(tx, { id: input.integrationId, tenant_id: input.tenantId, status: 'error' }, SERVER_ORIGIN, {
      ok: false,
      reason: input.reason,
      revoked: input.revoked,
    });
  },
};
