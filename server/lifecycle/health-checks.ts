/**
 * Scheduled health checks: the connection test (testConnection, the same path as
 * POST /api/integrations/{id}/test) for every connected integration not tested within the interval.
 * Claimed like refreshes (SKIP LOCKED, a lease on the integration row), so two processes do not
 * test one integration twice in one interval.
 */
import type { AppDeps } from '../context.js';
import type { Queryable } from '../db/database.js';
import { findIntegration } from '../db/integrations.js';
import { ApiError } from '../errors.js';
import { testConnection } from '../oauth/connections.js';

export async function claimDueHealthChecks(
  db: Queryable,
  input: { now: Date; intervalMs: number; leaseMs: number; limit: number },
): Promise<Array<{ id: string; tenantId: string }>> {
  const rows = await db.query<{ id: string; tenant_id: string }>(
    `WITH due AS (
       SELECT i.id FROM integrations i JOIN integration_tokens t ON t.integration_id = i.id
       WHERE i.status <> 'disabled'
         AND (i.last_health_check IS NULL OR i.last_health_check <= $1)
         AND (i.health_lease_until IS NULL OR i.health_lease_until < $2)
       ORDER BY i.last_health_check NULLS FIRST, i.id
       LIMIT $4
       FOR UPDATE OF i SKIP LOCKED
     )
     UPDATE integrations i SET health_lease_until = $3 FROM due WHERE i.id = due.id
     RETURNING i.id, i.tenant_id`,
    [new Date(input.now.getTime() - input.intervalMs), input.now, new Date(input.now.getTime() + input.leaseMs), input.limit],
  );
  return rows.map((row) => ({ id: row.id, tenantId: row.tenant_id }));
}

/** Runs the connection test of one claimed integration and gives the lease back. */
export async function runHealthCheck(deps: AppDeps, claim: { id: string; tenantId: string }): Promise<'tested' | 'skipped'> {
  try {
    const integration = await findIntegration(deps.db, claim.tenantId, claim.id);
    if (!integration) return 'skipped';
    const result = await testConnection(deps, integration);
    if (!result.ok) deps.logger.info('scheduled health check failed', { integrationId: claim.id, tenantId: claim.tenantId });
    return 'tested';
  } catch (error) {
    // Out of today's provider calls (429): the next interval tries again.
    if (error instanceof ApiError && error.status < 500) return 'skipped';
    throw error;
  } finally {
    await deps.db.query('UPDATE integrations SET health_lease_until = NULL WHERE id = $1', [claim.id]);
  }
}
