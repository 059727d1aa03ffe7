import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { QueryObserver, type QueryKey } from '@tanstack/query-core';
import type { IntegrationsClient, QueryOptions, QueryState } from '../core/client.js';

/**
 * Connects an element to one query of the shared cache (the seed's `useQuery`). The element
 * re-renders on every state change; the observer follows the element's client and options, and
 * stops when the element leaves the page so hidden elements cost nothing.
 */
export class QueryController<T> implements ReactiveController {
  /** The latest state; `undefined` until a client is known. */
  state: QueryState<T> | undefined;
  private observer: QueryObserver<T, Error, T, T, QueryKey> | undefined;
  private observedClient: IntegrationsClient | undefined;
  private unsubscribe: (() => void) | undefined;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly options: (client: IntegrationsClient) => QueryOptions<T> | undefined,
    private readonly client: () => IntegrationsClient | undefined,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    this.sync();
  }

  hostUpdate(): void {
    this.sync();
  }

  hostDisconnected(): void {
    this.stop();
  }

  /** Refetches now, e.g. from an error state's Retry button. */
  refetch(): Promise<unknown> {
    return this.observer?.refetch() ?? Promise.resolve();
  }

  private sync(): void {
    const client = this.client();
    const options = client ? this.options(client) : undefined;
    if (!client || !options) return this.stop();
    if (client !== this.observedClient || !this.observer) {
      this.stop();
      this.observedClient = client;
      this.observer = new QueryObserver<T, Error, T, T, QueryKey>(client.queryClient, options);
      this.unsubscribe = this.observer.subscribe((state) => {
        this.state = state;
        this.host.requestUpdate();
      });
      this.state = this.observer.getCurrentResult();
    } else {
      this.observer.setOptions(options);
      this.state = this.observer.getCurrentResult();
    }
  }

  private stop(): void {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    this.observer = undefined;
    this.observedClient = undefined;
    this.state = undefined;
  }
}
