import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { IntegrationsClient } from '../core/client.js';

/**
 * Re-renders the host when the client's refresh scheduler changes the token state of the
 * integration the host shows (a refresh starts, ends or fails): things the cache alone does not
 * tell. Follows the host's client as it changes; stops when the host leaves the page.
 */
export class TokenWatchController implements ReactiveController {
  #watchedClient: IntegrationsClient | undefined;
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
    if (client === this.#watchedClient) return;
    this.#stop();
    this.#watchedClient = client;
    this.#unsubscribe = client?.tokens.subscribe((id) => {
      if (id === this.integrationId()) this.host.requestUpdate();
    });
  }

  hostDisconnected(): void {
    this.#stop();
  }

  #stop(): void {
    this.#unsubscribe?.();
    this.#unsubscribe = undefined;
    this.#watchedClient = undefined;
  }
}
