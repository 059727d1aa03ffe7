/**
 * The provider tokens of an integration, stored encrypted (TokenCipher) and decrypted only for the
 * moment a provider call needs them.
 */
import type { TokenCipher } from '../crypto.js';
import type { TokenSet } from '../oauth/provider-client.js';
import type { Queryable } from './database.js';

export interface StoredTokenRow {
  integration_id: string;
  access_token_enc: string;
  refresh_token_enc: string | null;
  token_type: string;
  scopes: string;
  subject: string | null;
  expires_at: Date | null;
  obtained_at: Date;
  last_refresh_at: Date | null;
  failure_count: number;
  last_error: string | null;
}

export interface ProviderTokens {
  accessToken: string;
  refreshToken: string | null;
  scopes: string[];
  subject: string | null;
  expiresAt: Date | null;
}

/** A token counts as `expiring` for its last quarter of life, at most its last five minutes. */
export function expiringAt(obtainedAt: Date, expiresAt: Date | null): Date | null {
  if (!expiresAt) return null;
  const lifetime = expiresAt.getTime() - obtainedAt.getTime();
  return new Date(expiresAt.getTime() - Math.min(5 * 60_000, lifetime / 4));
}

export async function findTokenRow(db: Queryable, integrationId: string): Promise<StoredTokenRow | undefined> {
  const rows = await db.query<StoredTokenRow>('SELECT * FROM integration_tokens WHERE integration_id = $1', [integrationId]);
  return rows[0];
}

export function decryptTokens(cipher: TokenCipher, row: StoredTokenRow): ProviderTokens {
  return {
    accessToken: cipher.decrypt(row.access_token_enc, row.integration_id),
    refreshToken: row.refresh_token_enc ? cipher.decrypt(row.refresh_token_enc, row.integration_id) : null,
    scopes: row.scopes ? row.scopes.split(' ') : [],
    subject: row.subject,
    expiresAt: row.expires_at,
  };
}

/**
 * Stores a token response. A refresh answer without a refresh token keeps the old one (the provider
 * did not rotate); one with a new token replaces it (rotation: the old one is now spent).
 */
export async function saveTokens(
  db: Queryable,
  cipher: TokenCipher,
  integrationId: string,
  tokens: TokenSet,
  options: { requestedScopes: string[]; refreshed: boolean },
): Promise<void> {
  const now = new Date();
  const expiresAt = tokens.expiresIn !== undefined ? new Date(now.getTime() + tokens.expiresIn * 1000) : null;
  const scopes = tokens.scope ?? options.requestedScopes.join(' ');
  await db.query(
    `INSERT INTO integration_tokens (integration_id, access_token_enc, refresh_token_enc, token_type, scopes, subject,
       expires_at, expiring_at, obtained_at, last_refresh_at, failure_count, last_error, refresh_lease_until)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 0, NULL, NULL)
     ON CONFLICT (integration_id) DO UPDATE SET
       access_token_enc = EXCLUDED.access_token_enc,
       -- A refresh without a new refresh token keeps the old one (no rotation); a new code exchange
       -- (a reconnect, maybe as another account) replaces the grant: nothing of the old one stays.
       refresh_token_enc = CASE WHEN $11 THEN coalesce(EXCLUDED.refresh_token_enc, integration_tokens.refresh_token_enc) ELSE EXCLUDED.refresh_token_enc END,
       token_type = EXCLUDED.token_type, scopes = EXCLUDED.scopes,
       subject = CASE WHEN $11 THEN coalesce(EXCLUDED.subject, integration_tokens.subject) ELSE EXCLUDED.subject END,
       expires_at = EXCLUDED.expires_at, expiring_at = EXCLUDED.expiring_at, obtained_at = EXCLUDED.obtained_at,
       last_refresh_at = coalesce(EXCLUDED.last_refresh_at, integration_tokens.last_refresh_at),
       failure_count = 0, last_error = NULL, refresh_lease_until = NULL`,
    [
      integrationId,
      cipher.encrypt(tokens.accessToken, integrationId),
      tokens.refreshToken ? cipher.encrypt(tokens.refreshToken, integrationId) : null,
      tokens.tokenType,
      scopes,
      tokens.subject ?? null,
      expiresAt,
      expiringAt(now, expiresAt),
      now,
      options.refreshed ? now : null,
      options.refreshed,
    ],
  );
}

/**
 * Takes the refresh lease and returns the token row as it is now (read under the lease, so never a
 * refresh token another request has just spent); undefined while someone else holds the lease.
 */
export async function acquireRefreshLease(db: Queryable, integrationId: string, leaseMs = 30_000): Promise<StoredTokenRow | undefined> {
  const rows = await db.query<StoredTokenRow>(
    `UPDATE integration_tokens SET refresh_lease_until = $2
     WHERE integration_id = $1 AND (refresh_lease_until IS NULL OR refresh_lease_until < now()) RETURNING *`,
    [integrationId, new Date(Date.now() + leaseMs)],
  );
  return rows[0];
}

export async function releaseRefreshLease(db: Queryable, integrationId: string): Promise<void> {
  await db.query('UPDATE integration_tokens SET refresh_lease_until = NULL WHERE integration_id = $1', [integrationId]);
}

export async function recordRefreshFailure(db: Queryable, integrationId: string, error: string): Promise<void> {
  await db.query(
    `UPDATE integration_tokens SET failure_count = failure_count + 1, last_error = $2, refresh_lease_until = NULL WHERE integration_id = $1`,
    [integrationId, error],
  );
  await recordRefreshEvent(db, integrationId, false, error);
}

export async function recordRefreshEvent(db: Queryable, integrationId: string, ok: boolean, error?: string): Promise<void> {
  await db.query('INSERT INTO token_refresh_events (integration_id, at, ok, error) VALUES ($1, $2, $3, $4)', [
    integrationId,
    new Date(),
    ok,
    error ?? null,
  ]);
}

export async function refreshHistory(
  db: Queryable,
  integrationId: string,
  limit = 20,
): Promise<Array<{ at: Date; ok: boolean; error: string | null }>> {
  return db.query('SELECT at, ok, error FROM token_refresh_events WHERE integration_id = $1 ORDER BY at DESC, id DESC LIMIT $2', [
    integrationId,
    limit,
  ]);
}
