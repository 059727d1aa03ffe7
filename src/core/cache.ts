/**
 * The shared query cache: one entry per query key, read by every element and host of a client.
 * It does what the widgets need of React Query and no more: concurrent reads share one request;
 * data counts as fresh for `staleTime`; invalidation refetches what is watched; watched queries
 * refetch on an interval, on focus and on reconnect; cursor pages load one after another and
 * refetch together. Unchanged parts of refetched data keep their identity, so a background
 * refetch does not disturb what reads it.
 *
 * Each entry holds what the server said (`set`, or a fetch) and shows it through the cache's
 * `overlay`: the client's optimistic writes in flight, applied again whenever server data lands,
 * so a refetch during a write does not undo it and a failed write is undone by dropping its
 * layer, never by restoring a snapshot that would undo other writes too.
 *
 * What each operation does to callers awaiting a fetch and to watchers:
 * - `fetch` joins a running fetch; its promise settles with the answer or the error.
 * - `invalidate` marks matching entries stale and refetches the watched ones now, restarting a
 *   running fetch: a caller of the replaced fetch gets the newer answer. Its promise rejects when
 *   a refetch fails (or cannot start while offline), so "Reload" can say it did not.
 * - `cancel` stops matching fetches and keeps their data; an awaiting caller's promise never
 *   settles with the stopped answer, and watchers see `isFetching: false`.
 * - `remove` forgets matching entries. A watched entry is reset instead: its watchers are told
 *   (pending, no data) and it refetches, so a deleted item reads `not_found` rather than going on
 *   as if current. Unwatched entries are dropped, their fetches stopped without an error.
 * - An entry nobody watches is collected `gcTime` after it was made or last watched.
 *
 * Interval refetches are per entry, not per watcher: an entry refetches every `refetchInterval`
 * of the watcher asking most often (the shortest wins), counted from its last fetch or `set`, so
 * two watchers of one key cause one refetch per period and a fetch for any other reason restarts
 * the count. A tick that finds a fetch running joins it (the next comes a period later). The
 * interval stops with the key's last watcher and waits while the page is hidden or the browser
 * offline. One timer serves every entry of the cache (set for the earliest due refetch or
 * collection), so a thousand badges watching a thousand keys cost one timer, not a thousand.
 *
 * Why not @tanstack/query-core: it did all of this too, for 9.3 KB gzip, most of the budget of
 * the whole core. This file is about 2 KB.
 */

import { DueQueue } from './due-queue.js';
import { IntegrationError } from './errors.js';

export type QueryKey = readonly unknown[];

interface FetchContext {
  signal: AbortSignal;
}

export interface QueryOptions<T> {
  queryKey: QueryKey;
  queryFn: (context: FetchContext) => Promise<T>;
  /** How long fetched data counts as fresh (ms). Default: the cache's. */
  staleTime?: number;
  /** Refetch this often while watched and the page is visible (ms); `false`: never. */
  refetchInterval?: number | false;
  /** Refetch stale data when the page becomes visible again. Default true. */
  refetchOnWindowFocus?: boolean;
  /** Refetch stale data when the browser comes back online. Default true. */
  refetchOnReconnect?: boolean;
  /** Data the host already has: fills an empty entry as if fetched now. */
  initialData?: T;
  /** What a watcher shows while its entry has no data yet, given the data it showed last. */
  placeholderData?: (previous: T | undefined) => T | undefined;
}

/** A read's state. `isFetching` is true during any fetch, background refetches included. */
export type QueryState<T> = (
  | { status: 'pending'; isPending: true; isSuccess: false; isError: false; data: undefined; error: null }
  | { status: 'success'; isPending: false; isSuccess: true; isError: false; data: T; error: null }
  | { status: 'error'; isPending: false; isSuccess: false; isError: true; data: T | undefined; error: Error }
) & { isFetching: boolean; isPlaceholderData: boolean; dataUpdatedAt: number };

