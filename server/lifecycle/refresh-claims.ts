/**
 * The refresh lease, as the worker takes and gives it back. Due rows are claimed with
 * `SELECT … FOR UPDATE SKIP LOCKED` in one short statement that also sets the lease, so two
 * processes (or two workers in one) never claim the same row; the provider is called outside any
 * transaction; the result is written only while the lease is still the one this claim set.
 */
import type { IntegrationStatus } from '../../src/core/types.js';
import type { Queryable } from '../db/database.js';
import type { StoredTokenRow } from '../db/tokens.js';

export interface RefreshClaim {
  row: StoredTokenRow;
  tenantId: string;
  cloudProviderId: string;
  status: IntegrationStatus;
  /** Who holds the lease and until when: the write checks both. */
  owner: string;
  leaseUntil: Date;
  /**
   * The row still carried a lease that had run out: whoever held it stopped before writing a result
   * (a killed process). It may have spent the refresh token already.
   */
  interrupted: boolean;
}

interface ClaimedRow extends StoredTokenRow {
  previous_lease: Date | null;
  tenant_id: string;
  cloud_provider_id: string;
  integration_status: IntegrationStatus;
}

/** Claims up to `limit` tokens whose refresh is due at `now`, for `leaseMs`. */
export async function claimDueRefreshes(
  db: Queryable,
  input: { owner: string; now: Date; leaseMs: number; limit: number },
): Promise<RefreshClaim[]> {
  const leaseUntil = new Date(input.now.getTime() + input.leaseMs);
  const rows = await db.query<ClaimedRow>(
    `WITH due AS (
       SELECT t.integration_id, t.refresh_lease_until AS previous_lease,
         i.tenant_id, i.cloud_provider_id, i.status AS integration_status
       FROM integration_tokens t JOIN integrations i ON i.id = t.integration_id
       WHERE t.refresh_token_enc IS NOT NULL
         -- Disabled is paused, as in the browser's scheduler: no provider calls until enabled again.
         AND i.status <> 'disabled'
         -- The same lead time as everywhere: the token's expiring_at (its last quarter, at most 5 min).
         AND t.expiring_at IS NOT NULL AND t.expiring_at <= $1
         AND (t.refresh_lease_until IS NULL OR t.refresh_lease_until < $1)
         AND (t.failure_count = 0 OR t.refresh_not_before IS NULL OR t.refresh_not_before <= $1)
         AND t.refresh_stopped_for IS DISTINCT FROM t.obtained_at
       ORDER BY t.expiring_at
       LIMIT $4
       FOR UPDATE OF t SKIP LOCKED
     )
     UPDATE integration_tokens t SET refresh_lease_until = $2, refresh_lease_owner = $3
     FROM due WHERE t.integration_id = due.integration_id
     RETURNING t.*, due.previous_lease, due.tenant_id, due.cloud_provider_id, due.integration_status`,
    [input.now, leaseUntil, input.owner, input.limit],
  );
  return rows.map(({ previous_lease, tenant_id, cloud_provider_id, integration_status, ...row }) => ({
    row,
    tenantId: tenant_id,
    cloudProviderId: cloud_provider_id,
    status: integration_status,
    owner: input.owner,
    leaseUntil,
    interrupted: previous_lease !== null,
  }));
}

/**
 * Inside the writing transaction: locks the row and says whether the lease is still this claim's.
 * False when it ran out and someone else took the row (their result wins; ours is dropped).
 */
export async function stillHoldsLease(tx: Queryable, claim: RefreshClaim): Promise<boolean> {
  const rows = await tx.query(
    `SELECT 1 FROM integration_tokens
     WHERE integration_id = $1 AND refresh_lease_owner = $2 AND refresh_lease_until = $3 FOR UPDATE`,
    [claim.row.integration_id, claim.owner, claim.leaseUntil],
  );
  return rows.length > 0;
}

/** After a successful refresh: no backoff, no stop, no owner. */
export async function clearRefreshMarks(tx: Queryable, integrationId: string): Promise<void> {
  await tx.query(
    `UPDATE integration_tokens SET refresh_lease_owner = NULL, refresh_not_before = NULL,
       refresh_stopped_for = NULL, refresh_stopped_reason = NULL
     WHERE integration_id = $1`,
    [integrationId],
  );
}

/** A transient failure: try again at `notBefore`. */
export async function backOffRefresh(tx: Queryable, integrationId: string, notBefore: Date): Promise<void> {
  await tx.query(
    'UPDATE integration_tokens SET refresh_lease_owner = NULL, refresh_lease_until = NULL, refresh_not_before = $2 WHERE integration_id = $1',
    [integrationId, notBefore],
  );
}

/** The provider refused the grant: no more tries for this token, until a reconnect replaces it. */
export async function stopRefreshing(tx: Queryable, integrationId: string, reason: string): Promise<void> {
  await tx.query(
    `UPDATE integration_tokens SET refresh_lease_owner = NULL, refresh_lease_until = NULL,
       refresh_stopped_for = obtained_at, refresh_stopped_reason = $2
     WHERE integration_id = $1`,
    [integrationId, reason],
  );
}

/** Hands a claim back untouched (the refresh token was not spent). */
export async function releaseClaim(db: Queryable, claim: RefreshClaim): Promise<void> {
  await db.query(
    `UPDATE integration_tokens SET refresh_lease_owner = NULL, refresh_lease_until = NULL
     WHERE integration_id = $1 AND refresh_lease_owner = $2 AND refresh_lease_until = $3`,
    [claim.row.integration_id, claim.owner, claim.leaseUntil],
  );
}
