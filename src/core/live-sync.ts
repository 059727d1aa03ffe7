/**
 * What the client does with the event stream: opens it while the API offers one (`/me`
 * `features.events`) and something watches the cache; applies each event through the client's
 * write path; stops interval polling while the stream is up (and lets it run again on a drop);
 * and lets the token scheduler step aside while the server refreshes tokens itself.
 *
 * Events reach the cache as the answer to a write does: the server's copy is stored where the
 * cache holds the integration, under the layers of writes still in flight (pending-writes.ts), so
 * an edit being saved stays on screen over an event. A copy older than the one held (an event
 * replayed after a write's answer) is not stored.
 */
import type { QueryCache } from './cache.js';
import type { IntegrationError } from './errors.js';
import { isOlder } from './live-freshness.js';
import { LiveEvents, type LiveState } from './live.js';
import type { Permissions } from './permissions.js';
import type { Pages } from './cache.js';
import type { Activity, Integration, LiveEvent, Page } from './types.js';

/** What the stream needs of the client (narrow, so the wiring stays readable). */
export interface LiveTarget {
  cache: QueryCache;
  open: (lastEventId: string | undefined, signal: AbortSignal) => Promise<Response>;
  /** The cached `/me` (undefined until loaded), and loading it. */
  permissions: () => Permissions;
  loadPermissions: () => Promise<Permissions>;
  cachedIntegration: (id: string) => Integration | undefined;
  store: (integration: Integration) => void;
  /** Takes a deleted integration out of every list and makes watchers of it read again (`not_found`). */
  forget: (id: string) => void;
  /** Marks everything stale and refetches what is watched. */
  invalidateAll: () => void;
  invalidate: (key: readonly unknown[]) => void;
  stepAside: (aside: boolean) => void;
  activityKey: (integrationId: string) => readonly unknown[];
  tokenHealthKey: (integrationId: string) => readonly unknown[];
  listsKey: () => readonly unknown[];
}

export type LiveStatusListener = (state: LiveState, error: IntegrationError | undefined) => void;

export class LiveSync {
  readonly events: LiveEvents;
  readonly #target: LiveTarget;
  readonly #listeners = new Set<LiveStatusListener>();
  readonly #unsubscribe: () => void;
  #checkQueued = false;
  #destroyed = false;
  /** Refused (401/403): no stream until `resume()` says the caller's sign-in changed. */
  #refused = false;
  #loadingMe = false;
  /** What the scheduler was last told (it steps aside while the server refreshes tokens). */
  #aside = false;

  constructor(target: LiveTarget) {
    this.#target = target;
    this.events = new LiveEvents({
      open: target.open,
      onEvent: (event) => this.#apply(event),
      onStateChange: (state) => this.#stateChanged(state),
    });
    this.#unsubscribe = target.cache.subscribe(() => this.#queueCheck());
    this.#queueCheck();
  }

  get state(): LiveState {
    return this.events.state;
  }

  subscribe(listener: LiveStatusListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Opens the stream again after a refusal (the host signed the caller in again). */
  resume(): void {
    this.#refused = false;
    if (this.events.state === 'refused') this.events.stop();
    this.#queueCheck();
  }

  destroy(): void {
    this.#destroyed = true;
    this.#unsubscribe();
    this.events.stop();
    this.#target.cache.pauseIntervals(false);
  }

  #queueCheck(): void {
    if (this.#checkQueued) return;
    this.#checkQueued = true;
    queueMicrotask(() => {
      this.#checkQueued = false;
      this.#check();
    });
  }

  /** Starts or stops the stream, and the scheduler's step aside, from `/me` and the watchers. */
  #check(): void {
    if (this.#destroyed) return;
    const target = this.#target;
    const watched = target.cache.watched;
    const permissions = target.permissions();
    if (!permissions.known) {
      // Nobody asked for /me yet: the stream depends on it, so ask once something watches.
      if (watched && !this.#loadingMe) {
        this.#loadingMe = true;
        void target.loadPermissions().finally(() => (this.#loadingMe = false));
      }
      return;
    }
    if (permissions.features.serverRefresh !== this.#aside) target.stepAside((this.#aside = permissions.features.serverRefresh));
    const wanted = watched && permissions.features.events && permissions.can('read');
    const settled = this.#refused || this.events.state === 'unsupported';
    if (wanted && !settled && !this.events.running) this.events.start();
    else if (!wanted && this.events.running) this.events.stop();
  }

  #stateChanged(state: LiveState): void {
    // Polling is the fallback: it stops only while the stream is up.
    this.#target.cache.pauseIntervals(state === 'open');
    if (state === 'refused') this.#refused = true;
    for (const listener of this.#listeners) listener(state, this.events.error);
  }

  #apply(event: LiveEvent): void {
    const target = this.#target;
    switch (event.type) {
      case 'reset':
        return target.invalidateAll();
      case 'integration.deleted':
        return target.forget(event.data.integrationId);
      case 'activity.recorded':
        return this.#addActivity(event.data.activity);
      case 'integration.created':
        this.#store(event.data.integration);
        // Where it goes in each list (filters, order) is the server's to say.
        return target.invalidate(target.listsKey());
      case 'integration.updated':
        return this.#store(event.data.integration);
      default:
        // A token or health change: the token report (last refresh, history) changed with it.
        this.#store(event.data.integration);
        target.invalidate(target.tokenHealthKey(event.data.integrationId));
    }
  }

  #store(integration: Integration): void {
    const held = this.#target.cachedIntegration(integration.id);
    if (held && isOlder(integration, held)) return;
    this.#target.store(integration);
  }

  /** Puts a new activity first in the loaded pages of its integration (once, by id). */
  #addActivity(activity: Activity): void {
    this.#target.cache.setAll(this.#target.activityKey(activity.integrationId), (current) => {
      const data = current as Pages<Page<Activity>, string | null> | undefined;
      const first = data?.pages[0];
      if (!data || !first || data.pages.some((page) => page.items.some((item) => item.id === activity.id))) return undefined;
      return { ...data, pages: [{ ...first, items: [activity, ...first.items], total: first.total + 1 }, ...data.pages.slice(1)] };
    });
  }
}