/** Cursor pages, in the order they were loaded. */
export interface Pages<TPage, TParam> {
  pages: TPage[];
  pageParams: TParam[];
}

export interface PagesOptions<TPage, TParam> extends Omit<QueryOptions<Pages<TPage, TParam>>, 'queryFn' | 'placeholderData'> {
  queryFn: (context: FetchContext & { pageParam: TParam }) => Promise<TPage>;
  initialPageParam: TParam;
  /** The next page's parameter, or `null`/`undefined` after the last page. */
  getNextPageParam: (lastPage: TPage) => TParam | null | undefined;
}

export type PagesState<TPage, TParam> = QueryState<Pages<TPage, TParam>> & {
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  /** The last fetch failed while loading the next page (the pages already loaded stay). */
  isFetchNextPageError: boolean;
};

export interface QueryCacheOptions {
  /** Default freshness of fetched data (ms). */
  staleTime: number;
  /** How long an entry nobody watches is kept (ms); `Infinity`: forever. Default 5 minutes. */
  gcTime?: number;
  /** What an entry shows, given what the server said (optimistic writes in flight). Default: that. */
  overlay?: (key: QueryKey, data: unknown) => unknown;
}

/** What a cache subscriber is told: the entry that changed and its data, or `null` for watchers only. */
export type CacheListener = (key: QueryKey | null, data?: unknown) => void;

type Loader = (context: FetchContext) => Promise<unknown>;

interface Entry {
  readonly key: QueryKey;
  readonly hash: string;
  /** The hash of each part of the key, for prefix matching. */
  readonly parts: string[];
  /** What the server said: the last fetch's answer, or `set`. */
  base: unknown;
  /** What watchers and `get` see: `base` through the cache's overlay. */
  data: unknown;
  error: Error | null;
  updatedAt: number;
  invalid: boolean;
  /** The running fetch; later reads join it. */
  promise: Promise<unknown> | undefined;
  abort: AbortController | undefined;
  /** The running (or last) fetch loaded the next page rather than everything. */
  next: boolean;
  /** Someone awaits the running fetch (`fetch()`), so it runs on when its watchers leave. */
  awaited: boolean;
  /** When the last fetch started or data was `set` (intervals count from there). */
  loadedAt: number;
  /** The shortest refetch interval of the watchers (ms); 0: none. */
  every: number;
  /** When the next interval refetch is due (its place in the cache's due queue). */
  dueAt: number | undefined;
  /** When the entry is collected, if still unwatched (its place in the cache's collection queue). */
  collectAt: number | undefined;
  /** How to fetch the entry again (from whoever last read it), for invalidation and wake-ups. */
  refetch: Loader | undefined;
  readonly watchers: Set<Watcher<unknown, Omit<QueryOptions<unknown>, 'queryFn'>>>;
}

const ignore = (): void => undefined;
const isOnline = (): boolean => typeof navigator === 'undefined' || navigator.onLine !== false;
/** Background work (intervals, focus) waits while the page is hidden or the browser offline. */
const canRefetchInBackground = (): boolean => isOnline() && (typeof document === 'undefined' || document.visibilityState !== 'hidden');
/** A timer that does not keep a Node process alive (the core is usable outside a browser). */
function unrefTimer<T>(timer: T): T {
  (timer as { unref?: () => void }).unref?.();
  return timer;
}
const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype;

/** One string per key; object members are sorted so `{a, b}` and `{b, a}` are the same key. */
export function hashKey(key: QueryKey): string {
  return JSON.stringify(key, (_, value: unknown) =>
    isPlainObject(value)
      ? Object.fromEntries(
          Object.keys(value)
            .sort()
            .map((name) => [name, value[name]]),
        )
      : value,
  );
}

