/**
 * The fan-out of one process: which open streams wait for which tenant. A wake-up carries no event,
 * only "this tenant has new rows"; each stream then reads its rows after the last id it sent, so a
 * lost or doubled wake-up can delay nothing and duplicate nothing.
 *
 * On PostgreSQL one dedicated connection LISTENs on `mwap_events` (every process hears every
 * commit of every process) and reconnects when it drops, waking every stream afterwards for what
 * it may have missed. On PGlite (one process) commits wake the hub directly (commit-hook.ts).
 */
import type { Logger } from '../logger.js';
import { EVENTS_CHANNEL } from './record.js';

export interface EventHub {
  /** `wake` is called whenever the tenant may have new events; returns the unsubscribe. */
  subscribe(tenantId: string, wake: () => void): () => void;
  /** Open subscriptions (a stream that ended must have left). */
  readonly subscriptions: number;
  close(): Promise<void>;
}

export class FanOut implements EventHub {
  readonly #byTenant = new Map<string, Set<() => void>>();
  #count = 0;

  subscribe(tenantId: string, wake: () => void): () => void {
    let set = this.#byTenant.get(tenantId);
    if (!set) this.#byTenant.set(tenantId, (set = new Set()));
    const entry = () => wake();
    set.add(entry);
    this.#count++;
    let done = false;
    return () => {
      if (done) return;
      done = true;
      set.delete(entry);
      this.#count--;
      if (set.size === 0 && this.#byTenant.get(tenantId) === set) this.#byTenant.delete(tenantId);
    };
  }

  wake(tenantId: string): void {
    for (const wake of [...(this.#byTenant.get(tenantId) ?? [])]) wake();
  }

  wakeAll(): void {
    for (const tenantId of [...this.#byTenant.keys()]) this.wake(tenantId);
  }

  get subscriptions(): number {
    return this.#count;
  }

  async close(): Promise<void> {}
}

const RECONNECT_MIN_MS = 250;
const RECONNECT_MAX_MS = 10_000;

/** A FanOut fed by LISTEN on a connection of its own; resolves once listening. */
export async function listeningHub(databaseUrl: string, logger: Logger): Promise<EventHub> {
  const pg = (await import('pg')).default;
  const fanOut = new FanOut();
  let client: InstanceType<typeof pg.Client> | undefined;
  let closed = false;
  let retryMs = RECONNECT_MIN_MS;
  let timer: NodeJS.Timeout | undefined;

  const connect = async (): Promise<void> => {
    const next = new pg.Client({ connectionString: databaseUrl });
    let lost = false;
    const onLost = (error?: Error) => {
      if (lost) return;
      lost = true;
      next.removeAllListeners('notification');
      next.end().catch(() => {});
      if (closed) return;
      logger.warn('event listener connection lost; reconnecting', { error: error?.message, retryMs });
      timer = setTimeout(() => {
        connect().catch(() => {});
      }, retryMs);
      timer.unref();
      retryMs = Math.min(retryMs * 2, RECONNECT_MAX_MS);
    };
    next.on('notification', (message) => {
      if (message.channel !== EVENTS_CHANNEL || !message.payload) return;
      try {
        const { tenantId } = JSON.parse(message.payload) as { tenantId?: unknown };
        if (typeof tenantId === 'string') fanOut.wake(tenantId);
      } catch {
        // Someone else's NOTIFY on our channel: nothing to wake.
      }
    });
    next.on('error', onLost);
    next.on('end', () => onLost());
    try {
      await next.connect();
      await next.query(`LISTEN ${EVENTS_CHANNEL}`);
    } catch (error) {
      onLost(error as Error);
      throw error;
    }
    if (closed) {
      await next.end().catch(() => {});
      return;
    }
    client = next;
    retryMs = RECONNECT_MIN_MS;
    // Commits while nobody listened sent their NOTIFY to no one: every stream looks again.
    fanOut.wakeAll();
  };

  try {
    await connect();
  } catch (error) {
    closed = true;
    clearTimeout(timer);
    throw error;
  }
  return {
    subscribe: (tenantId, wake) => fanOut.subscribe(tenantId, wake),
    get subscriptions() {
      return fanOut.subscriptions;
    },
    async close() {
      closed = true;
      clearTimeout(timer);
      await client?.end().catch(() => {});
    },
  };
}
