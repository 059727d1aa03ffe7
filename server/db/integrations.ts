/**
 * Integrations as the API shows them. Every query takes the tenant: a row of another tenant is
 * simply not found. `tokenStatus` is computed in SQL from the token row, so the list can filter
 * on it and every answer agrees.
 */
import { randomUUID } from 'node:crypto';
import type {
  ActivityDetail,
  ActivityKind,
  Integration,
  IntegrationSettings,
  IntegrationSort,
  IntegrationStatus,
  ProviderSettingField,
  TokenStatus,
} from '../../src/core/types.js';
import type { ChangeOrigin } from '../events/origin.js';
import { recordChange } from '../events/record.js';
import { settingsChanges } from '../events/settings-diff.js';
import type { Queryable } from './database.js';

export interface IntegrationRow {
  id: string;
  tenant_id: string;
  cloud_provider_id: string;
  name: string;
  description: string | null;
  status: IntegrationStatus;
  settings: IntegrationSettings;
  version: number;
  last_health_check: Date | null;
  created_at: Date;
  updated_at: Date;
  token_expires_at: Date | null;
  token_status: TokenStatus;
}

const VIEW = `(
  SELECT i.*, t.expires_at AS token_expires_at,
    CASE
      WHEN t.integration_id IS NULL THEN 'none'
      WHEN t.failure_count > 0 THEN 'error'
      WHEN t.expires_at IS NULL THEN 'valid'
      WHEN t.expires_at <= now() THEN 'expired'
      WHEN t.expiring_at IS NOT NULL AND t.expiring_at <= now() THEN 'expiring'
      ELSE 'valid'
    END AS token_status
  FROM integrations i LEFT JOIN integration_tokens t ON t.integration_id = i.id
) AS v`;

const iso = (date: Date | string | null) => (date === null ? null : new Date(date).toISOString());

/**
 * The version of what an owner edits (name, description, status, settings). Token refreshes do not
 * move it, so a background refresh never makes a user's pending edit fail with 412.
 */
export const etagOf = (row: Pick<IntegrationRow, 'version'>) => `"v${row.version}"`;

export function toIntegration(row: IntegrationRow): Integration {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    cloudProviderId: row.cloud_provider_id,
    name: row.name,
    description: row.description,
    status: row.status,
    tokenStatus: row.token_status,
    tokenExpiresAt: iso(row.token_expires_at),
    lastHealthCheck: iso(row.last_health_check),
    settings: row.settings ?? {},
    createdAt: iso(row.created_at)!,
    updatedAt: iso(row.updated_at)!,
    etag: etagOf(row),
  };
}

export async function findIntegration(db: Queryable, tenantId: string, id: string): Promise<IntegrationRow | undefined> {
  const rows = await db.query<IntegrationRow>(`SELECT * FROM ${VIEW} WHERE tenant_id = $1 AND id = $2`, [tenantId, id]);
  return rows[0];
}

export interface NewIntegration {
  tenantId: string;
  cloudProviderId: string;
  name: string;
  description: string | null;
  settings: IntegrationSettings;
}

export async function insertIntegration(db: Queryable, input: NewIntegration): Promise<string> {
  const id = `int_${randomUUID().replaceAll('-', '')}`;
  const now = new Date();
  await db.query(
    `INSERT INTO integrations (id, tenant_id, cloud_provider_id, name, description, status, settings, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, 'pending', $6, $7, $7)`,
    [id, input.tenantId, input.cloudProviderId, input.name, input.description, input.settings, now],
  );
  return id;
}

export interface IntegrationPatch {
  name?: string | undefined;
  description?: string | null | undefined;
  status?: IntegrationStatus | undefined;
  settings?: IntegrationSettings | undefined;
  lastHealthCheck?: Date | undefined;
}

/**
 * Applies `patch` and bumps the version. With `expectedVersion`, only when the row is still at that
 * version (If-Match): returns false when it moved on, so the caller answers 412.
 */
export async function updateIntegration(
  db: Queryable,
  tenantId: string,
  id: string,
  patch: IntegrationPatch,
  expectedVersion?: number,
): Promise<boolean> {
  const sets: string[] = [];
  const params: unknown[] = [tenantId, id];
  const set = (column: string, value: unknown) => {
    params.push(value);
    sets.push(`${column} = $${params.length}`);
  };
  if (patch.name !== undefined) set('name', patch.name);
  if (patch.description !== undefined) set('description', patch.description);
  if (patch.status !== undefined) set('status', patch.status);
  if (patch.settings !== undefined) set('settings', patch.settings);
  // A health check is not an edit: it moves neither the version (ETag) nor updated_at, so a scheduled one never fails a pending PATCH.
  const edits = sets.length > 0;
  if (patch.lastHealthCheck !== undefined) set('last_health_check', patch.lastHealthCheck);
  if (edits) set('updated_at', new Date());
  let where = 'tenant_id = $1 AND id = $2';
  if (expectedVersion !== undefined) {
    params.push(expectedVersion);
    where += ` AND version = $${params.length}`;
  }
  const rows = await db.query(
    `UPDATE integrations SET ${sets.join(', ')}${edits ? ', version = version + 1' : ''} WHERE ${where} RETURNING id`,
    params,
  );
  return rows.length > 0;
}

export async function deleteIntegration(db: Queryable, tenantId: string, id: string): Promise<boolean> {
  const rows = await db.query('DELETE FROM integrations WHERE tenant_id = $1 AND id = $2 RETURNING id', [tenantId, id]);
  return rows.length > 0;
}

// ── Changes that record themselves (activity and event, in the change's transaction) ────────────

