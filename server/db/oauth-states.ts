/**
 * Pending authorization requests, in the database so the callback may reach another process than
 * the initiate did. Keyed by SHA-256(state); used once; ten minutes to live.
 */
import { sha256Base64Url } from '../crypto.js';
import type { Queryable } from './database.js';

export const STATE_TTL_MS = 10 * 60_000;

export interface PendingState {
  tenant_id: string;
  integration_id: string;
  code_challenge: string;
  redirect_uri: string;
  expires_at: Date;
  consumed_at: Date | null;
}

export async function savePendingState(
  db: Queryable,
  input: { state: string; tenantId: string; integrationId: string; codeChallenge: string; redirectUri: string },
): Promise<{ saved: boolean; expiresAt: Date }> {
  const now = new Date();
  const expiresAt = new Date(now.getTime() + STATE_TTL_MS);
  const rows = await db.query(
    `INSERT INTO oauth_states (state_hash, tenant_id, integration_id, code_challenge, redirect_uri, created_at, expires_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (state_hash) DO NOTHING RETURNING state_hash`,
    [sha256Base64Url(input.state), input.tenantId, input.integrationId, input.codeChallenge, input.redirectUri, now, expiresAt],
  );
  // Old rows are only kept to recognise a replay for a while; drop them as new ones arrive.
  await db.query(`DELETE FROM oauth_states WHERE expires_at < now() - interval '1 day'`);
  return { saved: rows.length > 0, expiresAt };
}

export async function findPendingState(db: Queryable, state: string): Promise<PendingState | undefined> {
  const rows = await db.query<PendingState>(
    'SELECT tenant_id, integration_id, code_challenge, redirect_uri, expires_at, consumed_at FROM oauth_states WHERE state_hash = $1',
    [sha256Base64Url(state)],
  );
  return rows[0];
}

/** Marks the state used. False when another request used it first (a replay, or a race). */
export async function consumePendingState(db: Queryable, state: string): Promise<boolean> {
  const rows = await db.query(
    'UPDATE oauth_states SET consumed_at = now() WHERE state_hash = $1 AND consumed_at IS NULL RETURNING state_hash',
    [sha256Base64Url(state)],
  );
  return rows.length > 0;
}
