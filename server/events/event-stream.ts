/**
 * One client's Server-Sent Events stream. It subscribes first, then decides where to start (after
 * Last-Event-ID when the log still has everything after it, else a `reset`), then reads rows after
 * the last id it sent whenever the hub wakes it: the replay and the live events are one loop over
 * one cursor, so nothing committed in between is lost and nothing is sent twice.
 *
 * Backpressure: rows are read only while the client's buffer is below `highWaterMark`, so a slow
 * reader just lags (the database is its buffer). A client that reads nothing while its buffer stays
 * full across two heartbeats, or whose buffer passes `maxBufferedBytes`, is dropped; it comes back
 * with its Last-Event-ID.
 */
import type { Queryable } from '../db/database.js';
import type { Logger } from '../logger.js';
import type { EventHub } from './hub.js';
import { canResumeFrom, currentPosition, eventsAfter, type EventRow } from './replay-log.js';

export interface EventStreamTuning {
  heartbeatMs: number;
  /** Bytes queued for the client above which no more rows are read. */
  highWaterMark: number;
  /** Bytes queued for the client above which it is dropped. */
  maxBufferedBytes: number;
  /** Rows per read. */
  pageSize: number;
}

export const DEFAULT_STREAM_TUNING: EventStreamTuning = {
  heartbeatMs: 15_000,
  highWaterMark: 64 * 1024,
  maxBufferedBytes: 1024 * 1024,
  pageSize: 100,
};

export interface EventStreamOptions {
  db: Queryable;
  hub: EventHub;
  tenantId: string;
  lastEventId: string | undefined;
  tuning: EventStreamTuning;
  logger: Logger;
}

/** The client tries again after this long when the stream ends (the `retry:` field). */
const RETRY_MS = 3000;

export function eventFrame(row: Pick<EventRow, 'id' | 'type' | 'data'>): string {
  // JSON.stringify escapes line breaks inside strings, so the data is always one line.
  return `id: ${row.id}\nevent: ${row.type}\ndata: ${JSON.stringify(row.data)}\n\n`;
}

export function openEventStream(options: EventStreamOptions): ReadableStream<Uint8Array> {
  const { db, hub, tenantId, tuning, logger } = options;
  const encoder = new TextEncoder();
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  let unsubscribe: (() => void) | undefined;
  let heartbeat: NodeJS.Timeout | undefined;
  let lastSent: string | undefined;
  let ended = false;
  let reading = false;
  let again = false;
  let fullBeats = 0;
  let pulledSinceBeat = false;
  let bufferedAtBeat = 0;

  const end = (reason?: Error) => {
    if (ended) return;
    ended = true;
    unsubscribe?.();
    clearInterval(heartbeat);
    try {
      if (reason) controller.error(reason);
      else controller.close();
    } catch {
      // Already closed by the reader going away.
    }
  };
  const buffered = () => tuning.highWaterMark - (controller.desiredSize ?? 0);
  const write = (text: string) => {
    if (ended) return;
    controller.enqueue(encoder.encode(text));
    if (buffered() > tuning.maxBufferedBytes) {
      logger.info('event stream dropped: the client does not keep up', { tenantId, bufferedBytes: buffered() });
      end(new Error('The client did not read its events.'));
    }
  };

  /** Sends every row after `lastSent`, page by page, while the client has room. */
  const pump = async () => {
    if (reading) {
      again = true;
      return;
    }
    reading = true;
    try {
      do {
        again = false;
        if (ended || lastSent === undefined || (controller.desiredSize ?? 0) <= 0) break;
        const rows = await eventsAfter(db, tenantId, lastSent, tuning.pageSize);
        for (const row of rows) write(eventFrame(row));
        if (rows.length > 0) lastSent = rows.at(-1)!.id;
        if (rows.length === tuning.pageSize) again = true;
      } while (again && !ended);
    } catch (error) {
      logger.warn('event stream read failed; closing it (the client resumes)', {
        tenantId,
        error: error instanceof Error ? error.message : String(error),
      });
      end(error instanceof Error ? error : new Error(String(error)));
    } finally {
      reading = false;
    }
  };

  const begin = async () => {
    write(`retry: ${RETRY_MS}\n\n`);
    // Before deciding where to start: whatever commits from here on wakes this stream.
    unsubscribe = hub.subscribe(tenantId, () => void pump());
    const resume = options.lastEventId;
    if (resume !== undefined && (await canResumeFrom(db, tenantId, resume.trim()))) {
      lastSent = resume.trim();
    } else {
      const position = await currentPosition(db, tenantId);
      // Told only to a client that had a position and lost it; a fresh one has nothing to refetch.
      if (resume !== undefined) write(eventFrame({ id: position, type: 'reset', data: {} }));
      lastSent = position;
    }
    heartbeat = setInterval(() => {
      // Full and not read from since the last beat: stalled. A slow reader that still reads is
      // kept: it asked for more, or it took something from the buffer (which need not ask yet).
      const read = pulledSinceBeat || buffered() < bufferedAtBeat;
      fullBeats = (controller.desiredSize ?? 0) <= 0 && !read ? fullBeats + 1 : 0;
      pulledSinceBeat = false;
      if (fullBeats >= 2) {
        logger.info('event stream dropped: its buffer stayed full', { tenantId });
        end(new Error('The client did not read its events.'));
        return;
      }
      write(': heartbeat\n\n');
      bufferedAtBeat = buffered();
    }, tuning.heartbeatMs);
    heartbeat.unref();
    await pump();
  };

  return new ReadableStream<Uint8Array>(
    {
      start(c) {
        controller = c;
        begin().catch((error: unknown) => end(error instanceof Error ? error : new Error(String(error))));
      },
      // The client read enough to make room: carry on where the cursor is.
      pull: () => {
        pulledSinceBeat = true;
        return pump();
      },
      cancel: () => end(),
    },
    new ByteLengthQueuingStrategy({ highWaterMark: tuning.highWaterMark }),
  );
}
