/**
 * IntegrationsClient: the one object elements and hosts talk to. It puts the shared query cache
 * (cache.ts: dedup, staleness, invalidation, background refetch on focus, reconnect and interval)
 * in front of the REST client and owns the writes, with optimistic updates that roll back when the
 * server says no.
 */
import { QueryCache, type Pages, type PagesOptions as CachePagesOptions, type PagesState as CachePagesState, type QueryKey, type QueryOptions, type QueryState } from './cache.js';
import { IntegrationsApi, type CreateOptions } from './api.js';
import { resolveConfig, type ClientConfig, type ResolvedConfig } from './config.js';
import type { RequestOptions } from './http.js';
import { OAuthStateStore } from './oauth/state.js';
import { PopupConnector, type ConnectOptions } from './oauth/popup.js';
import { TokenScheduler, type TokenSchedulerOptions } from './tokens.js';
import { runBulk, type BulkItemResult, type BulkOptions } from './bulk.js';

/** What the list's bulk actions do to each selected integration. */
export type BulkAction = 'refresh' | 'enable' | 'disable' | 'delete';
import type {
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
  providers: () => ['providers'] as const,
  lists: () => ['integrations', 'list'] as const,
  list: (query: IntegrationListQuery) => ['integrations', 'list', normaliseQuery(query)] as const,
  /** Cursor-paged list (infinite loading); under `lists()` so list invalidation covers it. */
  pages: (query: IntegrationListQuery) => ['integrations', 'list', 'pages', normaliseQuery(query)] as const,
  integration: (id: string) => ['integrations', 'detail', id] as const,
  tokenHealth: (id: string) => ['integrations', 'health', id] as const,
  usage: (id: string, range: UsageRange) => ['integrations', 'usage', id, range] as const,
};

/** Drops empty filters so `{q: ''}` and `{}` share one cache entry. */
function normaliseQuery(query: IntegrationListQuery): IntegrationListQuery {
  return Object.fromEntries(
    Object.entries(query).filter(([, value]) => value !== undefined && value !== null && value !== ''),
  ) as IntegrationListQuery;
}

export type { QueryKey, QueryOptions, QueryState };
export type IntegrationPages = Pages<Page<Integration>, string | null>;
export type PagesOptions = CachePagesOptions<Page<Integration>, string | null>;
export type PagesState = CachePagesState<Page<Integration>, string | null>;

/** A cached list is a Page or, for infinite loading, pages of them: apply `edit` to each page. */
function editPages(data: unknown, edit: (page: Page<Integration>) => Page<Integration>): unknown {
  if (!data || typeof data !== 'object') return data;
  if ('pages' in data) {
    const infinite = data as IntegrationPages;
    const pages = infinite.pages.map(edit);
    return pages.every((page, i) => page === infinite.pages[i]) ? data : { ...infinite, pages };
  }
  return 'items' in data ? edit(data as Page<Integration>) : data;
}

function pagesOf(data: unknown): Array<Page<Integration>> {
  if (!data || typeof data !== 'object') return [];
  if ('pages' in data) return (data as IntegrationPages).pages;
  return 'items' in data ? [data as Page<Integration>] : [];
}

export interface IntegrationsClientOptions extends ClientConfig {
  /** Background refetch interval for watched queries while the page is visible. Default 60 s; 0 turns it off. */
  refetchIntervalMs?: number | undefined;
  /** Refresh provider tokens before they expire. Default true. */
  autoRefresh?: boolean | undefined;
  /** Timing of the refresh scheduler. */
  tokenRefresh?: TokenSchedulerOptions | undefined;
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