/** `next`, with every part equal to `previous` replaced by that part of `previous`. */
function share(previous: unknown, next: unknown): unknown {
  const arrays = Array.isArray(previous) && Array.isArray(next);
  if (previous === next || !(arrays || (isPlainObject(previous) && isPlainObject(next)))) return next;
  const before = previous as Record<string, unknown>;
  const after = next as Record<string, unknown>;
  const keys = Object.keys(after);
  const result: Record<string, unknown> = arrays ? ([] as unknown as Record<string, unknown>) : {};
  let same = keys.length === Object.keys(before).length;
  for (const key of keys) {
    result[key] = share(before[key], after[key]);
    same &&= result[key] === before[key];
  }
  return same ? previous : result;
}

const toError = (error: unknown): Error => (error instanceof Error ? error : new Error(String(error)));
const offline = (): IntegrationError =>
  new IntegrationError('network_error', 'The browser is offline; the data is reloaded when it is back online.', { reason: 'offline' });

export class QueryCache {
  readonly #entries = new Map<string, Entry>();
  readonly #listeners = new Set<CacheListener>();
  /** Which fetch replaced which, so callers of a replaced fetch get the newer answer. */
  readonly #successors = new WeakMap<Promise<unknown>, Promise<unknown>>();
  readonly #staleTime: number;
  readonly #gcTime: number;
  readonly #overlay: (key: QueryKey, data: unknown) => unknown;
  /** Interval refetches and collections of every entry, on one timer between them. */
  readonly #due = new DueQueue<Entry>((entry, at) => entry.dueAt === at && this.holds(entry));
  readonly #collections = new DueQueue<Entry>((entry, at) => entry.collectAt === at && this.holds(entry));
  #timer: ReturnType<typeof setTimeout> | undefined;
  #timerAt: number | undefined;
  #intervalsPaused = false;
  readonly #onFocus = (): void => this.#wake('focus');
  readonly #onOnline = (): void => this.#wake('online');

