/**
 * Bulk work with bounded concurrency: a few requests at a time (never a thousand at once), a
 * result per item (which failed and why), progress as it goes, and Cancel that stops starting
 * new work while letting in-flight requests finish.
 *
 * A server that answers 429 is not refusing the items, only their pace: every worker waits for
 * the `Retry-After` it gave and the request is sent again, so a bulk larger than the server's
 * rate limit is slowed down rather than failed.
 */
import { IntegrationError, toIntegrationError } from './errors.js';
import { abortError, backoffDelay, delay } from './timing.js';

export interface BulkItemResult<T> {
  id: string;
  ok: boolean;
  value?: T | undefined;
  error?: IntegrationError | undefined;
}

export interface BulkOptions<T> {
  /** At most this many at once. Default 4. */
  concurrency?: number;
  signal?: AbortSignal;
  onProgress?: (done: number, total: number, latest: BulkItemResult<T>) => void;
  /** The server asked to slow down: no request is sent for `ms`. */
  onWait?: (ms: number) => void;
}

/** Sends one request of a bulk item, waiting out the server's rate limit as often as it asks. */
export type Paced = <R>(send: () => Promise<R>) => Promise<R>;

/** A 429 is answered this many times per request before the item counts as failed. */
const MAX_RATE_LIMITED = 10;
/** Without a Retry-After, the wait doubles from here, up to a minute (a typical window). */
const BASE_WAIT_MS = 1000;
const MAX_WAIT_MS = 60_000;

export async function runBulk<T>(
  ids: readonly string[],
  task: (id: string, paced: Paced) => Promise<T>,
  options: BulkOptions<T> = {},
): Promise<Array<BulkItemResult<T>>> {
  const results: Array<BulkItemResult<T>> = new Array(ids.length);
  const concurrency = Math.max(1, Math.floor(options.concurrency ?? 4));
  let next = 0;
  let done = 0;
  /** Every worker waits for this before sending (the server's last Retry-After). */
  let resume = Promise.resolve();
  let resumeAt = 0;
  const record = (index: number, result: BulkItemResult<T>) => {
    results[index] = result;
    done += 1;
    options.onProgress?.(done, ids.length, result);
  };
  const paced: Paced = async (send) => {
    for (let attempt = 0; ; attempt++) {
      await resume;
      if (attempt > 0 && options.signal?.aborted) throw abortError(options.signal);
      try {
        return await send();
      } catch (error) {
        if (!(error instanceof IntegrationError) || error.code !== 'rate_limited' || attempt + 1 >= MAX_RATE_LIMITED) throw error;
        const wait = error.retryAfterMs ?? backoffDelay(attempt, BASE_WAIT_MS, MAX_WAIT_MS);
        // Workers that hit the limit together wait once, until the latest time any was told.
        if (Date.now() + wait > resumeAt) {
          resumeAt = Date.now() + wait;
          resume = delay(wait, options.signal).catch(() => undefined);
          options.onWait?.(wait);
        }
      }
    }
  };
  const worker = async () => {
    while (next < ids.length) {
      const index = next++;
      const id = ids[index]!;
      if (options.signal?.aborted) {
        record(index, { id, ok: false, error: new IntegrationError('aborted', 'Cancelled before it started.') });
        continue;
      }
      try {
        record(index, { id, ok: true, value: await task(id, paced) });
      } catch (error) {
        record(index, { id, ok: false, error: toIntegrationError(error) });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, ids.length) }, worker));
  return results;
}
