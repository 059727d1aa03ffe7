/** The event stream's per-process parts, built at start-up: the hub and the database that wakes it. */
import type { Database } from '../db/database.js';
import type { Logger } from '../logger.js';
import { wakeAfterCommit } from './commit-hook.js';
import { DEFAULT_STREAM_TUNING, type EventStreamTuning } from './event-stream.js';
import { FanOut, listeningHub, type EventHub } from './hub.js';

export interface LiveEvents {
  hub: EventHub;
  /** Stream timings and buffer limits; tests shorten the heartbeat. */
  tuning: EventStreamTuning;
}

// Servers sharing one embedded database (tests run two on one PGlite) share its fan-out too.
const embeddedHubs = new WeakMap<Database, FanOut>();

/**
 * PostgreSQL: a LISTEN connection of this process; the database is used as it is (NOTIFY reaches
 * every process). PGlite: one fan-out per database, woken after each commit through the returned
 * database, which is the one the app must write through.
 */
export async function startLiveEvents(db: Database, logger: Logger): Promise<{ db: Database; events: LiveEvents; close(): Promise<void> }> {
  const tuning = { ...DEFAULT_STREAM_TUNING };
  if (db.kind === 'postgres') {
    if (!db.databaseUrl) throw new Error('The event stream needs the PostgreSQL connection string for its LISTEN connection.');
    const hub = await listeningHub(db.databaseUrl, logger);
    return { db, events: { hub, tuning }, close: () => hub.close() };
  }
  let hub = embeddedHubs.get(db);
  if (!hub) embeddedHubs.set(db, (hub = new FanOut()));
  const fanOut = hub;
  return { db: wakeAfterCommit(db, (tenantId) => fanOut.wake(tenantId)), events: { hub, tuning }, close: async () => {} };
}
