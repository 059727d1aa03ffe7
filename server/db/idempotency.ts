/** Idempotency-Key for creates: the same key from the same tenant answers the same integration. */
import type { Queryable } from './database.js';

export interface IdempotencyRecord {
  integration_id: string;
  request_hash: string;
}

export async function findIdempotencyKey(db: Queryable, tenantId: string, key: string): Promise<IdempotencyRecord | undefined> {
  const rows = await db.query<IdempotencyRecord>(
    'SELECT integration_id, request_hash FROM idempotency_keys WHERE tenant_id = $1 AND key = $2',
    [tenantId, key],
  );
  return rows[0];
}

/** False when the key was taken meanwhile (a concurrent retry won). */
export async function saveIdempotencyKey(
  db: Queryable,
  tenantId: string,
  key: string,
  requestHash: string,
  integrationId: string,
): Promise<boolean> {
  const rows = await db.query(
    `INSERT INTO idempotency_keys (tenant_id, key, request_hash, integration_id, created_at) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (tenant_id, key) DO NOTHING RETURNING key`,
    [tenantId, key, requestHash, integrationId, new Date()],
  );
  return rows.length > 0;
}
