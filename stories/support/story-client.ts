/**
 * Per-story wiring: each story gets its own mock API scope (stories/mocks/handlers.ts) and its own
 * real IntegrationsClient on it, handed to the story through an <integrations-provider>. Nothing
 * is shared between stories, so a docs page can show many states at once.
 */
import { createClient, type IntegrationsClient, type TokenSchedulerOptions } from '../../src/core/index.js';
import { mockApiBaseUrl, registerScenario, type MockApi, type Scenario } from '../mocks/handlers.js';

/** What a story may set under `parameters.mwap`. */
export interface MwapParameters {
  /** The mock API's behaviour for this story. */
  scenario?: Scenario;
  /** Let the client's refresh scheduler run (the "refreshing" and "refresh failed" states). */
  autoRefresh?: boolean;
  /** Refresh scheduler timing, e.g. a long lead time so an expiring token refreshes at once. */
  tokenRefresh?: TokenSchedulerOptions;
  /** The host forces read-only on the client (`readonly` config), whatever the caller's role allows. */
  readonly?: boolean;
}

export interface MwapLoaded {
  client: IntegrationsClient;
  api: MockApi;
}

const clients = new Map<string, IntegrationsClient>();

/**
 * Makes the story's client. `alone`: the story is the only one on the page (canvas view), so the
 * clients of stories shown before stop their timers and requests.
 */
export function clientForStory(storyId: string, parameters: MwapParameters = {}, alone = true): MwapLoaded {
  for (const [id, client] of clients) {
    if (alone || id === storyId) {
      client.destroy();
      clients.delete(id);
    }
  }
  const api = registerScenario(storyId, parameters.scenario);
  const client = createClient({
    apiBaseUrl: mockApiBaseUrl(storyId),
    redirectUri: new URL('mwap-oauth-callback.html', document.baseURI).href,
    // A hosted Storybook may be plain http on an intranet: the API is a mock, nothing is secret.
    allowInsecureHttp: true,
    // Error states show at once instead of after the retry backoff.
    retry: { attempts: 1 },
    refetchIntervalMs: 0,
    autoRefresh: parameters.autoRefresh ?? false,
    readonly: parameters.readonly ?? false,
    ...(parameters.tokenRefresh ? { tokenRefresh: parameters.tokenRefresh } : {}),
  });
  clients.set(storyId, client);
  return { client, api };
}
