/**
 * The embedded database in its worker thread (server/db/pglite-worker*.ts): the server's event loop
 * keeps turning while PGlite works, transactions keep their meaning across the thread boundary
 * (ordered, one at a time, commit and rollback), errors keep PostgreSQL's code, values survive the
 * crossing, and close and a crashed worker end calls instead of leaving them waiting.
 */
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { openDatabase, type Database } from '../db/database.js';
import { DatabaseWorkerError, openPGliteWorker } from '../db/pglite-worker-client.js';

const ROOT = resolve(import.meta.dirname, '../..');
const work = mkdtempSync(join(tmpdir(), 'mwap-pglite-worker-test-'));
after(() => rmSync(work, { recursive: true, force: true }));

/** A data folder: a copy of the suite's empty template cluster when there is one (initdb is slow). */
function dataFolder(name: string): string {
  const { version } = JSON.parse(readFileSync(join(ROOT, 'node_modules/@electric-sql/pglite/package.json'), 'utf8')) as { version: string };
  const template = join(tmpdir(), `mwap-pglite-template-${version}`);
  const dir = join(work, name);
  if (existsSync(join(template, 'PG_VERSION'))) cpSync(template, dir, { recursive: true });
  return dir;
}

function deferred() {
  let resolveIt!: () => void;
  const promise = new Promise<void>((r) => (resolveIt = r));
  return { promise, resolve: resolveIt };
}

describe('PGlite in a worker thread', () => {
  let db: Database;
  before(async () => {
    db = await openDatabase({ dataDir: dataFolder('main') });
    await db.exec('CREATE TABLE items (k text PRIMARY KEY, n integer NOT NULL DEFAULT 0)');
  });
  after(() => db.close());

  it('leaves the event loop free while a statement computes for seconds', async () => {
    let longestGap = 0;
    let last = performance.now();
    const ticker = setInterval(() => {
      const now = performance.now();
      longestGap = Math.max(longestGap, now - last);
      last = now;
    }, 10);
    const started = performance.now();
    try {
      // CPU-bound in PostgreSQL itself (pg_sleep would not do: PGlite does not block on it).
      await db.query("SELECT count(*) FROM generate_series(1, 2000000) a CROSS JOIN generate_series(1, 3) b WHERE md5(a::text) > ''");
    } finally {
      clearInterval(ticker);
    }
    // The gap still open when the statement ends counts too (a blocked timer never ticks at all).
    longestGap = Math.max(longestGap, performance.now() - last);
    const statementMs = performance.now() - started;
    // In the server's own thread the timer could not fire until the statement is done.
    assert.ok(
      longestGap < statementMs / 2,
      `the event loop stalled for ${Math.round(longestGap)} ms of a ${Math.round(statementMs)} ms statement`,
    );
  });

  it('commits a transaction, and rolls back one whose work throws', async () => {
    await db.transaction(async (tx) => {
      await tx.query('INSERT INTO items (k) VALUES ($1)', ['committed']);
      await tx.exec("UPDATE items SET n = 1 WHERE k = 'committed'");
    });
    await assert.rejects(
      db.transaction(async (tx) => {
        await tx.query('INSERT INTO items (k) VALUES ($1)', ['rolled-back']);
        throw new Error('work failed');
      }),
      /work failed/,
    );
    assert.deepEqual(await db.query("SELECT k, n FROM items WHERE k IN ('committed', 'rolled-back')"), [{ k: 'committed', n: 1 }]);
  });

  it('runs one transaction at a time: others and plain queries wait for its commit', async () => {
    const events: string[] = [];
    const othersSent = deferred();
    const first = db.transaction(async (tx) => {
      events.push('first begins');
      await tx.query('INSERT INTO items (k) VALUES ($1)', ['first']);
      await othersSent.promise;
      // Round trips through the worker after the others were sent: it reads its messages in
      // order, so by the last reply it holds both of them, and neither may have run yet.
      for (let i = 0; i < 5; i++) await tx.query('SELECT 1');
      events.push('first still holds the lock');
      await tx.query('UPDATE items SET n = 2 WHERE k = $1', ['first']);
      events.push('first ends');
    });
    const second = db.transaction(async (tx) => {
      events.push('second begins');
      const [row] = await tx.query<{ n: number }>('SELECT n FROM items WHERE k = $1', ['first']);
      events.push(`second sees n=${row?.n}`);
    });
    const plain = db
      .query<{ n: number }>('SELECT n FROM items WHERE k = $1', ['first'])
      .then(([row]) => events.push(`plain sees n=${row?.n}`));
    othersSent.resolve();
    await Promise.all([first, second, plain]);
    assert.deepEqual(events.slice(0, 3), ['first begins', 'first still holds the lock', 'first ends']);
    assert.deepEqual(events.slice(3).sort(), ['plain sees n=2', 'second begins', 'second sees n=2']);
  });

  it("keeps PostgreSQL's error code, inside a transaction too", async () => {
    await db.query('INSERT INTO items (k) VALUES ($1)', ['unique']);
    await assert.rejects(
      db.query('INSERT INTO items (k) VALUES ($1)', ['unique']),
      (error: Error & { code?: string; constraint?: string }) => {
        assert.equal(error.code, '23505');
        assert.equal(error.constraint, 'items_pkey');
        assert.match(error.message, /duplicate key/);
        return true;
      },
    );
    await assert.rejects(
      db.transaction(async (tx) => {
        await tx.query('INSERT INTO items (k) VALUES ($1)', ['in-tx']);
        await tx.query('INSERT INTO items (k) VALUES ($1)', ['unique']);
      }),
      { code: '23505' },
    );
    assert.deepEqual(await db.query("SELECT k FROM items WHERE k = 'in-tx'"), []);
    await assert.rejects(db.query('SELECT * FROM no_such_table'), { code: '42P01' });
  });

  it('carries Dates, bytes, bigints and JSON both ways', async () => {
    const at = new Date('2026-01-02T03:04:05.678Z');
    const [row] = await db.query<{ at: Date; bytes: Uint8Array; big: unknown; doc: unknown; nothing: null }>(
      'SELECT $1::timestamptz AS at, $2::bytea AS bytes, $3::bigint AS big, $4::jsonb AS doc, $5::text AS nothing',
      [at, Buffer.from([0, 1, 254, 255]), 9007199254740993n, { nested: { list: [1, 'two', null] } }, null],
    );
    assert.ok(row!.at instanceof Date);
    assert.equal(row!.at.toISOString(), at.toISOString());
    assert.deepEqual([...row!.bytes], [0, 1, 254, 255]);
    assert.equal(String(row!.big), '9007199254740993');
    assert.deepEqual(row!.doc, { nested: { list: [1, 'two', null] } });
    assert.equal(row!.nothing, null);
  });

  it('refuses a parameter that cannot cross the thread boundary, and carries on', async () => {
    await assert.rejects(db.query('SELECT $1::text AS v', [Symbol('no')]));
    assert.deepEqual(await db.query('SELECT 1 AS one'), [{ one: 1 }]);
  });
});

