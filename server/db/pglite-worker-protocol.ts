/**
 * The messages between the server's thread and the worker thread that owns PGlite
 * (pglite-worker.ts, pglite-worker-client.ts). Everything in them survives structured clone:
 * parameters and rows keep their Dates, Uint8Arrays, bigints and parsed JSON; errors travel as plain
 * fields and are rebuilt on the other side with their PostgreSQL code.
 */

export type WorkerRequest =
  | { id: number; op: 'query'; sql: string; params: unknown[]; tx?: number | undefined }
  | { id: number; op: 'exec'; sql: string; tx?: number | undefined }
  /** Waits for PGlite's transaction lock, runs BEGIN, answers with a transaction id. */
  | { id: number; op: 'begin' }
  | { id: number; op: 'commit' | 'rollback'; tx: number }
  | { id: number; op: 'close' };

export type WorkerReply = { id: number; ok: true; rows?: unknown[]; tx?: number } | { id: number; ok: false; error: SerializedError };

/** The first message the worker sends: PGlite is open, or why it could not be. */
export type WorkerStartup = { type: 'ready' } | { type: 'failed'; error: SerializedError };

export interface WorkerData {
  dataDir: string;
}

/** The fields of a PostgreSQL error (pg-protocol's DatabaseError, which pg's errors share). */
const ERROR_FIELDS = [
  'code',
  'severity',
  'detail',
  'hint',
  'position',
  'where',
  'schema',
  'table',
  'column',
  'dataType',
  'constraint',
  'routine',
] as const;

export type SerializedError = { name: string; message: string } & Partial<Record<(typeof ERROR_FIELDS)[number], string>>;

export function serializeError(error: unknown): SerializedError {
  if (!(error instanceof Error)) return { name: 'Error', message: String(error) };
  const out: SerializedError = { name: error.name, message: error.message };
  for (const field of ERROR_FIELDS) {
    const value = (error as unknown as Record<string, unknown>)[field];
    if (typeof value === 'string') out[field] = value;
  }
  return out;
}

/** An error PostgreSQL (in the worker) raised: `code` is its SQLSTATE, as with `pg`. */
export class DatabaseQueryError extends Error {
  code?: string;
  severity?: string;
  detail?: string;
  hint?: string;
  position?: string;
  where?: string;
  schema?: string;
  table?: string;
  column?: string;
  dataType?: string;
  constraint?: string;
  routine?: string;

  constructor(serialized: SerializedError) {
    super(serialized.message);
    this.name = 'DatabaseQueryError';
    for (const field of ERROR_FIELDS) if (serialized[field] !== undefined) this[field] = serialized[field];
  }
}