  constructor(options: IntegrationsClientOptions) {
    this.config = resolveConfig(options);
    this.api = new IntegrationsApi(this.config);
    this.#refetchIntervalMs = options.refetchIntervalMs ?? 60_000;
    // Retries happen once, in the HTTP layer, where Retry-After is known; the cache never retries.
    this.cache = new QueryCache({ staleTime: this.config.staleTimeMs });
    this.#popup = new PopupConnector({
      api: this.api,
      states: this.oauthStates,
      redirectUri: this.config.redirectUri,
      onConnected: (integration) => {
        // Explicitly: a popup never hides its opener, so focus-based refetching would not notice.
        this.storeIntegration(integration);
        void this.invalidate(integration.id);
      },
    });
    this.tokens = new TokenScheduler(
      {
        scope: this.config.apiBaseUrl.href,
        integrations: () => this.cachedIntegrations(),
        subscribe: (onChange) => this.cache.subscribe(onChange),
        refresh: (id) => this.api.refreshToken(id),
        load: (id) => this.api.getIntegration(id),
        health: (id) => this.cache.fetch({ ...this.queries.tokenHealth(id), staleTime: 0 }),
        store: (integration) => {
          this.storeIntegration(integration);
          // The token report (last refresh, history) changed with it.
          void this.cache.invalidate(queryKeys.tokenHealth(integration.id));
        },
      },
      options.tokenRefresh,
    );
    if (options.autoRefresh !== false && typeof document !== 'undefined') this.tokens.start();
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
    providers: (): QueryOptions<CloudProvider[]> => ({
      queryKey: queryKeys.providers(),
      queryFn: ({ signal }) => this.api.listProviders({ signal }),
      staleTime: 5 * 60_000,
    }),
    list: (query: IntegrationListQuery = {}): QueryOptions<Page<Integration>> => ({
      queryKey: queryKeys.list(query),
      queryFn: ({ signal }) => this.api.listIntegrations(normaliseQuery(query), { signal }),
      ...this.#backgroundRefetch(),
    }),
    /** The list by cursor, a page at a time (infinite loading). */
    pages: (query: IntegrationListQuery = {}, pageSize = 50): PagesOptions => ({
      queryKey: queryKeys.pages(query),
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
  };

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
    await this.cache.invalidate(queryKeys.lists());
    return created;
  }

  /**
   * Applies `patch` to every cached copy at once, sends it with the cached ETag, and puts every
   * copy back as it was if the server refuses (a 412 stale write included).
   */
  async updateIntegration(id: string, patch: IntegrationUpdateRequest, options: RequestOptions = {}): Promise<Integration> {
    const current = this.cachedIntegration(id);
    return this.#optimistically(
      id,
      (integration) => ({ ...integration, ...patch, settings: patch.settings ?? integration.settings } as Integration),
      () => this.api.updateIntegration(id, patch, { ...options, etag: current?.etag }),
    );
  }

  /** Removes the integration from every cached list at once; restores it if the delete fails. */
  async deleteIntegration(id: string, options: RequestOptions = {}): Promise<void> {
    const snapshot = this.#snapshot(id);
    this.cache.setAll(queryKeys.lists(), (data) =>
      editPages(data, (page) =>
        page.items.some((item) => item.id === id)
          ? { ...page, items: page.items.filter((item) => item.id !== id), total: Math.max(0, page.total - 1) }
          : page,
      ),
    );
    try {
      await this.api.deleteIntegration(id, options);
      this.cache.remove(queryKeys.integration(id));
      this.cache.remove(queryKeys.tokenHealth(id));
    } catch (error) {
      this.#restore(snapshot);
      throw error;
    } finally {
      void this.cache.invalidate(queryKeys.lists());
    }
  }

  async testConnection(id: string, options: RequestOptions = {}): Promise<ConnectionTestResult> {
    const result = await this.api.testConnection(id, options);
    // A test updates lastHealthCheck (and maybe status) server-side: every copy, lists included.
    void this.invalidate(id);
    return result;
  }

  /**
   * Applies one action to many integrations, a few at a time, with a result per item. Each item
   * goes through the same path as its single-item method (optimistic updates, token scheduler).
   */
  bulk(action: BulkAction, ids: readonly string[], options: BulkOptions<Integration | void> = {}): Promise<Array<BulkItemResult<Integration | void>>> {
    const task = (id: string): Promise<Integration | void> => {
      switch (action) {
        case 'refresh':
          return this.refreshToken(id);
        case 'enable':
          return this.updateIntegration(id, { status: 'active' });
        case 'disable':
          return this.updateIntegration(id, { status: 'disabled' });
        case 'delete':
          return this.deleteIntegration(id);
      }
    };
    return runBulk(ids, task, options);
  }

  /** Puts a server copy of an integration into every cache entry that holds it. */
  storeIntegration(integration: Integration): void {
    this.cache.set(queryKeys.integration(integration.id), integration);
    this.#replaceInLists(integration.id, () => integration);
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

  /** Marks everything about one integration (or all, without an id) stale and refetches what is watched. */
  invalidate(id?: string): Promise<void> {
    if (id === undefined) return this.cache.invalidate(['integrations']);
    return Promise.all([
      this.cache.invalidate(queryKeys.integration(id)),
      this.cache.invalidate(queryKeys.tokenHealth(id)),
      this.cache.invalidate(queryKeys.lists()),
    ]).then(() => undefined);
  }

  destroy(): void {
    this.tokens.stop();
    this.cache.destroy();
  }

  // --- optimistic update machinery ------------------------------------------------------------

  async #optimistically(
    id: string,
    apply: (integration: Integration) => Integration,
    send: () => Promise<Integration>,
  ): Promise<Integration> {
    this.cache.cancel(queryKeys.integration(id));
    const snapshot = this.#snapshot(id);
    const detail = this.cache.get<Integration>(queryKeys.integration(id));
    if (detail) this.cache.set(queryKeys.integration(id), apply(detail));
    this.#replaceInLists(id, apply);
    try {
      const saved = await send();
      this.storeIntegration(saved);
      return saved;
    } catch (error) {
      this.#restore(snapshot);
      throw error;
    } finally {
      void this.cache.invalidate(queryKeys.lists());
    }
  }

  #replaceInLists(id: string, replace: (integration: Integration) => Integration): void {
    this.cache.setAll(queryKeys.lists(), (data) =>
      editPages(data, (page) =>
        page.items.some((item) => item.id === id)
          ? { ...page, items: page.items.map((item) => (item.id === id ? replace(item) : item)) }
          : page,
      ),
    );
  }

  #snapshot(id: string): Array<[QueryKey, unknown]> {
    return [
      ...this.cache.entriesOf(queryKeys.lists()),
      [queryKeys.integration(id), this.cache.get(queryKeys.integration(id))],
    ];
  }

  #restore(snapshot: Array<[QueryKey, unknown]>): void {
    for (const [key, data] of snapshot) this.cache.set(key, data);
  }
}

export function createClient(options: IntegrationsClientOptions): IntegrationsClient {
  return new IntegrationsClient(options);
}