describe('PGlite worker lifetime', () => {
  it('close rolls back an unfinished transaction, ends the worker, and later calls fail', async () => {
    const db = await openPGliteWorker({ dataDir: dataFolder('close') });
    await db.exec('CREATE TABLE t (k text)');
    const stuck = deferred();
    const inserted = deferred();
    const abandoned = db.transaction(async (tx) => {
      await tx.query("INSERT INTO t VALUES ('never')");
      inserted.resolve();
      await stuck.promise;
    });
    await inserted.promise;
    await db.close();
    await assert.rejects(db.query('SELECT 1'), (error: Error) => error instanceof DatabaseWorkerError && /closed/.test(error.message));
    stuck.resolve();
    await assert.rejects(abandoned, DatabaseWorkerError);
    const reopened = await openPGliteWorker({ dataDir: join(work, 'close') });
    assert.deepEqual(await reopened.query('SELECT k FROM t'), []);
    await reopened.close();
  });

  it('a crashed worker fails the waiting call and every later one, and is reported once', async () => {
    const failures: Error[] = [];
    const db = await openPGliteWorker({
      dataDir: dataFolder('crash'),
      workerUrl: new URL('./support/crashing-pglite-worker.ts', import.meta.url),
      onFailure: (error) => failures.push(error),
    });
    await assert.rejects(
      db.query('SELECT crash'),
      (error: Error) => error instanceof DatabaseWorkerError && /exit code 7/.test(error.message),
    );
    await assert.rejects(db.query('SELECT 1'), DatabaseWorkerError);
    await assert.rejects(
      db.transaction(async () => {}),
      DatabaseWorkerError,
    );
    assert.equal(failures.length, 1);
    await db.close();
  });

  it('a data folder PGlite cannot open is a clear error at start', async () => {
    const file = join(work, 'not-a-folder');
    writeFileSync(file, 'x');
    await assert.rejects(openPGliteWorker({ dataDir: file }), DatabaseWorkerError);
  });
});