  constructor(options: QueryCacheOptions) {
    this.#staleTime = options.staleTime;
    this.#gcTime = options.gcTime ?? 5 * 60_000;
    this.#overlay = options.overlay ?? ((_, data) => data);
    // `visibilitychange` is fired at the document and reaches the window.
    globalThis.addEventListener?.('visibilitychange', this.#onFocus);
    globalThis.addEventListener?.('online', this.#onOnline);
  }

  /**
   * Calls `listener` after any entry changes (data, error or fetching), with its key and data
   * (`undefined` once it is gone), or with `null` when only watchers came or went. Returns the
   * unsubscribe.
   */
  subscribe(listener: CacheListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /**
   * While paused, no entry refetches on its interval (the client's event stream keeps the cache
   * current); focus, reconnect and invalidation still refetch.
   */
  pauseIntervals(paused: boolean): void {
    this.#intervalsPaused = paused;
  }

  /** Whether any entry has a watcher (the client's event stream is open only then). */
  get watched(): boolean {
    for (const entry of this.#entries.values()) if (entry.watchers.size > 0) return true;
    return false;
  }

  /** Tells subscribers that a watcher came or went. @internal */
  watchersChanged(): void {
    for (const listener of this.#listeners) listener(null);
  }

  /** The cached data, or fetches it (sharing a running fetch) when missing or stale. */
  fetch<T>(options: QueryOptions<T>): Promise<T> {
    const entry = this.entry(options.queryKey);
    entry.refetch ??= options.queryFn;
    if (!entry.promise && !this.isStale(entry, options.staleTime)) return Promise.resolve(entry.data as T);
    const promise = (entry.promise ?? this.#run(entry, options.queryFn)) as Promise<T>;
    entry.awaited = true;
    this.collectLater(entry);
    return promise;
  }

  /** The data and last error of `key` without fetching; undefined when nothing is cached. */
  peek<T>(key: QueryKey): { data: T | undefined; error: Error | null } | undefined {
    const entry = this.#entries.get(hashKey(key));
    return entry && { data: entry.data as T | undefined, error: entry.error };
  }

  get<T>(key: QueryKey): T | undefined {
    return this.#entries.get(hashKey(key))?.data as T | undefined;
  }

  /**
   * Sets what the server holds for `key`, as fetched now; the entry shows it through the overlay.
   * An updater gets the current server data. `undefined` (or an updater returning it) changes nothing.
   */
  set<T>(key: QueryKey, value: T | ((current: T | undefined) => T | undefined)): void {
    const current = this.#entries.get(hashKey(key))?.base as T | undefined;
    const base = typeof value === 'function' ? (value as (current: T | undefined) => T | undefined)(current) : value;
    if (base === undefined || base === current) return;
    const entry = this.entry(key);
    Object.assign(entry, { base, error: null, updatedAt: Date.now(), loadedAt: Date.now(), invalid: false });
    this.#show(entry);
    this.#plan(entry);
    this.#changed(entry);
  }

  /** `[key, data]` of every entry whose key starts with `prefix` (data as shown). */
  entriesOf<T = unknown>(prefix: QueryKey): Array<[QueryKey, T | undefined]> {
    return this.#matching(prefix).map((entry) => [entry.key, entry.data as T | undefined]);
  }

  /** Applies `update` to the server data of every entry whose key starts with `prefix`. */
  setAll(prefix: QueryKey, update: (current: unknown) => unknown): void {
    for (const entry of this.#matching(prefix)) this.set(entry.key, update);
  }

  /** Shows matching entries through the overlay again (after it changed: a write began or ended). */
  reapply(prefix: QueryKey): void {
    for (const entry of this.#matching(prefix)) {
      const shown = entry.data;
      if (this.#show(entry) !== shown) this.#changed(entry);
    }
  }

  /**
   * Marks matching entries stale and refetches the watched ones now (restarting a running fetch).
   * Rejects with the first failure: a refetch that did not happen is not reported as done.
   */
  invalidate(prefix: QueryKey): Promise<void> {
    const refetches = this.#matching(prefix).map((entry) => {
      entry.invalid = true;
      if (entry.watchers.size === 0) return undefined;
      // Offline, the refetch waits for the `online` event (stale entries refetch then).
      return isOnline() ? this.#refetch(entry) : Promise.reject(offline());
    });
    return Promise.all(refetches).then(ignore);
  }

  /**
   * Stops matching fetches that would replace data, and keeps that data: before a write, so an
   * answer read before it cannot land after it. The entries count as stale. A first load or a next
   * page adds rather than replaces, so it runs on (the overlay shows pending writes in it).
   */
  cancel(prefix: QueryKey): void {
    for (const entry of this.#matching(prefix)) {
      if (!entry.promise || entry.base === undefined || entry.next) continue;
      this.stop(entry);
      entry.invalid = true;
      this.#changed(entry);
    }
  }

  /** Forgets matching entries; watched ones are reset and refetched instead (see the top of this file). */
  remove(prefix: QueryKey): void {
    this.#forget(prefix, true);
  }

  #forget(prefix: QueryKey, resetWatched: boolean): void {
    for (const entry of this.#matching(prefix)) {
      this.stop(entry);
      if (resetWatched && entry.watchers.size > 0) {
        Object.assign(entry, { base: undefined, data: undefined, error: null, updatedAt: 0, invalid: true });
        this.#changed(entry);
        void this.refresh(entry);
        continue;
      }
      entry.dueAt = entry.collectAt = undefined;
      this.#entries.delete(entry.hash);
      // Subscribers learn it is gone (the refresh scheduler stops tracking the integration).
      this.#changed(entry, !resetWatched);
    }
  }

  /** Whether `entry` is still this cache's (not removed). @internal */
  holds(entry: Entry): boolean {
    return this.#entries.get(entry.hash) === entry;
  }

  /** Aborts the running fetch; it settles nothing (see `run`). @internal */
  stop(entry: Entry): void {
    const abort = entry.abort;
    entry.promise = entry.abort = undefined;
    abort?.abort();
  }

  /** Stops every fetch and forgets everything, watched or not; the cache stays usable. */
  clear(): void {
    this.#forget([], false);
  }

  destroy(): void {
    this.clear();
    this.#disarm();
    globalThis.removeEventListener?.('visibilitychange', this.#onFocus);
    globalThis.removeEventListener?.('online', this.#onOnline);
  }

  /** A watcher of one query: what QueryController and `client.watch` use. */
  watch<T>(options: QueryOptions<T>): QueryWatcher<T> {
    return new QueryWatcher(this, options);
  }

  watchPages<TPage, TParam>(options: PagesOptions<TPage, TParam>): PagesWatcher<TPage, TParam> {
    return new PagesWatcher(this, options);
  }

  // --- for watchers ------------------------------------------------------------------------

  /** The entry of `key`, made if missing; `initialData` fills it when it has no data. @internal */
  entry(key: QueryKey, initialData?: unknown): Entry {
    const hash = hashKey(key);
    let entry = this.#entries.get(hash);
    if (!entry) {
      entry = {
        key,
        hash,
        parts: key.map((part) => hashKey([part])),
        base: undefined,
        data: undefined,
        error: null,
        updatedAt: 0,
        invalid: false,
        promise: undefined,
        abort: undefined,
        next: false,
        awaited: false,
        loadedAt: 0,
        every: 0,
        dueAt: undefined,
        collectAt: undefined,
        refetch: undefined,
        watchers: new Set(),
      };
      this.#entries.set(hash, entry);
      // Read once and never watched (a `getCurrentResult`, a `set`), it is still collected.
      this.collectLater(entry);
    }
    if (entry.base === undefined && initialData !== undefined) {
      Object.assign(entry, { base: initialData, updatedAt: Date.now(), loadedAt: Date.now() });
      this.#show(entry);
    }
    return entry;
  }

  /** @internal */
  isStale(entry: Entry, staleTime = this.#staleTime): boolean {
    return entry.data === undefined || entry.invalid || Date.now() - entry.updatedAt >= staleTime;
  }

  /** Fetches the entry again in the background; failures end up in its state. @internal */
  refresh(entry: Entry, load = entry.refetch, next = false): Promise<void> | undefined {
    return this.#refetch(entry, load, next)?.catch(ignore);
  }

  /** Like `refresh`, for a caller that is told when it fails. */
  #refetch(entry: Entry, load = entry.refetch, next = false): Promise<void> | undefined {
    return load && this.#run(entry, load, next).then(ignore);
  }

  /** Refetches for a caller that is told when it fails. @internal */
  refetchFor(entry: Entry, load: Loader): Promise<void> {
    return this.#refetch(entry, load) ?? Promise.resolve();
  }

  /** Takes the shortest interval of the entry's watchers (after one came, left or changed). @internal */
  intervalChanged(entry: Entry): void {
    let every = Infinity;
    for (const watcher of entry.watchers) every = Math.min(every, watcher.refetchEvery());
    entry.every = every === Infinity ? 0 : every;
    this.#plan(entry);
  }

  /** Puts the entry's next interval refetch in the queue: a period after its last load. */
  #plan(entry: Entry, at = entry.loadedAt + entry.every): void {
    if (entry.every <= 0 || entry.watchers.size === 0 || !this.holds(entry)) {
      const wasNext = entry.dueAt !== undefined && entry.dueAt === this.#timerAt;
      entry.dueAt = undefined;
      if (wasNext) this.#arm(); // the timer moves to what is due next, or goes
      return;
    }
    if (entry.dueAt === at) return;
    entry.dueAt = at;
    this.#due.push(at, entry);
    this.#arm();
  }

  /** Sets the one timer for the earliest due interval refetch or collection. */
  #arm(): void {
    const refetchAt = this.#due.next();
    const collectAt = this.#collections.next();
    const next = refetchAt === undefined || (collectAt !== undefined && collectAt < refetchAt) ? collectAt : refetchAt;
    if (next === this.#timerAt && this.#timer !== undefined) return;
    this.#disarm();
    if (next === undefined) return;
    this.#timerAt = next;
    this.#timer = unrefTimer(setTimeout(() => this.#tick(), Math.min(Math.max(0, next - Date.now()), 2 ** 31 - 1)));
  }

  #disarm(): void {
    clearTimeout(this.#timer);
    this.#timer = this.#timerAt = undefined;
  }

  #tick(): void {
    this.#timer = this.#timerAt = undefined;
    const now = Date.now();
    const background = canRefetchInBackground();
    for (const entry of this.#due.takeDue(now)) {
      entry.dueAt = undefined;
      if (background && !entry.promise && !this.#intervalsPaused) {
        void this.refresh(entry); // its start plans the next one
      } else {
        // A running fetch is joined, and a hidden page or offline browser waits: a period later.
        const periods = Math.floor((now - entry.loadedAt) / entry.every) + 1;
        this.#plan(entry, entry.loadedAt + periods * entry.every);
      }
    }
    for (const entry of this.#collections.takeDue(now)) {
      entry.collectAt = undefined;
      if (entry.watchers.size > 0) continue;
      if (entry.promise) {
        this.collectLater(entry); // collected once its fetch is over and a gcTime has passed
        continue;
      }
      this.#entries.delete(entry.hash);
      this.#changed(entry, false); // subscribers learn it is gone, as after `remove`
    }
    this.#due.compact(this.#entries.size);
    this.#collections.compact(this.#entries.size);
    this.#arm();
  }

  /**
   * Collects the entry `gcTime` from now unless watched by then. Every entry's collection shares
   * the cache's one timer: a thousand entries written at once cost no timer of their own.
   * @internal
   */
  collectLater(entry: Entry): void {
    const wasNext = entry.collectAt !== undefined && entry.collectAt === this.#timerAt;
    entry.collectAt = undefined;
    // `gcTime: Infinity` keeps entries.
    if (entry.watchers.size === 0 && Number.isFinite(this.#gcTime)) {
      entry.collectAt = Date.now() + this.#gcTime;
      this.#collections.push(entry.collectAt, entry);
      // Reads (`fetch`) reschedule without a tick in between: outdated pushes must not pile up.
      this.#collections.compact(this.#entries.size);
    } else if (!wasNext) return;
    this.#arm();
  }

  /**
   * Starts a fetch, replacing a running one. A caller of a replaced fetch gets the result of the
   * one that replaced it; a cancelled fetch settles nothing.
   */
  #run(entry: Entry, load: Loader, next = false): Promise<unknown> {
    const replaced = entry.promise;
    entry.abort?.abort();
    const abort = new AbortController();
    const promise: Promise<unknown> = load({ signal: abort.signal }).then(
      (data) => {
        if (entry.promise !== promise) return this.#successors.get(promise) ?? data;
        Object.assign(entry, { base: share(entry.base, data), error: null, updatedAt: Date.now(), invalid: false });
        this.#show(entry);
        this.#settle(entry);
        return entry.data;
      },
      (error: unknown) => {
        if (entry.promise !== promise) {
          const successor = this.#successors.get(promise);
          if (successor) return successor;
          throw error;
        }
        entry.error = toError(error);
        this.#settle(entry);
        throw error;
      },
    );
    if (replaced) this.#successors.set(replaced, promise);
    // A caller of a replaced fetch gets this one's answer, so it awaits this one too.
    Object.assign(entry, { promise, abort, next, awaited: replaced !== undefined && entry.awaited, loadedAt: Date.now() });
    this.#plan(entry);
    // Without data, a new attempt is loading again rather than still failed (a Retry shows it).
    if (entry.data === undefined) entry.error = null;
    this.#changed(entry);
    return promise;
  }

  /** Puts the server data through the overlay, keeping the identity of what did not change. */
  #show(entry: Entry): unknown {
    return (entry.data = entry.base === undefined ? undefined : share(entry.data, this.#overlay(entry.key, entry.base)));
  }

  #settle(entry: Entry): void {
    entry.promise = entry.abort = undefined;
    this.#changed(entry);
  }

  #changed(entry: Entry, toWatchers = true): void {
    if (toWatchers) for (const watcher of [...entry.watchers]) watcher.notify();
    const data = this.holds(entry) ? entry.data : undefined;
    for (const listener of this.#listeners) listener(entry.key, data);
  }

  #matching(prefix: QueryKey): Entry[] {
    const parts = prefix.map((part) => hashKey([part]));
    return [...this.#entries.values()].filter((entry) => parts.every((part, i) => part === entry.parts[i]));
  }

  #wake(reason: 'focus' | 'online'): void {
    if (!canRefetchInBackground()) return;
    for (const entry of this.#entries.values()) {
      if (!entry.promise && [...entry.watchers].some((watcher) => watcher.wantsRefetch(entry, reason))) void this.refresh(entry);
    }
  }
}

/** Follows one entry for one reader; moves to another entry when its key changes. */
abstract class Watcher<T, TOptions extends Omit<QueryOptions<T>, 'queryFn'>> {
  protected entry: Entry | undefined;
  #listener: ((state: never) => void) | undefined;
  /** The last real data shown, for `placeholderData`. */
  #shown: T | undefined;

  constructor(
    protected readonly cache: QueryCache,
    protected options: TOptions,
  ) {}

  /** How this watcher fetches everything `entry` holds. */
  protected abstract loader(entry: Entry): Loader;

  subscribe(listener: (state: ReturnType<this['getCurrentResult']>) => void): () => void {
    if (this.#listener) this.#detach(); // one listener per watcher: a second subscribe replaces the first
    const own = listener as (state: never) => void;
    this.#listener = own;
    this.#attach();
    return () => {
      if (this.#listener !== own) return;
      this.#listener = undefined;
      this.#detach();
    };
  }

  setOptions(options: TOptions): void {
    const previous = this.options;
    this.options = options;
    if (!this.#listener || !this.entry) return;
    if (this.cache.entry(options.queryKey) !== this.entry) {
      this.#detach();
      this.#attach();
      this.notify();
      return;
    }
    this.entry.refetch = this.loader(this.entry);
    if (previous.refetchInterval !== options.refetchInterval) this.cache.intervalChanged(this.entry);
  }

  /** How often this watcher wants its entry refetched (ms); Infinity: never. @internal */
  refetchEvery(): number {
    const every = this.options.refetchInterval;
    return every && every > 0 ? every : Infinity;
  }

  /** Fetches again now; rejects when that fails (the failure is in the state too). */
  refetch(): Promise<void> {
    const entry = this.current();
    return this.cache.refetchFor(entry, this.loader(entry));
  }

  getCurrentResult(): QueryState<T> {
    const entry = this.current();
    let data = entry.data as T | undefined;
    const placeholder = data === undefined && !entry.error ? this.options.placeholderData?.(this.#shown) : undefined;
    if (placeholder === undefined && data !== undefined) this.#shown = data;
    data ??= placeholder;
    const status = entry.error ? 'error' : data === undefined ? 'pending' : 'success';
    return {
      status,
      data,
      error: entry.error,
      isPending: status === 'pending',
      isSuccess: status === 'success',
      isError: status === 'error',
      isFetching: entry.promise !== undefined,
      isPlaceholderData: placeholder !== undefined,
      dataUpdatedAt: entry.updatedAt,
    } as QueryState<T>;
  }

  /** @internal */
  notify(): void {
    this.#listener?.(this.getCurrentResult() as never);
  }

  /** @internal */
  wantsRefetch(entry: Entry, reason: 'focus' | 'online'): boolean {
    const wanted = reason === 'focus' ? this.options.refetchOnWindowFocus : this.options.refetchOnReconnect;
    return wanted !== false && this.cache.isStale(entry, this.options.staleTime);
  }

  protected current(): Entry {
    return (this.entry ??= this.cache.entry(this.options.queryKey, this.options.initialData));
  }

  #attach(): void {
    const entry = (this.entry = this.cache.entry(this.options.queryKey, this.options.initialData));
    entry.watchers.add(this as Watcher<unknown, Omit<QueryOptions<unknown>, 'queryFn'>>);
    entry.refetch = this.loader(entry);
    this.cache.collectLater(entry);
    if (!entry.promise && this.cache.isStale(entry, this.options.staleTime)) void this.cache.refresh(entry);
    this.cache.intervalChanged(entry);
    this.cache.watchersChanged();
  }

  #detach(): void {
    const entry = this.entry;
    if (!entry) return;
    entry.watchers.delete(this as Watcher<unknown, Omit<QueryOptions<unknown>, 'queryFn'>>);
    this.cache.intervalChanged(entry);
    // Nobody left to see the answer (a search typed on, a range switched): stop asking.
    if (entry.watchers.size === 0 && entry.promise && !entry.awaited) this.cache.stop(entry);
    this.cache.collectLater(entry);
    this.cache.watchersChanged();
  }
}

export class QueryWatcher<T> extends Watcher<T, QueryOptions<T>> {
  protected loader(): Loader {
    return this.options.queryFn;
  }
}

export class PagesWatcher<TPage, TParam> extends Watcher<Pages<TPage, TParam>, PagesOptions<TPage, TParam>> {
  /** Loads the page after the last one; joins a next-page fetch already running. */
  fetchNextPage(): Promise<void> {
    const entry = this.current();
    if (entry.promise) {
      const running = entry.promise.then(ignore, ignore);
      // A refetch of the loaded pages is running (focus, invalidation): the next page comes after it.
      return entry.next ? running : running.then(() => this.fetchNextPage());
    }
    const { queryFn, getNextPageParam } = this.options;
    const last = (entry.base as Pages<TPage, TParam> | undefined)?.pages.at(-1);
    const param = last === undefined ? undefined : getNextPageParam(last);
    if (param == null) return Promise.resolve();
    const loadNext: Loader = async ({ signal }) => {
      const page = await queryFn({ signal, pageParam: param });
      // Read the pages again: a write may have stored a server copy in them meanwhile.
      const loaded = entry.base as Pages<TPage, TParam>;
      return { pages: [...loaded.pages, page], pageParams: [...loaded.pageParams, param] };
    };
    return this.cache.refresh(entry, loadNext, true) ?? Promise.resolve();
  }

  override getCurrentResult(): PagesState<TPage, TParam> {
    const state = super.getCurrentResult();
    const entry = this.current();
    const last = state.data?.pages.at(-1);
    return Object.assign(state, {
      hasNextPage: last !== undefined && this.options.getNextPageParam(last) != null,
      isFetchingNextPage: state.isFetching && entry.next,
      isFetchNextPageError: state.isError && entry.next,
    });
  }

  /** Refetches every loaded page, in order (at least the first). */
  protected loader(entry: Entry): Loader {
    const { queryFn, getNextPageParam, initialPageParam } = this.options;
    return async ({ signal }) => {
      const count = Math.max(1, (entry.base as Pages<TPage, TParam> | undefined)?.pages.length ?? 0);
      const result: Pages<TPage, TParam> = { pages: [], pageParams: [] };
      let param = initialPageParam;
      for (;;) {
        const page = await queryFn({ signal, pageParam: param });
        result.pages.push(page);
        result.pageParams.push(param);
        const next = getNextPageParam(page);
        if (next == null || result.pages.length >= count) return result;
        param = next;
      }
    };
  }
}
