/** Helpers for tests of the live event stream: an owner whose API offers it, and clients that follow it. */
import {
  createClient,
  INTEGRATION_ACTIONS,
  type IntegrationsClient,
  type IntegrationsClientOptions,
  type Me,
} from '../../src/core/index.js';
import { untilTrue } from './fake-server.js';

export const BASE = 'https://api.example.com/api';

export const LIVE_OWNER: Me = {
  tenant: { id: 'tenant-a' },
  user: { id: 'user-1' },
  role: 'owner',
  permissions: [...INTEGRATION_ACTIONS],
  features: { events: true, serverRefresh: false },
};

const made: IntegrationsClient[] = [];

/** A client of `server` that follows its stream; `destroyLiveClients()` ends them all. */
export function liveClient(server: { fetch: typeof fetch }, options: Partial<IntegrationsClientOptions> = {}): IntegrationsClient {
  const client = createClient({
    apiBaseUrl: BASE,
    fetch: server.fetch,
    autoRefresh: false,
    refetchIntervalMs: 0,
    retry: { attempts: 1 },
    getAccessToken: () => 'token-1',
    ...options,
  });
  made.push(client);
  return client;
}

export function destroyLiveClients(): void {
  for (const client of made.splice(0)) client.destroy();
}

export const streamOpen = (client: IntegrationsClient) => untilTrue(() => client.liveState === 'open', 'the stream is open');
