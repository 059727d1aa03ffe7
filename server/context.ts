/** What every route needs, built once at start-up (start-server.ts) and passed down. */
import type { Principal, TokenService } from './auth/tokens.js';
import type { Catalogue } from './catalogue.js';
import type { ServerConfig } from './config.js';
import type { TokenCipher } from './crypto.js';
import type { Database } from './db/database.js';
import type { LiveEvents } from './events/start.js';
import type { Logger } from './logger.js';
import type { ProviderClient } from './oauth/provider-client.js';

export interface AppDeps {
  config: ServerConfig;
  db: Database;
  cipher: TokenCipher;
  catalogue: Catalogue;
  /** The OAuth client of each catalogue provider, by provider id. */
  providerClients: ReadonlyMap<string, ProviderClient>;
  tokens: TokenService;
  logger: Logger;
  /** Exact redirect URIs an OAuth flow may use. */
  allowedRedirectUris: ReadonlySet<string>;
  /** The event stream's hub and tuning (server/events/). */
  events: LiveEvents;
}

/** Hono's per-request variables. */
export interface AppEnv {
  Variables: {
    requestId: string;
    principal: Principal;
  };
}