/** Creates an integration and records `created`; `tx` is the transaction it commits with. */
export async function createIntegration(tx: Queryable, input: NewIntegration, origin: ChangeOrigin): Promise<string> {
  const id = await insertIntegration(tx, input);
  await recordChange(tx, {
    tenantId: input.tenantId,
    integrationId: id,
    origin,
    event: 'integration.created',
    activity: [{ kind: 'created' }],
  });
  return id;
}

/**
 * A person's edit (PATCH): applies `patch` when the row is still at `expectedVersion` (if given)
 * and records what it changed: renamed, settings_changed (secret fields as '[secret]'), enabled,
 * disabled. Compared with the row as locked in this transaction, so the history says what really
 * changed even when another edit came first. False when the version moved on (412).
 */
export async function editIntegration(
  tx: Queryable,
  tenantId: string,
  id: string,
  patch: IntegrationPatch,
  origin: ChangeOrigin,
  options: { expectedVersion?: number | undefined; settingsSchema: readonly ProviderSettingField[] },
): Promise<boolean> {
  const [before] = await tx.query<Pick<IntegrationRow, 'name' | 'status' | 'settings' | 'version'>>(
    'SELECT name, status, settings, version FROM integrations WHERE tenant_id = $1 AND id = $2 FOR UPDATE',
    [tenantId, id],
  );
  if (!before || (options.expectedVersion !== undefined && before.version !== options.expectedVersion)) return false;
  if (!(await updateIntegration(tx, tenantId, id, patch))) return false;
  const activity: Array<{ kind: ActivityKind; detail?: ActivityDetail }> = [];
  if (patch.name !== undefined && patch.name !== before.name)
    activity.push({ kind: 'renamed', detail: { from: before.name, to: patch.name } });
  if (patch.settings !== undefined) {
    const changes = settingsChanges(before.settings ?? {}, patch.settings, options.settingsSchema);
    if (changes.length > 0) activity.push({ kind: 'settings_changed', detail: { changes } });
  }
  if (patch.status !== undefined && patch.status !== before.status) {
    if (patch.status === 'disabled') activity.push({ kind: 'disabled' });
    else if (before.status === 'disabled') activity.push({ kind: 'enabled' });
  }
  await recordChange(tx, { tenantId, integrationId: id, origin, event: 'integration.updated', activity });
  return true;
}

/** Deletes and records `deleted` (the history outlives the row). False when it was not there. */
export async function removeIntegration(tx: Queryable, tenantId: string, id: string, origin: ChangeOrigin): Promise<boolean> {
  if (!(await deleteIntegration(tx, tenantId, id))) return false;
  await recordChange(tx, { tenantId, integrationId: id, origin, event: 'integration.deleted', activity: [{ kind: 'deleted' }] });
  return true;
}

// ── List with keyset pagination ────────────────────────────────────────────────────────────────

export interface ListFilters {
  q?: string | undefined;
  status?: IntegrationStatus | undefined;
  providerId?: string | undefined;
  tokenStatus?: TokenStatus | undefined;
}

/**
 * What an opaque cursor holds: the sort it belongs to and the last row's sort key and id. Its text
 * form is signed and checked by server/list-cursor.ts before it reaches listIntegrations.
 */
export interface Cursor {
  sort: IntegrationSort;
  key: string;
  id: string;
}

// The cursor keeps the sort key as the database printed it, so comparing it again is exact.
const SORT_KEYS: Record<string, { expr: string; cast: string }> = {
  name: { expr: 'lower(name)', cast: 'text' },
  createdAt: { expr: 'created_at', cast: 'timestamptz' },
  updatedAt: { expr: 'updated_at', cast: 'timestamptz' },
};

/** `%` and `_` in a search are letters, not wildcards. */
const likePattern = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

export async function listIntegrations(
  db: Queryable,
  tenantId: string,
  filters: ListFilters,
  sort: IntegrationSort,
  limit: number,
  after: Cursor | undefined,
): Promise<{ rows: IntegrationRow[]; total: number; next: Cursor | null }> {
  const params: unknown[] = [tenantId];
  const where = ['tenant_id = $1'];
  const add = (clause: (n: number) => string, value: unknown) => {
    params.push(value);
    where.push(clause(params.length));
  };
  if (filters.status) add((n) => `status = $${n}`, filters.status);
  if (filters.providerId) add((n) => `cloud_provider_id = $${n}`, filters.providerId);
  if (filters.tokenStatus) add((n) => `token_status = $${n}`, filters.tokenStatus);
  if (filters.q) add((n) => `(name ILIKE $${n} ESCAPE '\\' OR coalesce(description, '') ILIKE $${n} ESCAPE '\\')`, likePattern(filters.q));

  const countRows = await db.query<{ total: number }>(`SELECT count(*)::int AS total FROM ${VIEW} WHERE ${where.join(' AND ')}`, params);

  const descending = sort.startsWith('-');
  const key = SORT_KEYS[sort.replace(/^-/, '')]!;
  if (after) {
    params.push(after.key, after.id);
    const k = params.length - 1;
    where.push(`(${key.expr}, id) ${descending ? '<' : '>'} ($${k}::${key.cast}, $${k + 1}::text)`);
  }
  params.push(limit + 1);
  const direction = descending ? 'DESC' : 'ASC';
  const rows = await db.query<IntegrationRow & { sort_key: string }>(
    `SELECT *, (${key.expr})::text AS sort_key FROM ${VIEW} WHERE ${where.join(' AND ')} ORDER BY ${key.expr} ${direction}, id ${direction} LIMIT $${params.length}`,
    params,
  );
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  const next = rows.length > limit && last ? { sort, key: last.sort_key, id: last.id } : null;
  return { rows: page, total: countRows[0]?.total ?? 0, next };
}
