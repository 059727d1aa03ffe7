/** Reading an integration's activity history: newest first, in pages after a cursor id. */
import type { Activity } from '../../src/core/types.js';
import type { Queryable } from '../db/database.js';

interface ActivityRow {
  id: string;
  integration_id: string;
  at: Date;
  kind: Activity['kind'];
  actor: Activity['actor'];
  via: Activity['via'] | null;
  detail: Activity['detail'] | null;
}

export function toActivity(row: ActivityRow): Activity {
  return {
    id: row.id,
    integrationId: row.integration_id,
    at: new Date(row.at).toISOString(),
    kind: row.kind,
    actor: row.actor,
    ...(row.via ? { via: row.via } : {}),
    ...(row.detail ? { detail: row.detail } : {}),
  };
}

export async function activityPage(
  db: Queryable,
  tenantId: string,
  integrationId: string,
  limit: number,
  beforeId: string | undefined,
): Promise<{ items: Activity[]; total: number; nextId: string | null }> {
  const params: unknown[] = [tenantId, integrationId];
  let where = 'tenant_id = $1 AND integration_id = $2';
  const [count] = await db.query<{ total: number }>(`SELECT count(*)::int AS total FROM activity WHERE ${where}`, params);
  if (beforeId !== undefined) {
    params.push(beforeId);
    where += ` AND id < $${params.length}::bigint`;
  }
  params.push(limit + 1);
  const rows = await db.query<ActivityRow>(
    `SELECT id::text AS id, integration_id, at, kind, actor, via, detail FROM activity WHERE ${where} ORDER BY activity.id DESC LIMIT $${params.length}`,
    params,
  );
  const page = rows.slice(0, limit);
  return { items: page.map(toActivity), total: count?.total ?? 0, nextId: rows.length > limit ? page.at(-1)!.id : null };
}

/** Whether this tenant has any history of this id (an integration deleted since still has some). */
export async function hasActivity(db: Queryable, tenantId: string, integrationId: string): Promise<boolean> {
  const rows = await db.query('SELECT 1 FROM activity WHERE tenant_id = $1 AND integration_id = $2 LIMIT 1', [tenantId, integrationId]);
  return rows.length > 0;
}
