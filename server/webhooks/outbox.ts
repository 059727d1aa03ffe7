/**
 * The webhook outbox: an event becomes a row here in the transaction that records it, and the
 * dispatcher (dispatcher.ts) delivers rows until each is delivered or given up. Rows are claimed
 * with SKIP LOCKED and a lease, like token refreshes, so several processes share the work.
 */
import { randomUUID } from 'node:crypto';
import type { Database, Queryable } from '../db/database.js';

export interface OutboxEvent {
  tenantId: string;
  /** The event's type, as the stream names it (`token.refreshed` …). */
  type: string;
  /** The event's `data`, as the stream sends it. */
  data: unknown;
  /** The stream's event id, when there is one: the delivery's `webhook-id` derives from it. */
  eventId?: string | undefined;
  at?: Date | undefined;
}

/**
 * Adds one delivery to the outbox, when a webhook endpoint is configured; call it inside the
 * transaction that records the event, so the delivery exists exactly when the event does.
 */
export async function enqueueWebhook(tx: Queryable, event: OutboxEvent): Promise<void> {
  const at = event.at ?? new Date();
  const messageId = event.eventId ? `msg_${event.tenantId}_${event.eventId}` : `msg_${randomUUID()}`;
  // Standard Webhooks' payload shape: type, timestamp, data (the tenant added: one URL serves all).
  const body = JSON.stringify({ type: event.type, timestamp: at.toISOString(), tenantId: event.tenantId, data: event.data });
  await tx.query(
    `INSERT INTO webhook_outbox (message_id, tenant_id, event_type, body, created_at, next_attempt_at)
     SELECT $1, $2, $3, $4, $5, $5 WHERE EXISTS (SELECT 1 FROM webhook_endpoint)
     ON CONFLICT (message_id) DO NOTHING`,
    [messageId, event.tenantId, event.type, body, at],
  );
}

/** Start-up: records whether this deployment delivers webhooks (every process has the same setting). */
export async function setWebhookEndpoint(db: Queryable, url: string | undefined): Promise<void> {
  if (url === undefined) await db.query('DELETE FROM webhook_endpoint');
  else
    await db.query(
      `INSERT INTO webhook_endpoint (singleton, url, updated_at) VALUES (true, $1, now())
       ON CONFLICT (singleton) DO UPDATE SET url = EXCLUDED.url, updated_at = EXCLUDED.updated_at`,
      [url],
    );
}

export interface OutboxRow {
  id: string;
  message_id: string;
  tenant_id: string;
  event_type: string;
  body: string;
  attempts: number;
  lease_until: Date;
}

export async function claimDueDeliveries(db: Queryable, input: { now: Date; leaseMs: number; limit: number }): Promise<OutboxRow[]> {
  return db.query<OutboxRow>(
    `WITH due AS (
       SELECT id FROM webhook_outbox
       -- A first attempt is due at once, whatever the dispatcher's clock says.
       WHERE state = 'pending' AND (attempts = 0 OR next_attempt_at <= $1) AND (lease_until IS NULL OR lease_until < $1)
       ORDER BY next_attempt_at, id
       LIMIT $3
       FOR UPDATE SKIP LOCKED
     )
     UPDATE webhook_outbox o SET lease_until = $2 FROM due WHERE o.id = due.id
     RETURNING o.id::text AS id, o.message_id, o.tenant_id, o.event_type, o.body, o.attempts, o.lease_until`,
    [input.now, new Date(input.now.getTime() + input.leaseMs), input.limit],
  );
}

export interface AttemptResult {
  at: Date;
  httpStatus: number | null;
  error: string | null;
  durationMs: number;
}

/**
 * Logs one attempt and moves the row on: delivered, failed for good, or pending again at
 * `retryAt`. Only while the claim's lease is still on the row (else another process has it now).
 */
