/**
 * Bulk work with bounded concurrency: a few requests at a time (never a thousand at once), a
 * result per item (which failed and why), progress as it goes, and Cancel that stops starting
 * new work while letting in-flight requests finish.
 */
import { IntegrationError, toIntegrationError } from './errors.js';

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
}

export async function runBulk<T>(
  ids: readonly string[],
  task: (id: string) => Promise<T>,
  options: BulkOptions<T> = {},
): Promise<Array<BulkItemResult<T>>> {
  const results: Array<BulkItemResult<T>> = new Array(ids.length);
  const concurrency = Math.max(1, Math.floor(options.concurrency ?? 4));
  let next = 0;
  let done = 0;
  const record = (index: number, result: BulkItemResult<T>) => {
    results[index] = result;
    done += 1;
    options.onProgress?.(done, ids.length, result);
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
        record(index, { id, ok: true, value: await task(id) });
      } catch (error) {
        record(index, { id, ok: false, error: toIntegrationError(error) });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, ids.length) }, worker));
  return results;
}
