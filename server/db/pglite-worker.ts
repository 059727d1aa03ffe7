/**
 * The worker thread that owns the embedded database. PGlite runs PostgreSQL in WASM on the thread
 * that calls it, and one statement can hold that thread for seconds; here it holds this thread
 * instead of the server's event loop. pglite-worker-client.ts starts it and speaks
 * pglite-worker-protocol.ts with it.
 *
 * A transaction stays open between messages: `begin` waits for PGlite's transaction lock (so other
 * transactions and plain queries queue behind it, as in PGlite itself), and the transaction's
 * queries run on it in the order they arrive until `commit` or `rollback`.
 */
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { PGlite, type Transaction } from '@electric-sql/pglite';
import { serializeError, type WorkerData, type WorkerReply, type WorkerRequest, type WorkerStartup } from './pglite-worker-protocol.js';

interface OpenTransaction {
  tx: Transaction;
  /** true: commit; false: roll back. */
  finish(commit: boolean): void;
  /** Settles once PGlite has committed or rolled back (rejects when COMMIT fails). */
  done: Promise<void>;
}

const port = parentPort;
if (!port) throw new Error('pglite-worker.ts runs in a worker thread (see pglite-worker-client.ts)');

const { dataDir } = workerData as WorkerData;
const open = new Map<number, OpenTransaction>();
let lastTransactionId = 0;

function reply(message: WorkerReply): void {
  try {
    port!.postMessage(message);
  } catch (error) {
    // Rows that cannot be cloned must still answer, or the caller would wait for ever.
    port!.postMessage({ id: message.id, ok: false, error: serializeError(error) } satisfies WorkerReply);
  }
}

function transactionOf(id: number | undefined): Transaction | undefined {
  if (id === undefined) return undefined;
  const entry = open.get(id);
  if (!entry) throw new Error(`No open transaction ${id} in the database worker.`);
  return entry.tx;
}

/** Starts a transaction; answers `begin` once BEGIN has run, with the id later messages name. */
function begin(db: PGlite, requestId: number): void {
  const id = ++lastTransactionId;
  let finish!: (commit: boolean) => void;
  const decided = new Promise<boolean>((resolve) => (finish = resolve));
  let begun = false;
  const done = db.transaction(async (tx) => {
    begun = true;
    open.set(id, { tx, finish, done });
    reply({ id: requestId, ok: true, tx: id });
    // A rolled-back transaction returns normally: PGlite then neither commits nor rolls back again.
    if (!(await decided)) await tx.rollback();
  });
  done.catch((error: unknown) => {
    if (!begun) reply({ id: requestId, ok: false, error: serializeError(error) });
  });
}

async function finishTransaction(message: { id: number; tx: number }, commit: boolean): Promise<void> {
  const entry = open.get(message.tx);
  if (!entry) throw new Error(`No open transaction ${message.tx} in the database worker.`);
  open.delete(message.tx);
  entry.finish(commit);
  await entry.done;
}

async function handle(db: PGlite, message: WorkerRequest): Promise<WorkerReply> {
  switch (message.op) {
    case 'query': {
      const tx = transactionOf(message.tx);
      const result = await (tx ?? db).query(message.sql, message.params);
      return { id: message.id, ok: true, rows: result.rows };
    }
    case 'exec':
      await (transactionOf(message.tx) ?? db).exec(message.sql);
      return { id: message.id, ok: true };
    case 'commit':
    case 'rollback':
      await finishTransaction(message, message.op === 'commit');
      return { id: message.id, ok: true };
    case 'close':
      // Whatever was left open is rolled back, so closing never waits on a transaction lock.
      for (const entry of open.values()) entry.finish(false);
      open.clear();
      await db.close();
      return { id: message.id, ok: true };
    default:
      throw new Error(`Unknown database worker request: ${(message as { op: string }).op}`);
  }
}

async function main(port: MessagePort): Promise<void> {
  let db: PGlite;
  try {
    db = await PGlite.create(dataDir);
  } catch (error) {
    // Told to the client, which refuses to open; the thread then ends with nothing left to do.
    port.postMessage({ type: 'failed', error: serializeError(error) } satisfies WorkerStartup);
    port.close();
    return;
  }
  port.on('message', (message: WorkerRequest) => {
    if (message.op === 'begin') return begin(db, message.id);
    handle(db, message).then(
      (answer) => {
        reply(answer);
        if (message.op === 'close') port.close();
      },
      (error: unknown) => reply({ id: message.id, ok: false, error: serializeError(error) }),
    );
  });
  port.postMessage({ type: 'ready' } satisfies WorkerStartup);
}

await main(port);
