/**
 * The embedded database, seen from the server's thread: PGlite runs in a worker thread of its own
 * (pglite-worker.ts) and this proxies the `Database` interface to it over the worker's MessagePort.
 * PGlite executes PostgreSQL in WASM synchronously on its thread, so in the server's thread every
 * statement would stall every request, new connections included; in a worker it stalls nothing.
 *
 * Transactions cross the boundary by id: `begin` takes PGlite's lock (others queue, as in PGlite),
 * the work's queries name the transaction, then commit or rollback. A worker that dies rejects
 * every waiting call and every later one with a DatabaseWorkerError instead of leaving them hanging.
 */
import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Database, Queryable } from './database.js';
import {
  DatabaseQueryError,
  type SerializedError,
  type WorkerData,
  type WorkerReply,
  type WorkerRequest,
  type WorkerStartup,
} from './pglite-worker-protocol.js';

/** The worker thread could not start, stopped, or the database is closed. */
export class DatabaseWorkerError extends Error {
  override name = 'DatabaseWorkerError';
}

export interface PGliteWorkerOptions {
  dataDir: string;
  /** The worker's entry module; tests swap in one that can be made to crash. */
  workerUrl?: URL | undefined;
  /** Told once when the worker dies while open (every call fails from then on). Default: stderr. */
  onFailure?: ((error: DatabaseWorkerError) => void) | undefined;
  /** How long close() lets PGlite shut down before the thread is terminated. */
  closeTimeoutMs?: number | undefined;
}

type Request = WorkerRequest extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never;
type Ok = Extract<WorkerReply, { ok: true }>;

/** The worker module beside this one, in the same language (.ts run by tsx, or built .js). */
const DEFAULT_WORKER_URL = new URL(`./pglite-worker${extname(fileURLToPath(import.meta.url))}`, import.meta.url);

/**
 * A .ts worker module is loaded through tsx inside its thread: on Node 20 neither hooks registered
 * at run time nor `--import` reach worker threads.
 */
function startWorker(workerUrl: URL, workerData: WorkerData): Worker {
  if (!workerUrl.pathname.endsWith('.ts')) return new Worker(workerUrl, { workerData });
  const tsx = JSON.stringify(import.meta.resolve('tsx/esm/api'));
  const bootstrap = `import(${tsx}).then(({ register }) => { register(); return import(${JSON.stringify(workerUrl.href)}); })`;
  return new Worker(bootstrap, { eval: true, workerData });
}

export async function openPGliteWorker(options: PGliteWorkerOptions): Promise<Omit<Database, 'kind'>> {
  const workerUrl = options.workerUrl ?? DEFAULT_WORKER_URL;
  const onFailure =
    options.onFailure ?? ((error: DatabaseWorkerError) => process.stderr.write(`The embedded database failed: ${error.message}\n`));
  const worker = startWorker(workerUrl, { dataDir: options.dataDir });
  // Referenced only while a call waits, so an idle open database never keeps the process alive.
  worker.unref();

  const pending = new Map<number, { resolve: (reply: Ok) => void; reject: (error: Error) => void }>();
  let lastId = 0;
  let failure: DatabaseWorkerError | undefined;
  let closing = false;

  const settle = (id: number) => {
    const waiter = pending.get(id);
    pending.delete(id);
    if (pending.size === 0) worker.unref();
    return waiter;
  };
  const fail = (error: DatabaseWorkerError) => {
    if (failure) return;
    failure = error;
    for (const id of [...pending.keys()]) settle(id)?.reject(error);
    if (!closing) onFailure(error);
  };

  let onStartup!: (message: WorkerStartup) => void;
  let onStartError!: (error: Error) => void;
  let onStartExit!: (code: number) => void;
  const started = new Promise<void>((resolve, reject) => {
    onStartup = (message) =>
      message.type === 'ready'
        ? resolve()
        : reject(new DatabaseWorkerError(`The embedded database could not open ${options.dataDir}: ${message.error.message}`));
    onStartError = reject;
    onStartExit = (code) => reject(new DatabaseWorkerError(`The embedded database's worker stopped while starting (exit code ${code}).`));
  });
  worker.once('message', onStartup).once('error', onStartError).once('exit', onStartExit);
  worker.ref();
  try {
    await started;
  } catch (error) {
    await worker.terminate();
    throw error instanceof DatabaseWorkerError
      ? error
      : new DatabaseWorkerError(`The embedded database's worker failed to start: ${(error as Error).message}`, { cause: error });
  } finally {
    worker.unref();
  }
  // Not removeAllListeners(): the Worker's own listeners (which route its messages) must stay.
  worker.off('message', onStartup).off('error', onStartError).off('exit', onStartExit);

  worker.on('message', (reply: WorkerReply) => {
    const waiter = settle(reply.id);
    if (!waiter) return;
    if (reply.ok) waiter.resolve(reply);
    else waiter.reject(rebuildError(reply.error));
  });
  worker.on('error', (error) => fail(new DatabaseWorkerError(`The embedded database's worker failed: ${error.message}`, { cause: error })));
  worker.on('exit', (code) =>
    fail(new DatabaseWorkerError(closing ? 'The database is closed.' : `The embedded database's worker stopped (exit code ${code}).`)),
  );

  const send = (request: Request): Promise<Ok> =>
    new Promise((resolve, reject) => {
      if (failure) return reject(failure);
      if (closing && request.op !== 'close') return reject(new DatabaseWorkerError('The database is closed.'));
      const id = ++lastId;
      try {
        worker.postMessage({ ...request, id });
      } catch (error) {
        // A parameter structured clone cannot carry (a function, a symbol …).
        return reject(error);
      }
      if (pending.size === 0) worker.ref();
      pending.set(id, { resolve, reject });
    });

  const scoped = (tx?: number): Queryable => ({
    async query<Row>(sql: string, params: readonly unknown[] = []) {
      return (await send({ op: 'query', sql, params: [...params], tx })).rows as Row[];
    },
    async exec(sql: string) {
      await send({ op: 'exec', sql, tx });
    },
  });

  return {
    ...scoped(),
    async transaction(work) {
      const { tx } = await send({ op: 'begin' });
      let result;
      try {
        result = await work(scoped(tx));
      } catch (error) {
        await send({ op: 'rollback', tx: tx! }).catch(() => {});
        throw error;
      }
      await send({ op: 'commit', tx: tx! });
      return result;
    },
    async close() {
      if (closing) return;
      closing = true;
      if (!failure) {
        let timer: NodeJS.Timeout | undefined;
        const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, options.closeTimeoutMs ?? 10_000)));
        await Promise.race([send({ op: 'close' }).catch(() => {}), timeout]);
        clearTimeout(timer);
      }
      await worker.terminate();
    },
  };
}

function rebuildError(serialized: SerializedError): Error {
  return new DatabaseQueryError(serialized);
}
