/**
 * IntegrationsClient: the one object elements and hosts talk to. It puts the shared query cache
 * (cache.ts: dedup, staleness, invalidation, background refetch on focus, reconnect and interval)
 * in front of the REST client and owns the one write path (`#write`): every update or delete of an
 * integration, from an element, a bulk action or a host, is shown at once as a layer over the
 * cache (pending-writes.ts), sent after the writes to the same integration before it, and then
 * either becomes the server's copy or is dropped, alone. Creates, token refreshes, sign-ins and
 * tests have no optimistic state: they store the server's answer when it comes.
 */
import {
  QueryCache,
  type PagesOptions as CachePagesOptions,
  type PagesState as CachePagesState,
  type QueryKey,
  type QueryOptions,
  type QueryState,
} from './cache.js';
import { IntegrationsApi, type CreateOptions } from './api.js';
import { resolveConfig, type ClientConfig, type ResolvedConfig } from './config.js';
import type { RequestOptions } from './http.js';
import { OAuthStateStore } from './oauth/state.js';
import { PopupConnector, type ConnectOptions } from './oauth/popup.js';
import { TokenScheduler, type TokenSchedulerOptions } from './tokens.js';
import { runBulk, type BulkItemResult, type BulkOptions, type Paced } from './bulk.js';
import { permissionsFrom, type Me, type Permissions } from './permissions.js';
import { IntegrationError, toIntegrationError } from './errors.js';
import { editItems, pagesOf, type IntegrationPages } from './list-data.js';
import { PendingWrites, type Edit } from './pending-writes.js';
import { DEFAULT_PAGE_SIZE } from './contract.js';
import { onLanguageChange } from './language.js';
import { LiveSync, type LiveStatusListener } from './live-sync.js';
import type { LiveState } from './live.js';

/** What the list's bulk actions do to each selected integration. */
export type BulkAction = 'refresh' | 'enable' | 'disable' | 'delete';

import type {
  Activity,
  CloudProvider,
  ConnectionTestResult,
  Integration,
  IntegrationCreateRequest,
  IntegrationListQuery,
  IntegrationUpdateRequest,
  Page,
  TokenHealth,
  UsageRange,
  UsageStats,
} from './types.js';

/** Query keys, so hosts that read the cache directly use the same names we do. */
export const queryKeys = {
  me: () => ['me'] as const,
  /** Per language: the catalogue's names and descriptions are the server's, in the language asked for. */
  providers: (language?: string) => ['providers', language ?? null] as const,
  lists: () => ['integrations', 'list'] as const,
  list: (query: IntegrationListQuery) => ['integrations', 'list', normaliseQuery(query)] as const,
  /** Cursor-paged list (infinite loading); under `lists()` so list invalidation covers it. */
  pages: (query: IntegrationListQuery) => ['integrations', 'list', 'pages', normaliseQuery(query)] as const,
  integration: (id: string) => ['integrations', 'detail', id] as const,
  tokenHealth: (id: string) => ['integrations', 'health', id] as const,
  usage: (id: string, range: UsageRange) => ['integrations', 'usage', id, range] as const,
  /** The activity of one integration, by cursor; live events put new entries first. */
  activity: (id: string) => ['integrations', 'activity', id] as const,
};

/** Drops empty filters, and a `limit` equal to the default, so `{q: ''}` and `{}` share one cache entry. */
function normaliseQuery(query: IntegrationListQuery): IntegrationListQuery {
  return Object.fromEntries(
    Object.entries(query).filter(
      ([name, value]) => value !== undefined && value !== null && value !== '' && !(name === 'limit' && value === DEFAULT_PAGE_SIZE),
    ),
  ) as IntegrationListQuery;
}

/** What a write does to an integration, for the one write path. */
interface Write<T> {
  /** What the integration shows until the server answers. */
  edit: Edit;
  /** Sends the write with the ETag of the server's latest copy. */
  send: (etag: string | undefined) => Promise<T>;
  /** Whether the server's copy `current` already holds this write (read back after a lost answer). */
  appliedIn: (current: Integration | undefined) => boolean;
  /** Puts what the server answered (or holds, read back) into the cache. */
  store: (result: T | Integration | undefined) => void;
  /** Part of a bulk action: the lists are reloaded once, when it ends, and 429s are waited out. */
  paced?: Paced | undefined;
}

/** Errors after which the server may or may not have applied a write. */
const UNKNOWN_OUTCOME: ReadonlySet<string> = new Set(['network_error', 'server_error', 'invalid_response']);

