/**
 * Deletes what has served its purpose, so the tables that grow with every request do not grow
 * forever: provider calls older than the longest usage range (plus a margin), refresh history
 * beyond the entries the token report shows, idempotency keys past the window in which a client
 * retries, finished or expired OAuth states, old rate-limit windows, the event stream's replay log
 * beyond its bounds (24 h, 10,000 per tenant: events/replay-log.ts), and activity older than a year.
 */
import { pruneReplayLog } from '../events/replay-log.js';
import type { Queryable } from './database.js';

const DAY_MS = 86_400_000;

export const RETENTION = {
  /** Usage ranges reach back 30 days; a few days more keep the oldest bucket whole. */
  providerCallsMs: 35 * DAY_MS,
  /** The token report shows the newest 20 refresh events (db/tokens.ts refreshHistory), however old. */
  refreshEventsKept: 20,
  /** A client retries a create within minutes; a day is generous. */
  idempotencyKeysMs: DAY_MS,
  /** States live ten minutes; a day keeps "already used" answers for late replays. */
  oauthStatesMs: DAY_MS,
  rateLimitWindowsMs: DAY_MS,
  /** The activity history of an integration goes back a year (its `deleted` entry too). */
  activityMs: 365 * DAY_MS,
} as const;

export interface PruneResult {
  providerCalls: number;
  refreshEvents: number;
  idempotencyKeys: number;
  oauthStates: number;
  rateLimitWindows: number;
  events: number;
  activity: number;
}

export async function pruneOldRecords(db: Queryable, now = new Date()): Promise<PruneResult> {
  const before = (ms: number) => new Date(now.getTime() - ms);
  // Counted in the database: a first run on a large table must not ship every deleted row to us.
  const count = async (deletion: string, param: unknown) =>
    (await db.query<{ n: number }>(`WITH deleted AS (${deletion} RETURNING 1) SELECT count(*)::int AS n FROM deleted`, [param]))[0]?.n ?? 0;
  return {
    providerCalls: await count('DELETE FROM provider_calls WHERE at < $1', before(RETENTION.providerCallsMs)),
    refreshEvents: await count(
      `DELETE FROM token_refresh_events WHERE id IN (
         SELECT id FROM (
           SELECT id, row_number() OVER (PARTITION BY integration_id ORDER BY at DESC, id DESC) AS newest
           FROM token_refresh_events
         ) ranked WHERE newest > $1)`,
      RETENTION.refreshEventsKept,
    ),
    idempotencyKeys: await count('DELETE FROM idempotency_keys WHERE created_at < $1', before(RETENTION.idempotencyKeysMs)),
    oauthStates: await count('DELETE FROM oauth_states WHERE expires_at < $1', before(RETENTION.oauthStatesMs)),
    rateLimitWindows: await count('DELETE FROM rate_limit_windows WHERE window_start < $1', before(RETENTION.rateLimitWindowsMs)),
    events: await pruneReplayLog(db, now),
    activity: await count('DELETE FROM activity WHERE at < $1', before(RETENTION.activityMs)),
  };
}
