import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { PagesOptions, PagesState, PagesWatcher, QueryWatcher } from '../core/cache.js';
import type { IntegrationsClient, QueryOptions, QueryState } from '../core/client.js';
import type { Integration, Page } from '../core/types.js';

interface Watcher<TState, TOptions> {
  subscribe(listener: (state: TState) => void): () => void;
  getCurrentResult(): TState;
  setOptions(options: TOptions): void;
  refetch(): Promise<unknown>;
}

/**
 * Connects an element to the shared cache through a watcher (as React Query's `useQuery` does). The element
 * re-renders on every state change; the watcher follows the element's client and options, and
 * stops when the element leaves the page so hidden elements cost nothing.
 */
abstract class ObserverController<TState, TOptions, TObserver extends Watcher<TState, TOptions>> implements ReactiveController {
  /** The latest state; `undefined` until a client and options are known. */
  state: TState | undefined;
  protected observer: TObserver | undefined;
  #observedClient: IntegrationsClient | undefined;
  #unsubscribe: (() => void) | undefined;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly options: (client: IntegrationsClient) => TOptions | undefined,
    private readonly client: () => IntegrationsClient | undefined,
  ) {
    host.addController(this);
  }

  protected abstract createObserver(client: IntegrationsClient, options: TOptions): TObserver;

  hostConnected(): void {
    this.#sync();
  }

  hostUpdate(): void {
    this.#sync();
  }

  hostDisconnected(): void {
    this.#stop();
  }

  /** Refetches now, e.g. from an error state's Retry button; a failure shows in `state`. */
  refetch(): Promise<unknown> {
    return this.observer?.refetch().catch(() => undefined) ?? Promise.resolve();
  }

  #sync(): void {
    const client = this.client();
    const options = client ? this.options(client) : undefined;
    if (!client || !options) return this.#stop();
    if (client !== this.#observedClient || !this.observer) {
      this.#stop();
      this.#observedClient = client;
      this.observer = this.createObserver(client, options);
      this.#unsubscribe = this.observer.subscribe((state) => {
        this.state = state;
        this.host.requestUpdate();
      });
    } else {
      this.observer.setOptions(options);
    }
    this.state = this.observer.getCurrentResult();
  }

  #stop(): void {
    this.#unsubscribe?.();
    this.#unsubscribe = undefined;
    this.observer = undefined;
    this.#observedClient = undefined;
    this.state = undefined;
  }
}

/** One query: an integration, the provider list, a health report … */
export class QueryController<T> extends ObserverController<QueryState<T>, QueryOptions<T>, QueryWatcher<T>> {
  protected createObserver(client: IntegrationsClient, options: QueryOptions<T>) {
    return client.cache.watch(options);
  }
}

/**
 * A list by cursor, loaded a page at a time (as React Query's `useInfiniteQuery` does): the
 * integrations, or one integration's activity.
 */
export class PagesController<T = Integration> extends ObserverController<
  PagesState<Page<T>, string | null>,
  PagesOptions<Page<T>, string | null>,
  PagesWatcher<Page<T>, string | null>
> {
  protected createObserver(client: IntegrationsClient, options: PagesOptions<Page<T>, string | null>) {
    return client.cache.watchPages(options);
  }

  /** Loads the next page, or joins the one loading; resolves at once when there is none. */
  fetchNextPage(): Promise<unknown> {
    if (!this.observer || !this.state?.hasNextPage) return Promise.resolve();
    return this.observer.fetchNextPage();
  }

  #flattened: { data: PagesState<Page<T>, string | null>['data']; items: T[] } = { data: undefined, items: [] };

  /** Every loaded item, in order (recomputed only when the pages change). */
  get items(): T[] {
    const data = this.state?.data;
    if (data !== this.#flattened.data) this.#flattened = { data, items: data?.pages.flatMap((page) => page.items) ?? [] };
    return this.#flattened.items;
  }

  /** The server's count of everything matching (from the first page). */
  get total(): number | undefined {
    return this.state?.data?.pages[0]?.total;
  }
}
