/**
 * Fixed-window request counters per tenant, in the database so every server process shares them.
 * One upsert per request (~0.2 ms on PGlite).
 */
import type { Queryable } from './database.js';

export interface RateDecision {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Seconds until the window resets. */
  resetSeconds: number;
}

export async function countRequest(
  db: Queryable,
  tenantId: string,
  max: number,
  windowSeconds: number,
  now = Date.now(),
): Promise<RateDecision> {
  const windowMs = windowSeconds * 1000;
  const windowStart = new Date(Math.floor(now / windowMs) * windowMs);
  const rows = await db.query<{ count: number }>(
    `INSERT INTO rate_limit_windows (tenant_id, window_start, count) VALUES ($1, $2, 1)
     ON CONFLICT (tenant_id, window_start) DO UPDATE SET count = rate_limit_windows.count + 1 RETURNING count`,
    [tenantId, windowStart],
  );
  const count = rows[0]?.count ?? 1;
  // Past windows are dead weight: the first request of a new window clears them.
  if (count === 1) await db.query('DELETE FROM rate_limit_windows WHERE tenant_id = $1 AND window_start < $2', [tenantId, windowStart]);
  const resetSeconds = Math.max(1, Math.ceil((windowStart.getTime() + windowMs - now) / 1000));
  return { allowed: count <= max, limit: max, remaining: Math.max(0, max - count), resetSeconds };
}
