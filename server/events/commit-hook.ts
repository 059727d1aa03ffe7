/**
 * After-commit wake-ups for the embedded database. PGlite is one process, so the stream's
 * subscribers live beside the writers: instead of a LISTEN connection, the Database is wrapped so
 * that each transaction that recorded an event wakes that tenant's subscribers once it has
 * committed (and never when it rolled back).
 */
import type { Database, Queryable } from '../db/database.js';

const tenantsOf = new WeakMap<Queryable, Set<string>>();

/** Called by recordChange: this transaction wrote an event of `tenantId`. */
export function noteCommittedEvent(tx: Queryable, tenantId: string): void {
  tenantsOf.get(tx)?.add(tenantId);
}

export function wakeAfterCommit(db: Database, wake: (tenantId: string) => void): Database {
  return {
    kind: db.kind,
    databaseUrl: db.databaseUrl,
    query: (sql, params) => db.query(sql, params),
    exec: (sql) => db.exec(sql),
    close: () => db.close(),
    async transaction(work) {
      const tenants = new Set<string>();
      const result = await db.transaction((tx) => {
        const tracked: Queryable = { query: (sql, params) => tx.query(sql, params), exec: (sql) => tx.exec(sql) };
        tenantsOf.set(tracked, tenants);
        return work(tracked);
      });
      for (const tenantId of tenants) wake(tenantId);
      return result;
    },
  };
}
