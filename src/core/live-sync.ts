/**
 * What the client does with the event stream: opens it while the API offers one (`/me`
 * `features.events`) and something watches the cache; applies each event through the client's
 * write path (live-apply.ts); stops interval polling while the stream is up (and lets it run
 * again on a drop); and lets the token scheduler step aside while the server refreshes tokens
 * itself.
 *
 * The stream's own code (its reader, the checks of each event, what events do) is loaded the
 * first time the stream is wanted (live-import.ts), so a page whose API has no stream, or that
 * turns it off, never downloads it. Until then, and if that load fails, polling goes on.
 */
import type { QueryCache } from './cache.js';
import { IntegrationError } from './errors.js';
import { importLiveStream } from './live-import.js';
import type { LiveEvents, LiveState } from './live.js';
import type { Permissions } from './permissions.js';
import type { Integration } from './types.js';

/** After the stream's code failed to load, the next try waits this long; polling goes on meanwhile. */
export const LIVE_CODE_RETRY_MS = 30_000;

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
  readonly #target: LiveTarget;
  readonly #listeners = new Set<LiveStatusListener>();
  readonly #unsubscribe: () => void;
  /** The stream, once its code is loaded. */
  #events: LiveEvents | undefined;
  #loadingCode = false;
  /** Why the stream's code could not be loaded; cleared by the next try. */
  #loadError: IntegrationError | undefined;
  #retryTimer: ReturnType<typeof setTimeout> | undefined;
  /** The state listeners last heard. */
  #reported: LiveState = 'off';
  #checkQueued = false;
  #destroyed = false;
  /** Refused (401/403): no stream until `resume()` says the caller's sign-in changed. */
  #refused = false;
  #loadingMe = false;
  /** What the scheduler was last told (it steps aside while the server refreshes tokens). */
  #aside = false;

  constructor(target: LiveTarget) {
    this.#target = target;
    this.#unsubscribe = target.cache.subscribe(() => this.#queueCheck());
    this.#queueCheck();
  }

  get state(): LiveState {
    if (this.#events) return this.#events.state;
    return this.#loadingCode ? 'connecting' : this.#loadError ? 'down' : 'off';
  }

  get error(): IntegrationError | undefined {
    return this.#events ? this.#events.error : this.#loadError;
  }

  subscribe(listener: LiveStatusListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Opens the stream again after a refusal (the host signed the caller in again). */
  resume(): void {
    this.#refused = false;
    if (this.#events?.state === 'refused') this.#events.stop();
    this.#queueCheck();
  }

  destroy(): void {
    this.#destroyed = true;
    this.#unsubscribe();
    clearTimeout(this.#retryTimer);
    this.#events?.stop();
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
    const events = this.#events;
    if (!events) {
      if (wanted && !this.#loadingCode && this.#retryTimer === undefined) this.#loadCode();
      return;
    }
    const settled = this.#refused || events.state === 'unsupported';
    if (wanted && !settled && !events.running) events.start();
    else if (!wanted && events.running) events.stop();
  }

  #loadCode(): void {
    this.#loadingCode = true;
    this.#loadError = undefined;
    this.#report();
    importLiveStream().then(
      ({ LiveEvents, applyLiveEvent }) => {
        this.#loadingCode = false;
        if (this.#destroyed) return;
        this.#events = new LiveEvents({
          open: this.#target.open,
          onEvent: (event) => applyLiveEvent(this.#target, event),
          onStateChange: () => this.#stateChanged(),
        });
        this.#check();
        this.#report();
      },
      (cause: unknown) => {
        this.#loadingCode = false;
        if (this.#destroyed) return;
        const message = cause instanceof Error ? cause.message : String(cause);
        this.#loadError = new IntegrationError('network_error', message, { cause });
        this.#retryTimer = setTimeout(() => {
          this.#retryTimer = undefined;
          this.#queueCheck();
        }, LIVE_CODE_RETRY_MS);
        this.#report();
      },
    );
  }

  #stateChanged(): void {
    const state = this.state;
    // Polling is the fallback: it stops only while the stream is up.
    this.#target.cache.pauseIntervals(state === 'open');
    if (state === 'refused') this.#refused = true;
    this.#report();
  }

  /** Tells listeners the state, when it changed since they last heard. */
  #report(): void {
    const state = this.state;
    if (state === this.#reported) return;
    this.#reported = state;
    for (const listener of this.#listeners) listener(state, this.error);
  }
}
