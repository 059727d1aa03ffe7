/** `@mwap/integrations/core`: the framework-free client core. No Lit, no custom elements. */
export { IntegrationsClient, createClient, queryKeys } from './client.js';
export type {
  ActivityPagesOptions,
  ActivityPagesState,
  BulkAction,
  IntegrationPages,
  IntegrationsClientOptions,
  PagesOptions,
  PagesState,
  QueryKey,
  QueryOptions,
  QueryState,
} from './client.js';
export { hashKey, QueryCache } from './cache.js';
export type { Pages, QueryCacheOptions } from './cache.js';
export { INTEGRATION_ACTIONS, permissionsFrom } from './permissions.js';
export type { DenialReason, IntegrationAction, Me, Permissions } from './permissions.js';
export { runBulk } from './bulk.js';
export type { BulkItemResult, BulkOptions } from './bulk.js';
export { configure, getDefaultClient, onDefaultClientChange, setDefaultClient } from './default-client.js';
export { IntegrationsApi } from './api.js';
export type { ActivityQuery, CreateOptions, RefreshOptions, RefreshTrigger, UpdateOptions } from './api.js';
// The stream's reader is the client's, loaded when /me offers a stream (live-sync.ts).
export type { LiveEventsOptions, LiveState } from './live.js';
export type { LiveStatusListener } from './live-sync.js';
export type { AccessTokenContext, ClientConfig, GetAccessToken, ResolvedConfig, RetryPolicy } from './config.js';
export { isLoopbackHost } from './config.js';
export { currentLanguage, onLanguageChange, setLanguage } from './language.js';
export type { RequestOptions } from './http.js';
export { parseRetryAfter, statusToCode } from './http.js';
export { ERROR_CODES, IntegrationError, isIntegrationError } from './errors.js';
export type { FieldErrors, IntegrationErrorCode, NetworkReason, Recovery } from './errors.js';
export type * from './types.js';
export { deriveTokenState, TokenScheduler } from './tokens.js';
export type { TokenSchedulerOptions, TokenSource, TokenState, TokenStateListener } from './tokens.js';
export type { ConnectOptions } from './oauth/popup.js';
export { computeCodeChallenge, generateCodeVerifier, generatePKCEChallenge, PKCE_UNRESERVED } from './oauth/pkce.js';
export type { PKCEChallenge } from './oauth/pkce.js';
export { createOAuthState, OAuthStateStore, STATE_MAX_AGE_MS, validateOAuthState } from './oauth/state.js';
export type { OAuthStateRecord, OAuthStateStoreOptions } from './oauth/state.js';
// handleOAuthCallback is not here: it runs on the redirect page, never in the app, so it has its
// own entry (`@mwap/integrations/callback`) and app bundles do not carry it.
