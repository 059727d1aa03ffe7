/**
 * oidc-provider's storage adapter on our database (table dev_provider_store), so the dev provider's
 * sessions, grants and refresh tokens outlive a restart like the integrations that use them.
 */
import { errors, type Adapter, type AdapterPayload } from 'oidc-provider';
import type { Database } from '../db/database.js';

export interface DatabaseAdapterOptions {
  /**
   * How long a spent code or refresh token is kept (seconds): a replay is recognised, and its grant
   * revoked, only while the spent record is still there. The grant's lifetime is the right span.
   */
  keepConsumedSeconds: number;
  /**
   * A rotated-away refresh token still works this many seconds after it was spent (0: never), as
   * some clouds allow (a "reuse interval"): a client that died between the provider's answer and
   * storing it can try again with the token it still has.
   */
  refreshTokenReuseSeconds?: number | undefined;
}

interface StoreRow {
  payload: AdapterPayload;
}

export function databaseAdapter(db: Database, options: DatabaseAdapterOptions): new (model: string) => Adapter {
  return class DatabaseAdapter implements Adapter {
    constructor(readonly model: string) {}

    async upsert(id: string, payload: AdapterPayload, expiresIn?: number): Promise<void> {
      const expiresAt = typeof expiresIn === 'number' ? new Date(Date.now() + expiresIn * 1000) : null;
      await db.query(
        `INSERT INTO dev_provider_store (model, id, payload, grant_id, uid, user_code, expires_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (model, id) DO UPDATE SET payload = EXCLUDED.payload, grant_id = EXCLUDED.grant_id,
           uid = EXCLUDED.uid, user_code = EXCLUDED.user_code, expires_at = EXCLUDED.expires_at`,
        [this.model, id, payload, payload.grantId ?? null, payload.uid ?? null, payload.userCode ?? null, expiresAt],
      );
    }

    async find(id: string): Promise<AdapterPayload | undefined> {
      const payload = await this.#findBy('id', id);
      if (payload && this.#inReuseWindow(payload)) {
        const { consumed: _spent, ...fresh } = payload;
        return fresh;
      }
      return payload;
    }

    #inReuseWindow(payload: AdapterPayload): boolean {
      const window = options.refreshTokenReuseSeconds ?? 0;
      return this.model === 'RefreshToken' && typeof payload.consumed === 'number' && Date.now() / 1000 - payload.consumed <= window;
    }

    findByUid(uid: string): Promise<AdapterPayload | undefined> {
      return this.#findBy('uid', uid);
    }

    findByUserCode(userCode: string): Promise<AdapterPayload | undefined> {
      return this.#findBy('user_code', userCode);
    }

    /**
     * Marks the record spent, once: of two concurrent uses only the first gets here; the second is
     * refused like any reuse (invalid_grant), instead of being issued tokens of its own.
     */
    async consume(id: string): Promise<void> {
      const rows = await db.query(
        `UPDATE dev_provider_store
         SET payload = payload || jsonb_build_object('consumed', $3::bigint),
           expires_at = CASE WHEN expires_at IS NULL THEN NULL
             ELSE GREATEST(expires_at, now() + make_interval(secs => $4)) END
         WHERE model = $1 AND id = $2 AND payload->'consumed' IS NULL
         RETURNING id`,
        [this.model, id, Math.floor(Date.now() / 1000), options.keepConsumedSeconds],
      );
      if (rows.length > 0) return;
      // Spent again within the reuse window: allowed, and the first spending's time stays.
      const spent = await this.#findBy('id', id);
      if (spent && this.#inReuseWindow(spent)) return;
      throw new errors.InvalidGrant(`${this.model} already consumed`);
    }

    async destroy(id: string): Promise<void> {
      await db.query('DELETE FROM dev_provider_store WHERE model = $1 AND id = $2', [this.model, id]);
    }

    async revokeByGrantId(grantId: string): Promise<void> {
      await db.query('DELETE FROM dev_provider_store WHERE grant_id = $1', [grantId]);
    }

    async #findBy(column: 'id' | 'uid' | 'user_code', value: string): Promise<AdapterPayload | undefined> {
      const rows = await db.query<StoreRow>(
        `SELECT payload FROM dev_provider_store
         WHERE model = $1 AND ${column} = $2 AND (expires_at IS NULL OR expires_at > now())`,
        [this.model, value],
      );
      return rows[0]?.payload;
    }
  };
}
