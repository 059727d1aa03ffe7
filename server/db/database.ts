/**
 * One small interface over the two databases the server runs on: PGlite (PostgreSQL in WASM, on a
 * data folder, no set-up) and a real PostgreSQL through `pg` when DATABASE_URL is set. Both speak
 * the same SQL, so the repositories and migrations are written once. PGlite runs in a worker thread
 * (pglite-worker-client.ts); errors of both carry PostgreSQL's SQLSTATE in `code`.
 */
import { mkdirSync } from 'node:fs';
import { openPGliteWorker } from './pglite-worker-client.js';

export interface Queryable {
  /** One statement with `$1…` parameters. */
  query<Row = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<Row[]>;
  /** Several statements, no parameters (migrations). */
  exec(sql: string): Promise<void>;
}

export interface Database extends Queryable {
  readonly kind: 'pglite' | 'postgres';
  /** PostgreSQL's connection string, for a connection of its own (the event stream's LISTEN). */
  readonly databaseUrl?: string | undefined;
  /** Runs `work` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** postgres://… — when set, PostgreSQL through `pg`; otherwise PGlite in `dataDir`. */
  databaseUrl?: string | undefined;
  /** Folder for PGlite's files. */
  dataDir: string;
}

/** Parameters cross both drivers as JSON text when they are objects (jsonb columns); Dates and bytes stay as they are. */
function toDriverParams(params: readonly unknown[] = []): unknown[] {
  return params.map((p) => (p !== null && typeof p === 'object' && !(p instanceof Date) && !ArrayBuffer.isView(p) ? JSON.stringify(p) : p));
}

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  return options.databaseUrl ? openPostgres(options.databaseUrl) : openPGlite(options.dataDir);
}

/**
 * PGlite runs in a worker thread of its own (pglite-worker-client.ts): executing PostgreSQL in WASM
 * on the server's thread would stall every request, and every new connection, for as long as a
 * statement runs.
 */
async function openPGlite(dataDir: string): Promise<Database> {
  mkdirSync(dataDir, { recursive: true });
  const db = await openPGliteWorker({ dataDir });
  const wrap = (q: Queryable): Queryable => ({
    query: (sql, params) => q.query(sql, toDriverParams(params)),
    exec: (sql) => q.exec(sql),
  });
  return {
    kind: 'pglite',
    ...wrap(db),
    transaction: (work) => db.transaction((tx) => work(wrap(tx))),
    close: () => db.close(),
  };
}

async function openPostgres(databaseUrl: string): Promise<Database> {
  const pg = await import('pg');
  const pool = new pg.default.Pool({ connectionString: databaseUrl, max: 10 });
  // An idle client that loses its connection must not crash the process.
  pool.on('error', () => {});
  const wrap = (q: { query: (sql: string, params?: unknown[]) => Promise<{ rows: unknown[] }> }): Queryable => ({
    async query<Row>(sql: string, params?: readonly unknown[]) {
      const result = await q.query(sql, toDriverParams(params));
      return result.rows as Row[];
    },
    async exec(sql: string) {
      await q.query(sql);
    },
  });
  return {
    kind: 'postgres',
    databaseUrl,
    ...wrap(pool),
    async transaction(work) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await work(wrap(client));
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => {});
        throw error;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}