const same = (a: unknown, b: unknown): boolean => (a ?? null) === (b ?? null);

/** Whether `integration` holds every value of `patch`. */
function holds(integration: Integration, patch: IntegrationUpdateRequest): boolean {
  return Object.entries(patch).every(([name, value]) => {
    if (name === 'settings')
      return Object.entries(value as Integration['settings']).every(([key, setting]) => same(integration.settings[key], setting));
    // The server keeps an enabled integration that was never connected `pending`.
    if (name === 'status' && value === 'active') return integration.status === 'active' || integration.status === 'pending';
    return same(integration[name as keyof Integration], value);
  });
}

const ignore = (): void => undefined;

export type { IntegrationPages, QueryKey, QueryOptions, QueryState };
export type PagesOptions = CachePagesOptions<Page<Integration>, string | null>;
export type PagesState = CachePagesState<Page<Integration>, string | null>;
export type ActivityPagesOptions = CachePagesOptions<Page<Activity>, string | null>;
export type ActivityPagesState = CachePagesState<Page<Activity>, string | null>;

/** Activity entries per page. */
const ACTIVITY_PAGE_SIZE = 25;

export interface IntegrationsClientOptions extends ClientConfig {
  /** Background refetch interval for watched queries while the page is visible. Default 60 s; 0 turns it off. */
  refetchIntervalMs?: number | undefined;
  /** Refresh provider tokens before they expire. Default true. */
  autoRefresh?: boolean | undefined;
  /** Timing of the refresh scheduler. */
  tokenRefresh?: TokenSchedulerOptions | undefined;
  /** Follow `GET /api/events` when `/me` offers it (`features.events`). Default true. */
  liveEvents?: boolean | undefined;
}

export class IntegrationsClient {
  readonly config: ResolvedConfig;
  readonly api: IntegrationsApi;
  /** The shared query cache: read it, watch it, or write to it with the keys of `queryKeys`. */
  readonly cache: QueryCache;
  /** The refresh scheduler and per-integration token state (what badges show). */
  readonly tokens: TokenScheduler;
  /** In-memory OAuth states of this client's sign-ins. */
  readonly oauthStates = new OAuthStateStore();
  readonly #refetchIntervalMs: number;
  readonly #popup: PopupConnector;
  readonly #writes = new PendingWrites();
  readonly #deleted = new Set<string>();
  readonly #stopFollowingLanguage: (() => void) | undefined;
  readonly #live: LiveSync | undefined;

  constructor(options: IntegrationsClientOptions) {
    this.config = resolveConfig(options);
    this.api = new IntegrationsApi(this.config);
    this.#refetchIntervalMs = options.refetchIntervalMs ?? 60_000;
    // Retries happen once, in the HTTP layer, where Retry-After is known; the cache never retries.
    this.cache = new QueryCache({ staleTime: this.config.staleTimeMs, overlay: this.#writes.overlay });
    this.#popup = new PopupConnector({
      api: this.api,
      states: this.oauthStates,
      redirectUri: this.config.redirectUri,
      onConnected: (integration) => {
        // Explicitly: a popup never hides its opener, so focus-based refetching would not notice.
        this.storeIntegration(integration);
        this.invalidate(integration.id).catch(ignore);
      },
    });
    this.tokens = new TokenScheduler(
      {
        scope: this.config.apiBaseUrl.href,
        mayRefresh: async () => (await this.loadPermissions()).can('refresh'),
        integrations: () => this.cachedIntegrations(),
        subscribe: (onChange) => this.cache.subscribe(onChange),
        refresh: (id, trigger) => this.api.refreshToken(id, { trigger }),
        load: (id) => this.api.getIntegration(id),
        health: (id) => this.cache.fetch({ ...this.queries.tokenHealth(id), staleTime: 0 }),
        store: (integration) => {
          this.storeIntegration(integration);
          // The token report (last refresh, history) changed with it.
          this.cache.invalidate(queryKeys.tokenHealth(integration.id)).catch(ignore);
        },
      },
      options.tokenRefresh,
    );
    if (options.autoRefresh !== false && typeof document !== 'undefined') this.tokens.start();
    if (this.config.followsPageLanguage) this.#stopFollowingLanguage = onLanguageChange(() => this.#reloadLocalized());
    if (options.liveEvents !== false) this.#live = this.#followEvents();
  }

  // --- live events -------------------------------------------------------------------------------

