/**
 * The events table as a bounded replay log: where a tenant's stream stands, whether a
 * Last-Event-ID can still be resumed from, the rows after an id, and the pruning housekeeping runs.
 */
import type { Queryable } from '../db/database.js';

export const REPLAY_LOG = {
  /** Events older than this are pruned. */
  maxAgeMs: 24 * 60 * 60_000,
  /** Per tenant, only the newest this many are kept. */
  maxPerTenant: 10_000,
} as const;

export interface EventRow {
  id: string;
  type: string;
  data: Record<string, unknown>;
}

/** Decimal ids as the stream sends them; anything else is malformed. */
const EVENT_ID = /^(0|[1-9]\d{0,17})$/;

/** The id a stream of this tenant starts after: its newest event, or where pruning left it, or 0. */
export async function currentPosition(db: Queryable, tenantId: string): Promise<string> {
  const [row] = await db.query<{ id: string }>(
    `SELECT greatest(
       (SELECT max(id) FROM events WHERE tenant_id = $1),
       (SELECT floor_id FROM event_log_floors WHERE tenant_id = $1),
       0)::text AS id`,
    [tenantId],
  );
  return row?.id ?? '0';
}

/**
 * Whether every event of this tenant after `lastEventId` is still in the log: the id is well
 * formed, no younger than what pruning deleted for the tenant, and not beyond any id ever written
 * (an id from another database or made up).
 */
export async function canResumeFrom(db: Queryable, tenantId: string, lastEventId: string): Promise<boolean> {
  if (!EVENT_ID.test(lastEventId)) return false;
  const [row] = await db.query<{ ok: boolean }>(
    `SELECT $2::bigint >= coalesce((SELECT floor_id FROM event_log_floors WHERE tenant_id = $1), 0)
        AND $2::bigint <= greatest((SELECT max(id) FROM events), (SELECT max(floor_id) FROM event_log_floors), 0) AS ok`,
    [tenantId, lastEventId],
  );
  return row?.ok === true;
}

export async function eventsAfter(db: Queryable, tenantId: string, afterId: string, limit: number): Promise<EventRow[]> {
  return db.query<EventRow>(
    'SELECT id::text AS id, type, data FROM events WHERE tenant_id = $1 AND id > $2::bigint ORDER BY events.id LIMIT $3',
    [tenantId, afterId, limit],
  );
}

/**
 * Deletes events past the log's bounds and raises each tenant's floor to the newest id deleted,
 * in one statement (so a stream never sees the rows gone but the floor not yet moved).
 */
export async function pruneReplayLog(db: Queryable, now: Date): Promise<number> {
  const [row] = await db.query<{ n: number }>(
    `WITH deleted AS (
       DELETE FROM events WHERE id IN (
         SELECT id FROM events WHERE at < $1
         UNION
         SELECT id FROM (
           SELECT id, row_number() OVER (PARTITION BY tenant_id ORDER BY id DESC) AS newest FROM events
         ) ranked WHERE newest > $2
       ) RETURNING tenant_id, id
     ), floors AS (
       INSERT INTO event_log_floors (tenant_id, floor_id)
       SELECT tenant_id, max(id) FROM deleted GROUP BY tenant_id
       ON CONFLICT (tenant_id) DO UPDATE SET floor_id = greatest(event_log_floors.floor_id, EXCLUDED.floor_id)
     )
     SELECT count(*)::int AS n FROM deleted`,
    [new Date(now.getTime() - REPLAY_LOG.maxAgeMs), REPLAY_LOG.maxPerTenant],
  );
  return row?.n ?? 0;
}
