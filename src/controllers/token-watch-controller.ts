import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { IntegrationsClient } from '../core/client.js';

/**
 * Re-renders the host when the client's refresh scheduler changes the token state of the
 * integration the host shows (a refresh starts, ends or fails): things the cache alone does not
 * tell. It listens to that one integration only, so a thousand badges do not each hear about
 * every other. Follows the host's client and integration as they change; stops when the host
 * leaves the page.
 */
export class TokenWatchController implements ReactiveController {
  #watchedClient: IntegrationsClient | undefined;
  #watchedId: string | undefined;
  #unsubscribe: (() => void) | undefined;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly client: () => IntegrationsClient | undefined,
    private readonly integrationId: () => string | undefined,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    this.hostUpdate();
  }

  hostUpdate(): void {
    const client = this.client();
    const id = this.integrationId() || undefined;
    if (client === this.#watchedClient && id === this.#watchedId) return;
    this.#stop();
    this.#watchedClient = client;
    this.#watchedId = id;
    if (client && id) this.#unsubscribe = client.tokens.watch(id, () => this.host.requestUpdate());
  }

  hostDisconnected(): void {
    this.#stop();
  }

  #stop(): void {
    this.#unsubscribe?.();
    this.#unsubscribe = undefined;
    this.#watchedClient = undefined;
    this.#watchedId = undefined;
  }
}
