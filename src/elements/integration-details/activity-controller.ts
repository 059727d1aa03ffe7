import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { PagesWatcher } from '../../core/cache.js';
import type { ActivityPagesState, IntegrationsClient } from '../../core/client.js';
import type { Activity, Page } from '../../core/types.js';

/**
 * The activity of one integration from the shared cache, a page at a time: follows the host's
 * client and integration, re-renders on each change (live events put new entries first), and
 * stops watching when the host leaves the page.
 * @internal
 */
export class ActivityController implements ReactiveController {
  state: ActivityPagesState | undefined;
  #watcher: PagesWatcher<Page<Activity>, string | null> | undefined;
  #unsubscribe: (() => void) | undefined;
  #for: { client: IntegrationsClient; id: string } | undefined;
  #items: { data: ActivityPagesState['data']; items: Activity[] } = { data: undefined, items: [] };

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly target: () => { client: IntegrationsClient; id: string } | undefined,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    this.#sync();
  }

  hostUpdate(): void {
    this.#sync();
  }

  hostDisconnected(): void {
    this.#stop();
  }

  /** Every loaded entry, newest first. */
  get items(): Activity[] {
    const data = this.state?.data;
    if (data !== this.#items.data) this.#items = { data, items: data?.pages.flatMap((page) => page.items) ?? [] };
    return this.#items.items;
  }

  fetchNextPage(): Promise<void> {
    return this.#watcher?.fetchNextPage() ?? Promise.resolve();
  }

  refetch(): Promise<void> {
    return this.#watcher?.refetch().catch(() => undefined) ?? Promise.resolve();
  }

  #sync(): void {
    const target = this.target();
    if (!target) return this.#stop();
    if (this.#for?.client === target.client && this.#for.id === target.id) return;
    this.#stop();
    this.#for = target;
    this.#watcher = target.client.cache.watchPages(target.client.activity(target.id));
    this.#unsubscribe = this.#watcher.subscribe((state) => {
      this.state = state;
      this.host.requestUpdate();
    });
    this.state = this.#watcher.getCurrentResult();
  }

  #stop(): void {
    this.#unsubscribe?.();
    this.#unsubscribe = this.#watcher = this.#for = this.state = undefined;
  }
}
