/**
 * The page's default client. `configure()` may run after elements have connected (a portal that
 * configures late), so elements subscribe to changes instead of reading it once.
 */
import { createClient, type IntegrationsClient, type IntegrationsClientOptions } from './client.js';

type Listener = (client: IntegrationsClient | undefined) => void;

// Shared through a global symbol so two bundled copies on one page agree on one default.
const STORE = Symbol.for('mwap.integrations.default-client');
interface Store {
  client: IntegrationsClient | undefined;
  listeners: Set<Listener>;
}
const store: Store = ((globalThis as Record<symbol, unknown>)[STORE] as Store | undefined) ?? {
  client: undefined,
  listeners: new Set<Listener>(),
};
(globalThis as Record<symbol, unknown>)[STORE] = store;

/** Creates the page's default client (replacing any earlier one) and returns it. */
export function configure(options: IntegrationsClientOptions): IntegrationsClient {
  const client = createClient(options);
  setDefaultClient(client);
  return client;
}

export function setDefaultClient(client: IntegrationsClient | undefined): void {
  const previous = store.client;
  store.client = client;
  if (previous && previous !== client) previous.destroy();
  for (const listener of store.listeners) listener(client);
}

export function getDefaultClient(): IntegrationsClient | undefined {
  return store.client;
}

/** Calls `listener` whenever the default client changes; returns the unsubscribe function. */
export function onDefaultClientChange(listener: Listener): () => void {
  store.listeners.add(listener);
  return () => store.listeners.delete(listener);
}
