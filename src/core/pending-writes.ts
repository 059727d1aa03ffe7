/**
 * The client's writes in flight, by integration: each is a layer shown over what the server said
 * until it is answered, and the writes to one integration go to the server one after another.
 *
 * Layers, not snapshots: a write that fails drops its own layer, so other writes (in flight or
 * done) and data fetched meanwhile stay. A queue per integration: each write is sent after the
 * one before it was answered, with the ETag that answer carried, so one user's quick edits never
 * conflict with each other.
 */
import type { QueryKey } from './cache.js';
import { editItems } from './list-data.js';
import type { Integration } from './types.js';

/** What a write expects the integration to become; `null`: gone (a delete). */
export type Edit = (integration: Integration) => Integration | null;

export class PendingWrites {
  readonly #layers = new Map<string, Edit[]>();
  readonly #queues = new Map<string, Promise<unknown>>();

  /** Shows `edit` over integration `id` until the returned function is called. */
  add(id: string, edit: Edit): () => void {
    this.#layers.set(id, [...(this.#layers.get(id) ?? []), edit]);
    return () => {
      const rest = (this.#layers.get(id) ?? []).filter((layer) => layer !== edit);
      if (rest.length > 0) this.#layers.set(id, rest);
      else this.#layers.delete(id);
    };
  }

  /** Runs `send` once every write to `id` queued before it has been answered. */
  enqueue<T>(id: string, send: () => Promise<T>): Promise<T> {
    const previous = this.#queues.get(id);
    const run = previous ? previous.then(send, send) : send();
    const tail = run.catch(() => undefined);
    this.#queues.set(id, tail);
    void tail.then(() => {
      if (this.#queues.get(id) === tail) this.#queues.delete(id);
    });
    return run;
  }

  /** The cache's overlay: a cached integration or list with every pending layer applied. */
  readonly overlay = (key: QueryKey, data: unknown): unknown => {
    if (this.#layers.size === 0 || key[0] !== 'integrations') return data;
    if (key[1] === 'list') return editItems(data, (item) => (this.#layers.has(item.id) ? this.#apply(item) : undefined));
    // A detail being deleted still shows the integration until the server has deleted it.
    if (key[1] === 'detail' && data) return this.#apply(data as Integration) ?? data;
    return data;
  };

  #apply(integration: Integration): Integration | null {
    let shown: Integration | null = integration;
    for (const edit of this.#layers.get(integration.id) ?? []) shown = shown && edit(shown);
    return shown;
  }
}