export async function recordAttempt(
  db: Database,
  row: OutboxRow,
  result: AttemptResult,
  next: { state: 'delivered' | 'failed' | 'pending'; retryAt: Date | null },
): Promise<void> {
  const attempt = row.attempts + 1;
  await db.transaction(async (tx) => {
    const moved = await tx.query(
      `UPDATE webhook_outbox SET attempts = $3, state = $4, lease_until = NULL,
       next_attempt_at = coalesce($5, next_attempt_at), delivered_at = CASE WHEN $4 = 'delivered' THEN $6::timestamptz ELSE NULL END
     WHERE id = $1 AND lease_until = $2 RETURNING id`,
      [row.id, row.lease_until, attempt, next.state, next.retryAt, result.at],
    );
    if (moved.length === 0) return;
    await tx.query(
      'INSERT INTO webhook_attempts (outbox_id, attempt, at, http_status, error, duration_ms) VALUES ($1, $2, $3, $4, $5, $6)',
      [row.id, attempt, result.at, result.httpStatus, result.error, result.durationMs],
    );
  });
}

export interface DeliveryLogEntry {
  id: string;
  messageId: string;
  eventType: string;
  state: 'pending' | 'delivered' | 'failed';
  createdAt: string;
  deliveredAt: string | null;
  nextAttemptAt: string | null;
  attempts: Array<{ attempt: number; at: string; httpStatus: number | null; error: string | null; durationMs: number }>;
}

/** A tenant's deliveries, newest first, each with its attempts; `before` pages on (an outbox id). */
export async function deliveryLog(
  db: Queryable,
  input: { tenantId: string; limit: number; before?: string | undefined },
): Promise<{ items: DeliveryLogEntry[]; nextCursor: string | null }> {
  const rows = await db.query<{
    id: string;
    message_id: string;
    event_type: string;
    state: DeliveryLogEntry['state'];
    created_at: Date;
    delivered_at: Date | null;
    next_attempt_at: Date;
    attempts: Array<{ attempt: number; at: string; http_status: number | null; error: string | null; duration_ms: number }> | null;
  }>(
    `SELECT o.id::text AS id, o.message_id, o.event_type, o.state, o.created_at, o.delivered_at, o.next_attempt_at,
       (SELECT json_agg(json_build_object('attempt', a.attempt, 'at', a.at, 'http_status', a.http_status, 'error', a.error,
          'duration_ms', a.duration_ms) ORDER BY a.attempt) FROM webhook_attempts a WHERE a.outbox_id = o.id) AS attempts
     FROM webhook_outbox o
     WHERE o.tenant_id = $1 AND ($3::bigint IS NULL OR o.id < $3::bigint)
     ORDER BY o.id DESC LIMIT $2`,
    [input.tenantId, input.limit + 1, input.before ?? null],
  );
  const page = rows.slice(0, input.limit);
  return {
    items: page.map((row) => ({
      id: row.id,
      messageId: row.message_id,
      eventType: row.event_type,
      state: row.state,
      createdAt: new Date(row.created_at).toISOString(),
      deliveredAt: row.delivered_at ? new Date(row.delivered_at).toISOString() : null,
      nextAttemptAt: row.state === 'pending' ? new Date(row.next_attempt_at).toISOString() : null,
      attempts: (row.attempts ?? []).map((a) => ({
        attempt: a.attempt,
        at: new Date(a.at).toISOString(),
        httpStatus: a.http_status,
        error: a.error,
        durationMs: Math.round(a.duration_ms * 10) / 10,
      })),
    })),
    nextCursor: rows.length > input.limit ? page[page.length - 1]!.id : null,
  };
}

/** Finished deliveries (delivered or given up) older than `before` go, with their attempts. */
export async function pruneDeliveries(db: Queryable, before: Date): Promise<number> {
  const rows = await db.query(`DELETE FROM webhook_outbox WHERE state <> 'pending' AND created_at < $1 RETURNING id`, [before]);
  return rows.length;
}