  /** The event stream, wired to the cache through the write path (live-sync.ts). */
  #followEvents(): LiveSync {
    return new LiveSync({
      cache: this.cache,
      open: (lastEventId, signal) => this.api.openEvents(lastEventId, { signal }),
      permissions: () => this.permissions,
      loadPermissions: () => this.loadPermissions(),
      cachedIntegration: (id) => this.cachedIntegration(id),
      store: (integration) => this.#storeHeld(integration),
      forget: (id) => this.#forget(id),
      invalidateAll: () => this.cache.invalidate([]).catch(ignore),
      invalidate: (key) => this.cache.invalidate(key).catch(ignore),
      stepAside: (aside) => this.tokens.stepAside(aside),
      activityKey: queryKeys.activity,
      tokenHealthKey: queryKeys.tokenHealth,
      listsKey: queryKeys.lists,
    });
  }

  /**
   * The event stream: `open` while it carries events (interval polling waits), `down` while it
   * reconnects (polling runs), `refused` after a 401/403, `unsupported` or `off` without one.
   */
  get liveState(): LiveState {
    return this.#live?.state ?? 'off';
  }

  /**
   * Why the stream is not `open`, where there is a reason: the refusal's 401/403, the last
   * connection failure, or its code that could not be loaded (`network_error`; tried again in 30 s).
   */
  get liveError(): IntegrationError | undefined {
    return this.#live?.error;
  }

  /** Calls `listener` on each change of `liveState`, with the refusal's error. Returns the unsubscribe. */
  onLiveChange(listener: LiveStatusListener): () => void {
    return this.#live?.subscribe(listener) ?? ignore;
  }

  /**
   * Opens the event stream again after a 401/403 refused it (`liveState` `refused`): call it
   * once the caller is signed in again. Until then the client polls.
   */
  resumeEvents(): void {
    this.#live?.resume();
  }

  /** An event's copy of an integration, where the cache holds it (no entry is made for it). */
  #storeHeld(integration: Integration): void {
    const detail = queryKeys.integration(integration.id);
    if (this.cache.peek(detail)) {
      // As after a write's answer: a read sent before this change must not land after it.
      this.cache.cancel(detail);
      this.cache.set(detail, integration);
    }
    this.cache.setAll(queryKeys.lists(), (data) => editItems(data, (item) => (item.id === integration.id ? integration : undefined)));
  }

  /** Deleted elsewhere: out of every list, and watchers of it read again (and get `not_found`). */
  #forget(id: string): void {
    this.cache.setAll(queryKeys.lists(), (data) => editItems(data, (item) => (item.id === id ? null : undefined)));
    this.cache.remove(queryKeys.integration(id));
    this.cache.remove(queryKeys.tokenHealth(id));
  }

  /** What the server words in the language asked for: the catalogue and the token reports. */
  #reloadLocalized(): void {
    this.cache.invalidate(['providers']).catch(ignore);
    this.cache.invalidate(['integrations', 'health']).catch(ignore);
  }

  // --- OAuth -----------------------------------------------------------------------------------

  /**
   * Connects (or reconnects) an integration through the popup PKCE flow. Call it directly in a
   * click handler, with no `await` before it, so the popup opens inside the user gesture.
   */
  connect(integrationId: string, options: ConnectOptions = {}): Promise<Integration> {
    return this.#popup.connect(integrationId, options);
  }

  /** True while a sign-in window of this client is open. */
  get connecting(): boolean {
    return this.#popup.busy;
  }

  /** Refreshes the provider token now, through the scheduler (single-flight, one tab at a time). */
  refreshToken(integrationId: string): Promise<Integration> {
    return this.tokens.refresh(integrationId);
  }

  // --- query descriptions (what a controller or a host observer subscribes to) -------------

  readonly queries = {
    /** `GET /me`: the caller's role and permissions; `null` when the API has no such endpoint. */
    me: (): QueryOptions<{ me: Me | null }> => ({
      queryKey: queryKeys.me(),
      // Wrapped: the cache reads a `null` answer as "no data yet".
      queryFn: async ({ signal }) => ({ me: await this.api.getMe({ signal }) }),
      staleTime: 5 * 60_000,
      refetchOnWindowFocus: true,
    }),
    providers: (): QueryOptions<CloudProvider[]> => ({
      queryKey: queryKeys.providers(this.config.language()),
      queryFn: ({ signal }) => this.api.listProviders({ signal }),
      staleTime: 5 * 60_000,
    }),
    list: (query: IntegrationListQuery = {}): QueryOptions<Page<Integration>> => ({
      queryKey: queryKeys.list(query),
      queryFn: ({ signal }) => this.api.listIntegrations(normaliseQuery(query), { signal }),
      ...this.#backgroundRefetch(),
    }),
    /** The list by cursor, a page at a time (infinite loading). */
    pages: (query: IntegrationListQuery = {}, pageSize = DEFAULT_PAGE_SIZE): PagesOptions => ({
      queryKey: queryKeys.pages({ ...query, limit: pageSize }),
      queryFn: ({ signal, pageParam }) =>
        this.api.listIntegrations({ ...normaliseQuery(query), cursor: pageParam ?? undefined, limit: pageSize }, { signal }),
      initialPageParam: null,
      getNextPageParam: (last) => last.nextCursor,
      // Refetching every loaded page on a timer is too heavy for long lists; focus still refetches.
      refetchOnWindowFocus: true,
      refetchOnReconnect: true,
    }),
    integration: (id: string): QueryOptions<Integration> => ({
      queryKey: queryKeys.integration(id),
      queryFn: ({ signal }) => this.api.getIntegration(id, { signal }),
      ...this.#backgroundRefetch(),
    }),
    tokenHealth: (id: string): QueryOptions<TokenHealth> => ({
      queryKey: queryKeys.tokenHealth(id),
      queryFn: ({ signal }) => this.api.getTokenHealth(id, { signal }),
    }),
    usage: (id: string, range: UsageRange = '7d'): QueryOptions<UsageStats> => ({
      queryKey: queryKeys.usage(id, range),
      queryFn: ({ signal }) => this.api.getUsage(id, range, { signal }),
    }),
    /** What happened to an integration, newest first, a page at a time (see `activity`). */
    activity: (id: string): ActivityPagesOptions => this.activity(id),
  };

  /**
   * The activity of an integration as a paged query, newest first: watch it with
   * `cache.watchPages` (or PagesController) and load more with `fetchNextPage`. While the
   * event stream is up, new entries appear first as they happen.
   */
  activity(id: string): ActivityPagesOptions {
    return {
      queryKey: queryKeys.activity(id),
      queryFn: ({ signal, pageParam }) =>
        this.api.listActivity(id, { cursor: pageParam ?? undefined, limit: ACTIVITY_PAGE_SIZE }, { signal }),
      initialPageParam: null,
      getNextPageParam: (last) => last.nextCursor,
      refetchOnWindowFocus: true,
      refetchOnReconnect: true,
    };
  }

  #backgroundRefetch() {
    return {
      refetchOnWindowFocus: true,
      refetchOnReconnect: true,
      refetchInterval: this.#refetchIntervalMs > 0 ? this.#refetchIntervalMs : false,
    } as const;
  }

  /**
   * Subscribes to a query: the listener gets every state change (loading, data, error, background
   * refetch). Returns the unsubscribe function. Used by QueryController; usable by any host.
   */
  watch<T>(options: QueryOptions<T>, listener: (state: QueryState<T>) => void): () => void {
    const watcher = this.cache.watch(options);
    listener(watcher.getCurrentResult());
    return watcher.subscribe(listener);
  }

  // --- reads: cached and deduplicated --------------------------------------------------------

  /** Fetches through the cache: concurrent calls for the same key share one request. */
  fetch<T>(options: QueryOptions<T>): Promise<T> {
    return this.cache.fetch(options);
  }

  /**
   * What the caller may do, from the cached `/me` answer (`known: false` until it has loaded;
   * use `loadPermissions()` to wait). A failed `/me` offers everything: the server still decides.
   */
  get permissions(): Permissions {
    const state = this.cache.peek<{ me: Me | null }>(queryKeys.me());
    return permissionsFrom(state?.data ? state.data.me : state?.error ? null : undefined, this.config.readonly);
  }

  /** Loads `/me` (once, cached) and gives the caller's permissions. */
  async loadPermissions(): Promise<Permissions> {
    const answer = await this.fetch(this.queries.me()).catch(() => ({ me: null }));
    return permissionsFrom(answer.me, this.config.readonly);
  }

  listProviders(): Promise<CloudProvider[]> {
    return this.fetch(this.queries.providers());
  }

  listIntegrations(query: IntegrationListQuery = {}): Promise<Page<Integration>> {
    return this.fetch(this.queries.list(query));
  }

  getIntegration(id: string): Promise<Integration> {
    return this.fetch(this.queries.integration(id));
  }

  getTokenHealth(id: string): Promise<TokenHealth> {
    return this.fetch(this.queries.tokenHealth(id));
  }

  getUsage(id: string, range: UsageRange = '7d'): Promise<UsageStats> {
    return this.fetch(this.queries.usage(id, range));
  }

  // --- writes -----------------------------------------------------------------------------

  async createIntegration(request: IntegrationCreateRequest, options: CreateOptions = {}): Promise<Integration> {
    const created = await this.api.createIntegration(request, options);
    this.storeIntegration(created);
    // It is created whether or not the lists could be reloaded.
    await this.cache.invalidate(queryKeys.lists()).catch(ignore);
    return created;
  }

  /**
   * Shows `patch` in every cached copy at once and sends it, after any write to this integration
   * still in flight, with the ETag of the server's latest copy. If the server refuses (a 412
   * stale write included), only this patch is undone.
   */
  updateIntegration(id: string, patch: IntegrationUpdateRequest, options: RequestOptions = {}): Promise<Integration> {
    return this.#update(id, patch, options);
  }

  #update(id: string, patch: IntegrationUpdateRequest, options: RequestOptions, paced?: Paced): Promise<Integration> {
    return this.#write(id, {
      edit: (integration) => ({ ...integration, ...patch, settings: patch.settings ?? integration.settings }) as Integration,
      send: (etag) => this.api.updateIntegration(id, patch, { ...options, etag }),
      store: (saved) => saved && this.storeIntegration(saved),
      appliedIn: (current) => current !== undefined && holds(current, patch),
      paced,
    });
  }

  /** Takes the integration out of every cached list at once; puts it back if the delete fails. */
  async deleteIntegration(id: string, options: RequestOptions = {}): Promise<void> {
    await this.#delete(id, options);
  }

  async #delete(id: string, options: RequestOptions, paced?: Paced): Promise<void> {
    await this.#write(id, {
      edit: () => null,
      send: () => this.api.deleteIntegration(id, options),
      // Out of the lists' server data too, or it would be back when the layer goes.
      store: () => this.cache.setAll(queryKeys.lists(), (data) => editItems(data, (item) => (item.id === id ? null : undefined))),
      appliedIn: (current) => current === undefined,
      paced,
    });
    this.#deleted.add(id);
    // Watchers of the integration are told and read it again: a details pane learns it is gone.
    this.cache.remove(queryKeys.integration(id));
    this.cache.remove(queryKeys.tokenHealth(id));
  }

  /**
   * The one write path. The write shows at once; reads that could land after it with older data
   * are stopped; it waits for the writes to the same integration sent before it. Then:
   * - answered: the server's copy is stored and the layer dropped;
   * - refused: only this layer is dropped;
   * - answer lost (network, 5xx, a cut-off body): the integration is read back; if the server holds
   *   the write, it succeeded; otherwise the server's copy is shown and the error says whether the
   *   read back failed too (`unconfirmed`).
   * A bulk action reloads the lists once at its end; any other write reloads them when it settles.
   */
  async #write<T extends Integration | void>(id: string, write: Write<T>): Promise<T> {
    this.#stopReads(id);
    const drop = this.#writes.add(id, write.edit);
    this.#reapply(id);
    try {
      // Queued whole, read-back included: the next write reads the ETag this one stored.
      return await this.#writes.enqueue(id, () => this.#send(id, write));
    } finally {
      drop();
      this.#reapply(id);
      if (write.paced) this.cache.cancel(queryKeys.lists());
      else this.cache.invalidate(queryKeys.lists()).catch(ignore);
    }
  }

  async #send<T extends Integration | void>(id: string, write: Write<T>): Promise<T> {
    const send = (): Promise<T> => write.send(this.cachedIntegration(id)?.etag);
    try {
      const saved = await (write.paced ? write.paced(send) : send());
      this.#stopReads(id);
      write.store(saved);
      return saved;
    } catch (thrown) {
      const error = toIntegrationError(thrown);
      if (!UNKNOWN_OUTCOME.has(error.code)) throw error;
      const current = await this.#readBack(id);
      if (current !== null && write.appliedIn(current)) {
        write.store(current);
        return (current ?? undefined) as T;
      }
      throw current === null
        ? new IntegrationError(error.code, error.message, { status: error.status, cause: error, unconfirmed: true })
        : error;
    }
  }

  /** The server's copy after a lost answer: `undefined` when it is gone, `null` when it cannot be read. */
  async #readBack(id: string): Promise<Integration | undefined | null> {
    try {
      const current = await this.api.getIntegration(id);
      this.storeIntegration(current);
      return current;
    } catch (error) {
      if (toIntegrationError(error).code === 'not_found') return undefined;
      this.invalidate(id).catch(ignore);
      return null;
    }
  }

  /** Stops reads of the integration and of the lists that could answer with a copy older than a write. */
  #stopReads(id: string): void {
    this.cache.cancel(queryKeys.integration(id));
    this.cache.cancel(queryKeys.lists());
  }

  /** Shows every cached copy of the integration through the pending writes again. */
  #reapply(id: string): void {
    this.cache.reapply(queryKeys.integration(id));
    this.cache.reapply(queryKeys.lists());
  }

  async testConnection(id: string, options: RequestOptions = {}): Promise<ConnectionTestResult> {
    const result = await this.api.testConnection(id, options);
    // A test updates lastHealthCheck (and maybe status) server-side: every copy, lists included.
    this.invalidate(id).catch(ignore);
    return result;
  }

  /**
   * Applies one action to many integrations, a few at a time, with a result per item. Each item
   * goes through the same path as its single-item method (optimistic layer, token scheduler); a
   * 429 pauses the bulk for as long as the server asks instead of failing items; the lists are
   * reloaded once, at the end.
   */
  async bulk(
    action: BulkAction,
    ids: readonly string[],
    options: BulkOptions<Integration | void> = {},
  ): Promise<Array<BulkItemResult<Integration | void>>> {
    const task = (id: string, paced: Paced): Promise<Integration | void> => {
      switch (action) {
        case 'refresh':
          return paced(() => this.refreshToken(id));
        case 'enable':
          return this.#update(id, { status: 'active' }, {}, paced);
        case 'disable':
          return this.#update(id, { status: 'disabled' }, {}, paced);
        case 'delete':
          return this.#delete(id, {}, paced);
      }
    };
    try {
      return await runBulk(ids, task, options);
    } finally {
      this.cache.invalidate(queryKeys.lists()).catch(ignore);
    }
  }

  /** Whether this client deleted the integration: a view that now reads `not_found` can say why. */
  wasDeleted(id: string): boolean {
    return this.#deleted.has(id);
  }

  /** Puts a server copy of an integration into every cache entry that holds it. */
  storeIntegration(integration: Integration): void {
    this.cache.set(queryKeys.integration(integration.id), integration);
    this.cache.setAll(queryKeys.lists(), (data) => editItems(data, (item) => (item.id === integration.id ? integration : undefined)));
  }

  /** The freshest copy the cache holds, from the detail entry or any list. */
  cachedIntegration(id: string): Integration | undefined {
    const detail = this.cache.get<Integration>(queryKeys.integration(id));
    if (detail) return detail;
    for (const [, data] of this.cache.entriesOf(queryKeys.lists())) {
      for (const page of pagesOf(data)) {
        const found = page.items.find((item) => item.id === id);
        if (found) return found;
      }
    }
    return undefined;
  }

  /** Every integration the cache currently knows, once each (the refresh scheduler watches these). */
  cachedIntegrations(): Integration[] {
    const byId = new Map<string, Integration>();
    for (const [, data] of this.cache.entriesOf(queryKeys.lists())) {
      for (const page of pagesOf(data)) for (const item of page.items) byId.set(item.id, item);
    }
    for (const [, item] of this.cache.entriesOf<Integration>(['integrations', 'detail'])) {
      if (item) byId.set(item.id, item);
    }
    return [...byId.values()];
  }

  /**
   * Marks everything about one integration (or all, without an id) stale and refetches what is
   * watched. Rejects when a refetch fails, so "Load the latest version" knows whether it did.
   */
  invalidate(id?: string): Promise<void> {
    if (id === undefined) return this.cache.invalidate(['integrations']);
    return Promise.all([
      this.cache.invalidate(queryKeys.integration(id)),
      this.cache.invalidate(queryKeys.tokenHealth(id)),
      this.cache.invalidate(queryKeys.lists()),
    ]).then(() => undefined);
  }

  destroy(): void {
    this.#live?.destroy();
    this.#stopFollowingLanguage?.();
    this.tokens.stop();
    this.cache.destroy();
  }
}

export function createClient(options: IntegrationsClientOptions): IntegrationsClient {
  return new IntegrationsClient(options);
}
