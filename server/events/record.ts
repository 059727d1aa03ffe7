/**
 * Writes what a change did, inside the change's own transaction: the activity row (who, when, what),
 * the stream events (the integration as it now is, and `activity.recorded`), then a NOTIFY on
 * `mwap_events` naming the tenant and the last event id. PostgreSQL delivers a NOTIFY at commit and
 * drops it on rollback, so a change that rolls back leaves no trace and wakes no one.
 */
import type { Activity, ActivityDetail, ActivityKind, IntegrationEventType } from '../../src/core/types.js';
import type { Queryable } from '../db/database.js';
import { findIntegration, toIntegration } from '../db/integrations.js';
import { enqueueWebhook } from '../webhooks/outbox.js';
import { noteCommittedEvent } from './commit-hook.js';
import type { ChangeOrigin } from './origin.js';

export const EVENTS_CHANNEL = 'mwap_events';

/** Any constant: it only keeps these advisory locks apart from the migration runner's. */
const EVENT_LOCK_NAMESPACE = 4_271_902;

export type ChangeEventType = Exclude<IntegrationEventType, 'activity.recorded'>;

export interface ChangeRecord {
  tenantId: string;
  integrationId: string;
  origin: ChangeOrigin;
  /** The stream event; integration.* and token.* / health.* carry the integration as it now is. */
  event?: ChangeEventType | undefined;
  /** The provider's words (token.refresh_failed, token.revoked). */
  reason?: string | undefined;
  /** Activity entries of this change (a PATCH can rename and change settings at once). */
  activity?: Array<{ kind: ActivityKind; detail?: ActivityDetail | undefined }> | undefined;
}

interface ActivityRow {
  id: string;
  at: Date;
}

function assertTransaction(tx: Queryable): void {
  // A whole Database has transaction(); a transaction's handle does not. Recording outside one
  // would let the change commit without its history, or the history without the change.
  if ('transaction' in tx) throw new Error('recordChange runs inside the transaction of the change it records.');
}

export async function recordChange(tx: Queryable, change: ChangeRecord): Promise<void> {
  assertTransaction(tx);
  const { tenantId, integrationId, origin } = change;
  // Writers of one tenant take turns until commit, so event ids become visible in order.
  await tx.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [EVENT_LOCK_NAMESPACE, tenantId]);
  const at = new Date();
  const base = { integrationId, at: at.toISOString(), actor: origin.actor };
  const events: Array<{ type: IntegrationEventType; data: Record<string, unknown> }> = [];
  if (change.event) {
    const data: Record<string, unknown> = { ...base };
    if (change.event !== 'integration.deleted') {
      const row = await findIntegration(tx, tenantId, integrationId);
      if (row) data.integration = toIntegration(row);
    }
    if (change.reason !== undefined) data.reason = change.reason;
    events.push({ type: change.event, data });
  }
  for (const entry of change.activity ?? []) {
    const via = entry.kind === 'token_refreshed' ? (origin.via ?? null) : null;
    const [row] = await tx.query<ActivityRow>(
      `INSERT INTO activity (tenant_id, integration_id, kind, actor, via, detail, at)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id::text AS id, at`,
      [tenantId, integrationId, entry.kind, origin.actor, via, entry.detail ?? null, at],
    );
    const activity: Activity = {
      id: row!.id,
      integrationId,
      at: at.toISOString(),
      kind: entry.kind,
      actor: origin.actor,
      ...(via ? { via } : {}),
      ...(entry.detail ? { detail: entry.detail } : {}),
    };
    events.push({ type: 'activity.recorded', data: { ...base, activity } });
  }
  let lastId: string | undefined;
  for (const event of events) {
    const [row] = await tx.query<{ id: string }>(
      'INSERT INTO events (tenant_id, type, integration_id, data, at) VALUES ($1, $2, $3, $4, $5) RETURNING id::text AS id',
      [tenantId, event.type, integrationId, event.data, at],
    );
    lastId = row!.id;
    await enqueueWebhook(tx, { tenantId, type: event.type, data: event.data, eventId: lastId, at });
  }
  if (lastId === undefined) return;
  // Small on purpose (NOTIFY payloads stop at 8000 bytes): listeners read the rows themselves.
  await tx.query('SELECT pg_notify($1, $2)', [EVENTS_CHANNEL, JSON.stringify({ tenantId, id: lastId })]);
  noteCommittedEvent(tx, tenantId);
}
