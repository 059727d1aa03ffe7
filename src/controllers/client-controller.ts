import { ContextConsumer } from '@lit/context';
import type { ReactiveController, ReactiveElement } from 'lit';
import type { IntegrationsClient } from '../core/client.js';
import { getDefaultClient, onDefaultClientChange } from '../core/default-client.js';
import { clientContext, ensureContextRoot } from '../context.js';

type ClientHost = ReactiveElement & { client?: IntegrationsClient | undefined };

/**
 * Finds the element's client: its own `client` property if set (the most specific choice), else
 * the nearest `<integrations-provider>` through @lit/context, else the page default from
 * `configure()`. Re-renders the host when any of them changes.
 */
export class ClientController implements ReactiveController {
  #contextClient: IntegrationsClient | undefined;
  #stopDefault: (() => void) | undefined;

  constructor(private readonly host: ClientHost) {
    ensureContextRoot();
    new ContextConsumer(host, {
      context: clientContext,
      subscribe: true,
      callback: (client) => {
        this.#contextClient = client;
        host.requestUpdate();
      },
    });
    host.addController(this);
  }

  get client(): IntegrationsClient | undefined {
    return this.host.client ?? this.#contextClient ?? getDefaultClient();
  }

  hostConnected(): void {
    this.#stopDefault = onDefaultClientChange(() => this.host.requestUpdate());
  }

  hostDisconnected(): void {
    this.#stopDefault?.();
    this.#stopDefault = undefined;
  }
}
